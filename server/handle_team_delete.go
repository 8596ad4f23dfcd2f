package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTeamDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "team")
	if err != nil {
		return err
	}
	if err := store.DeleteTeam(r.Context(), s.DB, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
