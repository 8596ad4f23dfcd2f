package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) error {
	users, err := store.ListUsers(r.Context(), s.DB, principal(r).Scope())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.User]{Items: users})
	return nil
}
