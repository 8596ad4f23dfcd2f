package server

import (
	"net/http"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionJSON is who is signed in and the token their forms must send back.
type sessionJSON struct {
	User      store.User `json:"user"`
	CSRFToken string     `json:"csrf_token,omitempty"`
	Via       string     `json:"via"`
}

// handleLogin signs in with a JSON body or a browser form.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			return pushback.Errorf(pushback.EINVALID, "form: %v", err)
		}
		req.Username, req.Password = r.PostForm.Get("username"), r.PostForm.Get("password")
	} else if err := readJSON(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Username) == "" || req.Password == "" {
		return pushback.Errorf(pushback.EINVALID, "username and password required")
	}
	p, err := s.Auth.Login(r.Context(), w, r, req.Username, req.Password)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessionJSON{User: p.User, CSRFToken: p.CSRFToken(), Via: auth.ViaSession})
	return nil
}
