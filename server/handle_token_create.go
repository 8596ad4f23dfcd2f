package server

import (
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

type tokenCreate struct {
	Name   string `json:"name"`
	Scope  string `json:"scope"`   // ingest (default) or full
	UserID int64  `json:"user_id"` // admins may make tokens for others; default you
}

// newTokenJSON shows the secret once; only its hash is kept.
type newTokenJSON struct {
	store.Token
	Secret string `json:"token"`
}

func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var req tokenCreate
	if err := readJSON(r, &req); err != nil {
		return err
	}
	p := principal(r)
	if p.Via == auth.ViaToken {
		return pushback.Errorf(pushback.EFORBIDDEN, "API tokens cannot make API tokens: sign in")
	}
	owner := p.User.ID
	if req.UserID != 0 && req.UserID != owner {
		if p.User.Role != store.RoleAdmin {
			return pushback.Errorf(pushback.EFORBIDDEN, "only admins may make tokens for other users")
		}
		if _, err := store.GetUser(r.Context(), s.DB, req.UserID); err != nil {
			return err
		}
		owner = req.UserID
	}
	if req.Scope == "" {
		req.Scope = store.ScopeIngest
	}
	secret, prefix, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	t, err := store.CreateToken(r.Context(), s.DB, store.Token{UserID: owner, Name: req.Name, Scope: req.Scope, Prefix: prefix, Hash: hash})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newTokenJSON{Token: t, Secret: secret})
	return nil
}
