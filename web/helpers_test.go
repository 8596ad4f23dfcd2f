package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
	"github.com/pushback-coach/pushback/web"
)

func TestMain(m *testing.M) {
	// Cheap password hashes: tests sign in many times.
	auth.PasswordParams = auth.Argon2Params{Time: 1, Memory: 256, Threads: 1}
	os.Exit(m.Run())
}

var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

const (
	testPassword = "correct horse battery"
	setupCode    = "let-me-in-please"
)

// env is the real server (API and web app) listening on 127.0.0.1:0, on a
// fresh database, with its job queue analysing uploads.
type env struct {
	t   testing.TB
	db  *store.DB
	svc *ingest.Service
	URL string
}

func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	db := storetest.MustOpen(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	q, err := queue.Open(ctx, db, queue.Options{Workers: 2, RetryDelay: 20 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	svc := ingest.New(db, q, quiet)
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := server.New(db, svc, server.Config{Logger: quiet, SetupCode: setupCode, ShutdownTimeout: 5 * time.Second})
	if _, err := web.Mount(srv, web.Config{SetupCode: setupCode, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer scancel()
		if err := q.Stop(sctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return &env{t: t, db: db, svc: svc, URL: "http://" + ln.Addr().String()}
}

// addUser creates a user with testPassword: a rep in the team, or a manager of the teams.
func (e *env) addUser(username, name string, role store.Role, teams ...int64) store.User {
	e.t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	var u store.User
	err = e.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = store.CreateUser(ctx, tx, store.NewUser{Username: username, Name: name, Role: role, PasswordHash: hash}); err != nil {
			return err
		}
		switch {
		case role == store.RoleManager:
			err = store.SetManagedTeams(ctx, tx, u.ID, teams)
		case role == store.RoleRep && len(teams) > 0:
			err = store.SetRepTeam(ctx, tx, *u.RepID, &teams[0])
		}
		if err != nil {
			return err
		}
		u, err = store.GetUser(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) addTeam(name string) store.Team {
	e.t.Helper()
	t, err := store.CreateTeam(context.Background(), e.db, name)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

// ingest stores a transcript as the user would upload it and waits for its analysis.
func (e *env) ingest(u store.User, name string, data []byte, date time.Time, reps ...string) store.Call {
	e.t.Helper()
	scope := store.Scope{UserID: u.ID, Role: u.Role}
	c, err := e.svc.IngestBytes(context.Background(), scope, ingest.Upload{Name: name, Title: strings.TrimSuffix(name, filepath.Ext(name)), Date: date, Reps: reps}, data)
	if err != nil {
		e.t.Fatalf("ingest %s: %v", name, err)
	}
	return e.waitAnalysed(c.ID)
}

func (e *env) waitAnalysed(id int64) store.Call {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := store.GetCall(context.Background(), e.db, store.All, id)
		if err != nil {
			e.t.Fatal(err)
		}
		if c.Status == store.StatusDone {
			return c
		}
		if c.Status == store.StatusFailed || time.Now().After(deadline) {
			e.t.Fatalf("call %d: status %s %s", id, c.Status, c.Error)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// client is a browser-like HTTP client: a cookie jar, no redirects
// followed, an Origin header on posts (as browsers send).
type client struct {
	e  *env
	hc *http.Client
}

func (e *env) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs in through the sign-in form.
func (e *env) signIn(username string) *client {
	e.t.Helper()
	c := e.anonymous()
	res := c.postForm("/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("sign in %s: %d %s", username, res.status, res.body)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	if req.Method != http.MethodGet {
		req.Header.Set("Origin", c.e.URL)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (c *client) get(path string) response {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.URL+path, nil)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return c.do(req)
}

func (c *client) postForm(path string, v url.Values) response {
	c.e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// post posts a form with the session's CSRF token, read from a page.
func (c *client) post(path string, v url.Values) response {
	c.e.t.Helper()
	v.Set("csrf_token", c.csrf())
	return c.postForm(path, v)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf reads the session's CSRF token from a page's forms.
func (c *client) csrf() string {
	c.e.t.Helper()
	res := c.get("/calls")
	m := csrfField.FindStringSubmatch(res.body)
	if m == nil {
		c.e.t.Fatalf("no CSRF token on /calls (%d)", res.status)
	}
	return m[1]
}

// upload posts files to the upload form; fields are extra form fields.
func (c *client) upload(fields url.Values, accept string, files map[string][]byte) response {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fields.Set("csrf_token", c.csrf())
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			c.e.t.Fatal(err)
		}
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.e.URL+"/upload", &buf)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return c.do(req)
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantStatus fails unless the response has the status.
func wantStatus(t testing.TB, what string, r response, status int) {
	t.Helper()
	if r.status != status {
		body := r.body
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:]
		}
		if len(body) > 1500 {
			body = body[:1500] + "..."
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, r.status, status, body)
	}
}

func must(t testing.TB, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}
