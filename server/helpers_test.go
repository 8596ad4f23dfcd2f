package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

func TestMain(m *testing.M) {
	// Cheap password hashes: tests sign in many times.
	auth.PasswordParams = auth.Argon2Params{Time: 1, Memory: 256, Threads: 1}
	os.Exit(m.Run())
}

var quiet = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))

const testPassword = "correct horse battery"

// env is a running server on a real database with its job queue.
type env struct {
	t   testing.TB
	db  *store.DB
	svc *ingest.Service
	srv *server.Server
	ts  *httptest.Server
}

type envOption func(*server.Config)

func newEnv(t testing.TB, d store.Dialect, opts ...envOption) *env {
	t.Helper()
	db := storetest.MustOpen(t, d)
	return newEnvOn(t, db, opts...)
}

func newEnvOn(t testing.TB, db *store.DB, opts ...envOption) *env {
	t.Helper()
	ctx := context.Background()
	q, err := queue.Open(ctx, db, queue.Options{Workers: 4, RetryDelay: 20 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	svc := ingest.New(db, q, quiet)
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{Logger: quiet, SetupCode: "let-me-in"}
	for _, o := range opts {
		o(&cfg)
	}
	srv := server.New(db, svc, cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() {
		ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return &env{t: t, db: db, svc: svc, srv: srv, ts: ts}
}

// addUser creates a user with testPassword (teams: a rep's team or a manager's teams).
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
		switch role {
		case store.RoleManager:
			err = store.SetManagedTeams(ctx, tx, u.ID, teams)
		case store.RoleRep:
			if len(teams) > 0 {
				err = store.SetRepTeam(ctx, tx, *u.RepID, &teams[0])
			}
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

// addToken makes an API token for the user.
func (e *env) addToken(u store.User, scope string) string {
	e.t.Helper()
	secret, prefix, hash, err := auth.NewToken()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := store.CreateToken(context.Background(), e.db, store.Token{UserID: u.ID, Name: "test " + scope, Scope: scope, Prefix: prefix, Hash: hash}); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// client talks to the server as one principal.
type client struct {
	e      *env
	hc     *http.Client
	csrf   string // sent on changes by session clients
	bearer string
	noCSRF bool // leave the CSRF header off
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

func (e *env) tokenClient(secret string) *client {
	c := e.anon()
	c.bearer = secret
	return c
}

// login signs in and returns the session client.
func (e *env) login(username string) *client {
	e.t.Helper()
	c := e.anon()
	var s struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.mustJSON("POST", "/api/v1/login", map[string]string{"username": username, "password": testPassword}, 200, &s)
	if s.CSRFToken == "" {
		e.t.Fatal("login gave no csrf_token")
	}
	c.csrf = s.CSRFToken
	return c
}

// do sends a request: body may be nil, []byte or string (sent as is), or
// anything else (sent as JSON).
func (c *client) do(method, path string, body any, hdr ...string) (*http.Response, []byte) {
	c.e.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	case io.Reader:
		rd = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, c.e.ts.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.csrf != "" && !c.noCSRF && method != "GET" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return resp, out
}

// mustJSON sends a request, checks the status and decodes the JSON answer into out.
func (c *client) mustJSON(method, path string, body any, want int, out any) {
	c.e.t.Helper()
	resp, b := c.do(method, path, body)
	if resp.StatusCode != want {
		c.e.t.Fatalf("%s %s: %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.e.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// upload posts a transcript as a multipart form.
func (c *client) upload(name, text string, fields map[string]string) (*http.Response, []byte) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = io.WriteString(fw, text)
	mw.Close()
	return c.do("POST", "/api/v1/calls", buf.Bytes(), "Content-Type", mw.FormDataContentType())
}

// errorCode reads the code of a JSON error body.
func errorCode(b []byte) string {
	var e server.ErrorBody
	_ = json.Unmarshal(b, &e)
	return e.Error.Code
}

// transcriptFor is a short name-colon transcript for the rep, unique by n.
func transcriptFor(rep string, n int) string {
	return fmt.Sprintf("%s: Hi Bob, thanks for making time (call %d).\nBob Stone: You guys will probably jack up the price after the first year.\n"+
		"%s: I see that a bit differently. Would you be ok if I challenged that?\nBob Stone: Sure, go ahead.\n"+
		"%s: Annual plans lock the price for three years.\n", rep, n, rep, rep)
}

// waitDone waits until the calls are analysed.
func (e *env) waitDone(ids ...int64) {
	e.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for _, id := range ids {
		for {
			c, err := store.GetCall(context.Background(), e.db, store.All, id)
			if err != nil {
				e.t.Fatal(err)
			}
			if c.Status == store.StatusDone {
				break
			}
			if c.Status == store.StatusFailed {
				e.t.Fatalf("call %d failed: %s", id, c.Error)
			}
			if time.Now().After(deadline) {
				e.t.Fatalf("call %d still %s", id, c.Status)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// storeAnalysedCall stores a call with a fixed analysis (one moment the rep
// pushed back on), as a finished live session would be.
func (e *env) storeAnalysedCall(rep string, n int) store.Call {
	return e.storeAnalysedCallTitled(rep, n, fmt.Sprintf("%s fixture %d", rep, n))
}

func (e *env) storeAnalysedCallTitled(rep string, n int, title string) store.Call {
	e.t.Helper()
	ctx := context.Background()
	call := &pushback.Call{Schema: pushback.CallSchema, Source: fmt.Sprintf("fixture-%d.txt", n), Format: "name-colon", Duration: pushback.NoTime,
		Speakers: []pushback.Speaker{{Name: rep, Role: pushback.RoleRep}, {Name: "Bob Stone", Role: pushback.RoleProspect}},
		Turns: []pushback.Turn{
			{Index: 0, Speaker: "Bob Stone", Role: pushback.RoleProspect, Start: pushback.NoTime, End: pushback.NoTime, Text: "You will raise the price next year."},
			{Index: 1, Speaker: rep, Role: pushback.RoleRep, Start: pushback.NoTime, End: pushback.NoTime, Text: "May I share a different view?"},
		}}
	one, half := 1.0, 0.5
	a := &pushback.Analysis{Call: *call, Playbook: pushback.PlaybookRef{Name: "default", Version: "sha256:fixture"}, Models: pushback.ModelRef{Version: "fixture"},
		Moments: []pushback.Moment{{Turn: 0, Quote: call.Turns[0].Text, Category: pushback.ForwardLooking, Topics: []pushback.Topic{pushback.TopicPrice},
			Confidence: 0.9, Reasons: []string{"prediction"}, Response: &pushback.Response{Turns: []int{1}, PushedBack: true, How: pushback.HowPushedBack}}},
		Scores: pushback.Scores{Moments: 1, PushedBack: 1, Courage: &one, Craft: &half, ByRep: map[string]*pushback.RepScores{rep: {Moments: 1, PushedBack: 1, Courage: &one, Craft: &half}}}}
	a.Schema = pushback.AnalysisSchema
	var c store.Call
	err := e.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = store.CreateCall(ctx, tx, store.NewCall{Title: title, Date: time.Date(2025, 3, 1, 10, n%60, 0, 0, time.UTC),
			Call: call, Analysis: a, Transcript: []byte(fmt.Sprintf("fixture %s %d", rep, n))})
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}
