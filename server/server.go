// Package server is the team server's HTTP side: the JSON API under
// /api/v1 (described by the OpenAPI document at /api/v1/openapi.json), its
// middleware (request logs, size limits, sign-in, CSRF) and graceful
// shutdown. Handlers live one per file (handle_*.go); the route table in
// routes.go says who may call each one. Other packages (the web pages, the
// live WebSocket) mount their routes with Handle and share the sign-in.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/store"
)

// Config tunes the server. Zero values get the defaults.
type Config struct {
	MaxUploadBytes int64 // largest transcript upload; default 32 MiB
	MaxJSONBytes   int64 // largest JSON or playbook body; default 1 MiB
	// SetupCode must be sent with the first-run setup request, so only
	// whoever can read the server's log creates the first admin.
	SetupCode       string
	SecureCookies   bool // mark session cookies Secure even without TLS (behind a TLS proxy)
	TrustProxy      bool // believe X-Forwarded-For / X-Forwarded-Proto
	LoginLimit      auth.LoginLimit
	ShutdownTimeout time.Duration // how long in-flight requests get at shutdown; default 30s
	Logger          *slog.Logger
}

// Defaults.
const (
	DefaultMaxUploadBytes = ingest.DefaultMaxBytes
	DefaultMaxJSONBytes   = 1 << 20
	multipartSlack        = 1 << 20 // form fields and part headers around an uploaded file
)

// Server serves the API.
type Server struct {
	DB     *store.DB
	Ingest *ingest.Service
	Auth   *auth.Authenticator
	Logger *slog.Logger

	cfg     Config
	mux     *http.ServeMux
	handler http.Handler
}

// New returns a server for the database and ingest service.
func New(db *store.DB, svc *ingest.Service, cfg Config) *Server {
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.MaxJSONBytes <= 0 {
		cfg.MaxJSONBytes = DefaultMaxJSONBytes
	}
	if cfg.LoginLimit.Failures <= 0 {
		cfg.LoginLimit = auth.DefaultLoginLimit
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	svc.MaxBytes = cfg.MaxUploadBytes
	s := &Server{DB: db, Ingest: svc, Logger: cfg.Logger, cfg: cfg, mux: http.NewServeMux()}
	a := auth.New(db)
	a.SecureCookies, a.TrustProxy, a.Logger = cfg.SecureCookies, cfg.TrustProxy, cfg.Logger
	a.Limiter = auth.NewLoginLimiter(cfg.LoginLimit)
	a.Fail = s.WriteError
	s.Auth = a
	for _, rt := range routes() {
		s.mux.Handle(rt.method+" "+rt.path, s.endpoint(rt))
	}
	s.mux.Handle("/api/v1/", s.endpoint(route{access: public, handle: func(s *Server, w http.ResponseWriter, r *http.Request) error {
		return pushback.Errorf(pushback.ENOTFOUND, "no endpoint %s %s (see /api/v1/openapi.json)", r.Method, r.URL.Path)
	}}))
	s.handler = s.recoverer(s.logRequests(securityHeaders(s.limitBody(a.Middleware(a.CSRF(s.mux))))))
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Handle mounts more routes (Go 1.22 patterns such as "GET /live") behind
// the same middleware: the principal is in the context (auth.FromContext)
// and unsafe methods from a session pass the CSRF check.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// RequireUser rejects anonymous requests to h with 401.
func (s *Server) RequireUser(h http.Handler) http.Handler { return s.Auth.RequireUser(h) }

// Serve serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting connections and waits up to ShutdownTimeout for in-flight
// requests. Stopping the job queue is the caller's next step.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go s.sweepSessions(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.Logger.Info("shutting down: finishing in-flight requests", "timeout", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweepSessions deletes expired sessions now and then until ctx ends.
func (s *Server) sweepSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := store.DeleteExpiredSessions(ctx, s.DB); err != nil && ctx.Err() == nil {
			s.Logger.Warn("delete expired sessions", "err", err)
		} else if n > 0 {
			s.Logger.Info("deleted expired sessions", "sessions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// endpoint wraps a route's handler with its access rule, body limit and
// error writing.
func (s *Server) endpoint(rt route) http.Handler {
	limit := rt.maxBody
	if limit == 0 {
		limit = s.cfg.MaxJSONBytes
	}
	if limit < 0 {
		limit = s.cfg.MaxUploadBytes + multipartSlack
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := rt.access.check(auth.FromContext(r.Context())); err != nil {
			s.WriteError(w, r, err)
			return
		}
		if err := rt.handle(s, w, r); err != nil {
			s.WriteError(w, r, err)
		}
	})
}

// access is who may call a route.
type access int

const (
	public   access = iota // anyone, signed in or not
	signedIn               // any user or full API token
	uploader               // any user, and ingest-only tokens too
	managers               // admins and managers
	admins                 // admins only
)

func (a access) check(p *auth.Principal) error {
	if a == public {
		return nil
	}
	if p == nil {
		return pushback.Errorf(pushback.EUNAUTHORIZED, "sign in first (POST /api/v1/login) or send an API token")
	}
	if p.IngestOnly() && a != uploader {
		return pushback.Errorf(pushback.EFORBIDDEN, "this API token may only upload calls (POST /api/v1/calls)")
	}
	switch {
	case a == admins && p.User.Role != store.RoleAdmin:
		return pushback.Errorf(pushback.EFORBIDDEN, "only admins may do this")
	case a == managers && p.User.Role == store.RoleRep:
		return pushback.Errorf(pushback.EFORBIDDEN, "only admins and managers may do this")
	}
	return nil
}

// principal returns the signed-in principal; routes that are not public
// have one.
func principal(r *http.Request) *auth.Principal {
	if p := auth.FromContext(r.Context()); p != nil {
		return p
	}
	return &auth.Principal{User: store.User{Role: store.RoleRep}} // never reached: access checks first
}

// limitBody caps every request body at the largest upload, before anything
// (the CSRF check parsing a form) reads it. Routes cap their own bodies lower.
func (s *Server) limitBody(next http.Handler) http.Handler {
	max := s.cfg.MaxUploadBytes + multipartSlack
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			s.WriteError(w, r, pushback.Errorf(pushback.ETOOLARGE, "request body of %d bytes is larger than the %d byte limit", r.ContentLength, max))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a handler panic into a 500 and a log line with the stack.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Logger.Error("handler panic", "method", r.Method, "path", r.URL.Path, "panic", p, "stack", string(debug.Stack()))
				s.WriteError(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (WebSockets, flushing).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.Logger.LogAttrs(r.Context(), level, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes), slog.Duration("took", time.Since(start)),
			slog.String("ip", s.Auth.ClientIP(r)))
	})
}
