package server

import (
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

type userUpdate struct {
	Name            *string     `json:"name"`
	Role            *store.Role `json:"role"`
	Password        *string     `json:"password"`
	CurrentPassword string      `json:"current_password"` // needed to change your own password
	TeamIDs         *[]int64    `json:"team_ids"`
}

// handleUserUpdate lets admins change anyone, and users their own name and
// password. A password change signs the user out everywhere; when it is
// your own, you get a new session (fetch /api/v1/me for its CSRF token).
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var req userUpdate
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	p := principal(r)
	target, err := visibleUser(ctx, s.DB, p.Scope(), id)
	if err != nil {
		return err
	}
	isAdmin, self := p.User.Role == store.RoleAdmin, p.User.ID == id
	if !isAdmin {
		if !self {
			return pushback.Errorf(pushback.EFORBIDDEN, "only admins may change other users")
		}
		if req.Role != nil || req.TeamIDs != nil {
			return pushback.Errorf(pushback.EFORBIDDEN, "only admins may change roles and teams")
		}
	}
	up := store.UserUpdate{Name: req.Name, Role: req.Role}
	if req.Password != nil {
		if self && !auth.CheckPassword(target.PasswordHash, req.CurrentPassword) {
			return pushback.Errorf(pushback.EFORBIDDEN, "current_password is wrong")
		}
		if err := auth.CheckPasswordRules(*req.Password); err != nil {
			return err
		}
		hash, err := auth.HashPassword(*req.Password)
		if err != nil {
			return err
		}
		up.PasswordHash = &hash
	}
	var u store.User
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if req.Role != nil && *req.Role != store.RoleAdmin {
			if err := keepAnAdmin(ctx, tx, target); err != nil {
				return err
			}
		}
		var err error
		if u, err = store.UpdateUser(ctx, tx, id, up); err != nil {
			return err
		}
		if req.TeamIDs != nil {
			if err := setUserTeams(ctx, tx, u, *req.TeamIDs); err != nil {
				return err
			}
		}
		if up.PasswordHash != nil {
			if err := store.DeleteUserSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		u, err = store.GetUser(ctx, tx, id)
		return err
	})
	if err != nil {
		return err
	}
	if up.PasswordHash != nil && self && p.Via == auth.ViaSession {
		if _, err := s.Auth.StartSession(ctx, w, r, u); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}
