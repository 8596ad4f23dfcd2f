package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

type setupStatusJSON struct {
	Needed bool `json:"needed"`
}

func (s *Server) handleSetupStatus(w http.ResponseWriter, r *http.Request) error {
	n, err := store.CountUsers(r.Context(), s.DB)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, setupStatusJSON{Needed: n == 0})
	return nil
}
