package web

import (
	"net/http"
	"net/url"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// route is one page or form target: who may use it and its handler.
type route struct {
	pattern string
	access  access
	handle  func(a *App, w http.ResponseWriter, r *http.Request, p *auth.Principal) error
}

// access is who may use a route.
type access int

const (
	anyone   access = iota // signed in or not (p may be nil)
	signedIn               // any signed-in user; others are sent to the sign-in page
	managers               // admins and managers
	admins                 // admins only
)

// routes is the web app. Changes are POST forms (the server's CSRF check
// guards them); everything else is GET.
func routes() []route {
	return []route{
		{"GET /{$}", anyone, (*App).handleHome},
		{"GET /setup", anyone, (*App).handleSetupForm},
		{"POST /setup", anyone, (*App).handleSetup},
		{"GET /login", anyone, (*App).handleLoginForm},
		{"POST /login", anyone, (*App).handleLogin},
		{"POST /logout", anyone, (*App).handleLogout},

		{"GET /calls", signedIn, (*App).handleCalls},
		{"GET /upload", signedIn, (*App).handleUploadForm},
		{"POST /upload", signedIn, (*App).handleUpload},
		{"GET /calls/{id}", signedIn, (*App).handleCall},
		{"POST /calls/{id}/comments", signedIn, (*App).handleComment},
		{"POST /calls/{id}/reviews", signedIn, (*App).handleReview},
		{"POST /calls/{id}/missed", signedIn, (*App).handleMissedAdd},
		{"POST /calls/{id}/missed/{mid}/delete", signedIn, (*App).handleMissedDelete},
		{"GET /labels", signedIn, (*App).handleLabels},
		{"GET /labels/export.zip", signedIn, (*App).handleLabelsExport},

		{"GET /dashboard", signedIn, (*App).handleDashboard},
		{"GET /reps/{id}", signedIn, (*App).handleRep},
		{"GET /team", managers, (*App).handleTeam},

		{"GET /playbook", signedIn, (*App).handlePlaybook},
		{"POST /playbook", admins, (*App).handlePlaybookSave},
		{"POST /playbook/check", signedIn, (*App).handlePlaybookCheck},

		{"GET /live", signedIn, (*App).handleLive},
		{"GET /practice", signedIn, (*App).handlePractice},
		{"GET /practice/{id}", signedIn, (*App).handlePracticeScenario},
		{"POST /practice/{id}", signedIn, (*App).handlePracticeReply},

		{"/", anyone, (*App).handleNotFound},
	}
}

// wrap applies a route's access rule, the page headers and error pages.
func (a *App) wrap(rt route) http.Handler {
	return a.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.FromContext(r.Context())
		if p != nil && p.IngestOnly() {
			a.fail(w, r, pushback.Errorf(pushback.EFORBIDDEN, "this API token may only upload calls"))
			return
		}
		if rt.access != anyone && p == nil {
			if r.Method == http.MethodGet {
				redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
				return
			}
			a.fail(w, r, pushback.Errorf(pushback.EUNAUTHORIZED, "your session has ended: sign in again"))
			return
		}
		switch {
		case rt.access == managers && p.User.Role == store.RoleRep:
			a.fail(w, r, pushback.Errorf(pushback.EFORBIDDEN, "this page is for managers and admins"))
			return
		case rt.access == admins && p.User.Role != store.RoleAdmin:
			a.fail(w, r, pushback.Errorf(pushback.EFORBIDDEN, "only admins may do this"))
			return
		}
		if err := rt.handle(a, w, r, p); err != nil {
			a.fail(w, r, err)
		}
	}))
}

// contentSecurityPolicy allows this site's own scripts, styles, images and
// WebSocket, nothing inline, no frames, and forms that post here only.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secure sets the headers of every web response; the server has set
// nosniff, no framing, the referrer policy and no-store already.
func (a *App) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

func (a *App) handleNotFound(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	return pushback.Errorf(pushback.ENOTFOUND, "no page %s", r.URL.Path)
}

// handleHome sends people where they start: setup on a new server, the
// sign-in page, or their calls.
func (a *App) handleHome(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	if p != nil {
		redirect(w, r, "/calls")
		return nil
	}
	n, err := store.CountUsers(r.Context(), a.db)
	if err != nil {
		return err
	}
	if n == 0 {
		redirect(w, r, "/setup")
		return nil
	}
	redirect(w, r, "/login")
	return nil
}
