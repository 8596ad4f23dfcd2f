package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleRepList(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	team := q.id("team")
	if q.err != nil {
		return q.err
	}
	var teamID *int64
	if team != 0 {
		teamID = &team
	}
	reps, err := store.ListReps(r.Context(), s.DB, principal(r).Scope(), teamID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.RepSummary]{Items: reps})
	return nil
}
