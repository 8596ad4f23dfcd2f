package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

// repWithHistory is a rep, their totals and their scores call by call.
type repWithHistory struct {
	store.RepSummary
	History []store.ScorePoint `json:"history"`
}

func (s *Server) handleRepGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "rep")
	if err != nil {
		return err
	}
	q := query{r: r}
	from, to := q.time("from"), q.time("to")
	if q.err != nil {
		return q.err
	}
	rep, err := store.GetRep(r.Context(), s.DB, principal(r).Scope(), id)
	if err != nil {
		return err
	}
	hist, err := store.RepHistory(r.Context(), s.DB, id, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, repWithHistory{RepSummary: rep, History: hist})
	return nil
}
