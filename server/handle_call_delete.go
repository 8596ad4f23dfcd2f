package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleCallDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call")
	if err != nil {
		return err
	}
	if err := store.DeleteCall(r.Context(), s.DB, principal(r).Scope(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
