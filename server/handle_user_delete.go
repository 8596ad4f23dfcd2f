package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleUserDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	ctx := r.Context()
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		u, err := store.GetUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := keepAnAdmin(ctx, tx, u); err != nil {
			return err
		}
		return store.DeleteUser(ctx, tx, id)
	})
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
