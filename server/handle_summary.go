package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleSummary(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	f := store.SummaryFilter{TeamID: q.id("team"), From: q.time("from"), To: q.time("to")}
	if q.err != nil {
		return q.err
	}
	sum, err := store.Summarize(r.Context(), s.DB, principal(r).Scope(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}
