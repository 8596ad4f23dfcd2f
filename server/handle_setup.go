package server

import (
	"crypto/subtle"
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

type setupRequest struct {
	Code     string `json:"code"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

// handleSetup creates the first admin. It works only while there are no
// users, and only with the setup code the server printed at start.
func (s *Server) handleSetup(w http.ResponseWriter, r *http.Request) error {
	var req setupRequest
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	if n, err := store.CountUsers(ctx, s.DB); err != nil {
		return err
	} else if n > 0 {
		return pushback.Errorf(pushback.ECONFLICT, "setup is done already: sign in, or ask an admin for an account")
	}
	if s.cfg.SetupCode == "" || subtle.ConstantTimeCompare([]byte(req.Code), []byte(s.cfg.SetupCode)) != 1 {
		return pushback.Errorf(pushback.EFORBIDDEN, "wrong setup code: use the one the server printed at start (or run pushback user add)")
	}
	if err := auth.CheckPasswordRules(req.Password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return err
	}
	var u store.User
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if n, err := store.CountUsers(ctx, tx); err != nil {
			return err
		} else if n > 0 {
			return pushback.Errorf(pushback.ECONFLICT, "setup is done already")
		}
		u, err = store.CreateUser(ctx, tx, store.NewUser{Username: req.Username, Name: req.Name, Role: store.RoleAdmin, PasswordHash: hash})
		return err
	})
	if err != nil {
		return err
	}
	sess, err := s.Auth.StartSession(ctx, w, r, u)
	if err != nil {
		return err
	}
	s.Logger.Info("first-run setup: admin created", "username", u.Username)
	writeJSON(w, http.StatusCreated, sessionJSON{User: u, CSRFToken: sess.CSRFToken, Via: auth.ViaSession})
	return nil
}
