package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTeamGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "team")
	if err != nil {
		return err
	}
	t, err := store.GetTeam(r.Context(), s.DB, principal(r).Scope(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
