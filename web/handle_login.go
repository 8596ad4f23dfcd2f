package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// loginPage is the sign-in form.
type loginPage struct {
	Username string
	Next     string
	Error    string
}

func (a *App) handleLoginForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	next := localPath(r.URL.Query().Get("next"), "/calls")
	if p != nil {
		redirect(w, r, next)
		return nil
	}
	if n, err := store.CountUsers(r.Context(), a.db); err != nil {
		return err
	} else if n == 0 {
		redirect(w, r, "/setup")
		return nil
	}
	a.render(w, r, http.StatusOK, "login", view{Title: "Sign in", D: loginPage{Next: next}})
	return nil
}

// handleLogin signs in from the form; a wrong password shows the form
// again with the error, under the same rate limit as the API.
func (a *App) handleLogin(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	if err := r.ParseForm(); err != nil {
		return pushback.Errorf(pushback.EINVALID, "form: %v", err)
	}
	form := loginPage{Username: strings.TrimSpace(r.PostForm.Get("username")), Next: localPath(r.PostForm.Get("next"), "/calls")}
	password := r.PostForm.Get("password")
	status := http.StatusBadRequest
	if form.Username == "" || password == "" {
		form.Error = "Enter your username and password."
	} else {
		_, err := a.auth.Login(r.Context(), w, r, form.Username, password)
		if err == nil {
			redirect(w, r, form.Next)
			return nil
		}
		var limited *auth.RateLimitError
		switch {
		case errors.As(err, &limited):
			w.Header().Set("Retry-After", strconv.Itoa(limited.Seconds()))
			status, form.Error = http.StatusTooManyRequests, "Too many failed sign-ins: try again in "+plural(limited.Seconds(), "second", "seconds")+"."
		case pushback.ErrorCode(err) == pushback.EUNAUTHORIZED:
			status, form.Error = http.StatusUnauthorized, "Wrong username or password."
		default:
			return err
		}
	}
	a.render(w, r, status, "login", view{Title: "Sign in", D: form})
	return nil
}

func (a *App) handleLogout(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	if err := a.auth.EndSession(r.Context(), w, r); err != nil {
		return err
	}
	redirect(w, r, "/login?done=signedout")
	return nil
}
