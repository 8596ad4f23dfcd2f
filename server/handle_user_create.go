package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

type userCreate struct {
	Username string     `json:"username"`
	Name     string     `json:"name"`
	Role     store.Role `json:"role"`
	Password string     `json:"password"` // optional: without one the user cannot sign in until it is set
	TeamIDs  []int64    `json:"team_ids"` // a rep's team, or the teams a manager manages
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	var req userCreate
	if err := readJSON(r, &req); err != nil {
		return err
	}
	hash := ""
	if req.Password != "" {
		if err := auth.CheckPasswordRules(req.Password); err != nil {
			return err
		}
		var err error
		if hash, err = auth.HashPassword(req.Password); err != nil {
			return err
		}
	}
	ctx := r.Context()
	var u store.User
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		u, err = store.CreateUser(ctx, tx, store.NewUser{Username: req.Username, Name: req.Name, Role: req.Role, PasswordHash: hash})
		if err != nil {
			return err
		}
		if err := setUserTeams(ctx, tx, u, req.TeamIDs); err != nil {
			return err
		}
		u, err = store.GetUser(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}
