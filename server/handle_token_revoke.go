package server

import (
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "token")
	if err != nil {
		return err
	}
	p := principal(r)
	t, err := store.GetToken(r.Context(), s.DB, id)
	if err != nil {
		return err
	}
	if t.UserID != p.User.ID && p.User.Role != store.RoleAdmin {
		return pushback.Errorf(pushback.ENOTFOUND, "no token %d", id)
	}
	if err := store.RevokeToken(r.Context(), s.DB, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
