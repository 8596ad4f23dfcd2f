package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTeamList(w http.ResponseWriter, r *http.Request) error {
	teams, err := store.ListTeams(r.Context(), s.DB, principal(r).Scope())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.Team]{Items: teams})
	return nil
}
