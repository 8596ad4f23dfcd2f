package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// setupPage is the first-run form: the setup code and the first admin.
type setupPage struct {
	Username, Name string
	Errors         map[string]string // by field
	MinPassword    int
}

// needsSetup reports whether the server has no users yet.
func (a *App) needsSetup(r *http.Request) (bool, error) {
	n, err := store.CountUsers(r.Context(), a.db)
	return n == 0, err
}

func (a *App) handleSetupForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	need, err := a.needsSetup(r)
	if err != nil {
		return err
	}
	if !need {
		redirect(w, r, "/login")
		return nil
	}
	a.render(w, r, http.StatusOK, "setup", view{Title: "Set up Pushback", D: setupPage{MinPassword: auth.MinPasswordLength}})
	return nil
}

// handleSetup creates the first admin, as POST /api/v1/setup does: only
// while there are no users, only with the setup code from the server's log.
func (a *App) handleSetup(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	if err := r.ParseForm(); err != nil {
		return pushback.Errorf(pushback.EINVALID, "form: %v", err)
	}
	f := r.PostForm
	page := setupPage{Username: strings.TrimSpace(f.Get("username")), Name: strings.TrimSpace(f.Get("name")),
		Errors: map[string]string{}, MinPassword: auth.MinPasswordLength}
	ctx := r.Context()
	need, err := a.needsSetup(r)
	if err != nil {
		return err
	}
	if !need {
		return pushback.Errorf(pushback.ECONFLICT, "setup is done already: sign in, or ask an admin for an account")
	}
	code := strings.TrimSpace(f.Get("code"))
	if a.cfg.SetupCode == "" || subtle.ConstantTimeCompare([]byte(code), []byte(a.cfg.SetupCode)) != 1 {
		page.Errors["code"] = "Wrong setup code: use the one the server printed when it started (or create the admin with pushback user add)."
	}
	if page.Username == "" {
		page.Errors["username"] = "Choose a username."
	}
	password := f.Get("password")
	if err := auth.CheckPasswordRules(password); err != nil {
		page.Errors["password"] = capitalise(pushback.ErrorMessage(err)) + "."
	} else if password != f.Get("password2") {
		page.Errors["password2"] = "The two passwords differ."
	}
	if len(page.Errors) > 0 {
		status := http.StatusBadRequest
		if page.Errors["code"] != "" {
			status = http.StatusForbidden
		}
		a.render(w, r, status, "setup", view{Title: "Set up Pushback", D: page})
		return nil
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	var u store.User
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if n, err := store.CountUsers(ctx, tx); err != nil {
			return err
		} else if n > 0 {
			return pushback.Errorf(pushback.ECONFLICT, "setup is done already")
		}
		u, err = store.CreateUser(ctx, tx, store.NewUser{Username: page.Username, Name: page.Name, Role: store.RoleAdmin, PasswordHash: hash})
		return err
	})
	if pushback.ErrorCode(err) == pushback.EINVALID {
		page.Errors["username"] = capitalise(pushback.ErrorMessage(err)) + "."
		a.render(w, r, http.StatusBadRequest, "setup", view{Title: "Set up Pushback", D: page})
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := a.auth.StartSession(ctx, w, r, u); err != nil {
		return err
	}
	a.log.Info("first-run setup: admin created in the browser", "username", u.Username)
	redirect(w, r, "/upload?done=setup")
	return nil
}

// capitalise upper-cases the first letter of an error message shown as a sentence.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
