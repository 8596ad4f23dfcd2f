// Package web is the team server's browser app: sign-in and first-run
// setup, uploading calls, the calls list and the review of one call (its
// transcript as a timeline with the moments highlighted, comments, right or
// wrong detection feedback, labelled-call export), rep and team dashboards,
// the playbook editor, live coaching and practice.
//
// Pages are rendered on the server with html/template from embedded
// templates, so all text (transcripts included) is escaped. Styles and
// scripts are embedded files served under content-hashed names
// (/static/app.3f9a1c2b.css) with long cache lifetimes; the Content
// Security Policy allows no inline script or style and no other origin.
// Every page works without JavaScript except the live page; scripts only
// add drag-and-drop upload with progress, the live WebSocket client and
// small conveniences.
//
// The pages call the store and the ingest service directly and always with
// the signed-in user's store.Scope, so they show exactly what the API
// would. They are mounted on the API server (server.Server.Handle), behind
// its session sign-in and CSRF check: every form that changes something is
// a POST carrying the session's CSRF token.
package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
)

//go:embed templates
var templateFS embed.FS

// Config configures the web app.
type Config struct {
	// SetupCode is the first-run setup code the server printed (the same
	// as server.Config.SetupCode); the setup page asks for it.
	SetupCode string
	// SkipLive leaves /api/v1/live unmounted, for a caller that mounts the
	// live WebSocket itself.
	SkipLive bool
	Logger   *slog.Logger
}

// App is the web app mounted on a server.
type App struct {
	srv     *server.Server
	db      *store.DB
	svc     *ingest.Service
	auth    *auth.Authenticator
	log     *slog.Logger
	cfg     Config
	assets  *assets
	pages   map[string]*template.Template
	engines *engineCache
}

// Mount adds the web app's routes to the server: the pages at /, the
// static files under /static/ and, unless cfg.SkipLive, the live
// WebSocket at /api/v1/live.
func Mount(srv *server.Server, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = srv.Logger
	}
	a := &App{srv: srv, db: srv.DB, svc: srv.Ingest, auth: srv.Auth, log: cfg.Logger, cfg: cfg, engines: newEngineCache()}
	var err error
	if a.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if a.pages, err = a.parsePages(); err != nil {
		return nil, err
	}
	for _, rt := range routes() {
		srv.Handle(rt.pattern, a.wrap(rt))
	}
	srv.Handle("GET /static/{name}", a.secure(http.HandlerFunc(a.assets.serve)))
	if !cfg.SkipLive {
		srv.Handle("GET /api/v1/live", a.liveHandler())
	}
	return a, nil
}

// parsePages parses each page template with the layout and the shared parts.
func (a *App) parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("base").Funcs(a.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/parts_*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, err
		}
		key := strings.TrimSuffix(strings.TrimPrefix(n, "templates/page_"), ".html")
		pages[key] = t
	}
	return pages, nil
}

// view is what the layout renders around a page.
type view struct {
	Title   string
	Nav     string // the menu entry of the page
	User    *store.User
	CSRF    string
	Flash   string
	Refresh int      // seconds; a page still waiting for something reloads itself
	Scripts []string // page scripts, by asset name
	D       any      // the page's own data
}

// render writes a page with the status.
func (a *App) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	if p := auth.FromContext(r.Context()); p != nil {
		u := p.User
		v.User, v.CSRF = &u, p.CSRFToken()
	}
	if v.Flash == "" {
		v.Flash = flashes[r.URL.Query().Get("done")]
	}
	t, ok := a.pages[page]
	if !ok {
		a.log.Error("web: no page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		a.log.Error("web: rendering a page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// flashes are the confirmations a redirect after a change shows (?done=...).
var flashes = map[string]string{
	"comment":   "Comment posted.",
	"review":    "Detection feedback saved.",
	"unreview":  "Detection feedback taken back.",
	"added":     "Missed moment added.",
	"removed":   "Missed moment removed.",
	"playbook":  "Playbook saved. New analyses use it; reanalyse stored calls to bring them up to date.",
	"setup":     "Welcome! Your admin account is ready.",
	"signedout": "You are signed out.",
}

// errorPage is what an error page shows.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// fail renders an error as a page with the status its code maps to.
// Internal errors are logged and shown as "Something went wrong".
func (a *App) fail(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = pushback.Errorf(pushback.ETOOLARGE, "the request is larger than the %d byte limit", mbe.Limit)
	}
	code := pushback.ErrorCode(err)
	p := errorPage{Status: server.StatusOf(code), Message: pushback.ErrorMessage(err)}
	switch code {
	case pushback.ENOTFOUND:
		p.Heading = "Not found"
		p.Message = "There is nothing here, or it is not yours to see (" + p.Message + ")."
	case pushback.EFORBIDDEN:
		p.Heading = "Not allowed"
	case pushback.EINVALID:
		p.Heading = "That did not work"
	case pushback.ETOOLARGE:
		p.Heading = "Too large"
	case pushback.ERATELIMIT:
		p.Heading = "Too many attempts"
	case pushback.EUNAUTHORIZED:
		p.Heading = "Sign in first"
	default:
		a.log.LogAttrs(r.Context(), slog.LevelError, "web: request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("err", err.Error()))
		p.Heading, p.Message = "Something went wrong", "The server could not do that. Try again; if it keeps happening, tell your admin."
	}
	a.render(w, r, p.Status, "error", view{Title: p.Heading, D: p})
}

// redirect sends the browser to a page with 303 See Other, the answer to a
// form post.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// localPath returns next when it is a path on this site, else fallback, so
// a sign-in link cannot send people elsewhere.
func localPath(next, fallback string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return next
}

// pathID reads a positive integer path value; anything else names nothing.
func pathID(r *http.Request, name, what string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, pushback.Errorf(pushback.ENOTFOUND, "no %s %q", what, v)
	}
	return id, nil
}

// scopeOf is what the principal may see.
func scopeOf(p *auth.Principal) store.Scope { return p.Scope() }

// isManager reports whether the principal coaches others: admins and managers.
func isManager(p *auth.Principal) bool { return p.User.Role != store.RoleRep }
