package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleCallReanalyze(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call")
	if err != nil {
		return err
	}
	scope := principal(r).Scope()
	if _, err := store.GetCall(r.Context(), s.DB, scope, id); err != nil {
		return err
	}
	if _, err := s.Ingest.Reanalyze(r.Context(), []int64{id}); err != nil {
		return err
	}
	c, err := store.GetCall(r.Context(), s.DB, scope, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, c)
	return nil
}
