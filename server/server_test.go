package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/practice/remote"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

type callJSON struct {
	store.Call
	Analysis json.RawMessage `json:"analysis"`
}

func TestUploadIsAnalysed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		east := e.addTeam("East")
		e.addUser("admin", "", store.RoleAdmin)
		e.addUser("dana", "Dana Reyes", store.RoleRep, east.ID)
		admin := e.login("admin")

		// Multipart, with the fields as form fields.
		resp, b := admin.upload("acme-discovery.txt", transcriptFor("Dana Reyes", 1), map[string]string{
			"rep": "Dana Reyes", "title": "Acme discovery", "date": "2025-03-04", "account": "Acme", "deal": "Acme 2025"})
		if resp.StatusCode != 202 {
			t.Fatalf("upload: %d %s", resp.StatusCode, b)
		}
		var c store.Call
		_ = json.Unmarshal(b, &c)
		if c.Status != store.StatusQueued || c.Title != "Acme discovery" || c.Account != "Acme" || c.Format != "name-colon" ||
			len(c.Reps) != 1 || c.Reps[0].Name != "Dana Reyes" || c.Date.Format("2006-01-02") != "2025-03-04" {
			t.Errorf("uploaded call = %+v", c)
		}
		if loc := resp.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/calls/%d", c.ID) {
			t.Errorf("Location %q", loc)
		}

		// Raw body, with the fields in the query string.
		resp, b = admin.do("POST", "/api/v1/calls?rep=dana&name=raw.txt", transcriptFor("Dana Reyes", 2), "Content-Type", "text/plain")
		if resp.StatusCode != 202 {
			t.Fatalf("raw upload: %d %s", resp.StatusCode, b)
		}
		var raw store.Call
		_ = json.Unmarshal(b, &raw)
		e.waitDone(c.ID, raw.ID)

		var got callJSON
		admin.mustJSON("GET", fmt.Sprintf("/api/v1/calls/%d", c.ID), nil, 200, &got)
		if got.Status != store.StatusDone || got.Model == nil || got.Model.Version != engine.ModelVersion || got.Playbook == nil || got.Playbook.Version == "" {
			t.Errorf("analysed call = %+v", got.Call)
		}
		var a struct {
			Schema   string `json:"schema"`
			Playbook struct {
				Version string `json:"version"`
			} `json:"playbook"`
			Models struct {
				Version string `json:"version"`
			} `json:"models"`
		}
		if err := json.Unmarshal(got.Analysis, &a); err != nil || a.Schema != "pushback.analysis/v1" || a.Playbook.Version != got.Playbook.Version || a.Models.Version != engine.ModelVersion {
			t.Errorf("analysis = %s (%v)", got.Analysis, err)
		}

		// The same transcript again is a conflict naming the stored call.
		resp, b = admin.upload("again.txt", transcriptFor("Dana Reyes", 1), map[string]string{"rep": "Dana Reyes"})
		var eb struct {
			Error struct {
				Code    string           `json:"code"`
				Details map[string]int64 `json:"details"`
			} `json:"error"`
		}
		_ = json.Unmarshal(b, &eb)
		if resp.StatusCode != 409 || eb.Error.Code != "conflict" || eb.Error.Details["call_id"] != c.ID {
			t.Errorf("duplicate upload: %d %s", resp.StatusCode, b)
		}

		// Unusable input is invalid, saying where.
		resp, b = admin.do("POST", "/api/v1/calls?name=empty.txt", "   \n", "Content-Type", "text/plain")
		if resp.StatusCode != 400 || errorCode(b) != "invalid" || !strings.Contains(string(b), "empty.txt") {
			t.Errorf("empty upload: %d %s", resp.StatusCode, b)
		}
		resp, b = admin.do("POST", "/api/v1/calls?rep=Nobody&name=x.txt", transcriptFor("Dana Reyes", 3), "Content-Type", "text/plain")
		if resp.StatusCode != 400 || !strings.Contains(string(b), "Nobody") {
			t.Errorf("unknown rep: %d %s", resp.StatusCode, b)
		}
		resp, b = admin.do("POST", "/api/v1/calls?date=yesterday", transcriptFor("Dana Reyes", 4), "Content-Type", "text/plain")
		if resp.StatusCode != 400 || errorCode(b) != "invalid" {
			t.Errorf("bad date: %d %s", resp.StatusCode, b)
		}
		resp, b = admin.upload("x.txt", "", map[string]string{})
		resp2, b2 := admin.do("POST", "/api/v1/calls", "--x--", "Content-Type", "multipart/form-data; boundary=x")
		if resp.StatusCode != 400 || resp2.StatusCode != 400 {
			t.Errorf("empty multipart: %d %s; broken multipart: %d %s", resp.StatusCode, b, resp2.StatusCode, b2)
		}
	})
}

// TestConcurrentUploads: 50 uploads at once are all stored and analysed.
func TestConcurrentUploads(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		east := e.addTeam("East")
		mgr := e.addUser("erin", "", store.RoleManager, east.ID)
		token := e.tokenClient(e.addToken(mgr, store.ScopeIngest))
		const n = 50
		var wg sync.WaitGroup
		ids := make([]int64, n)
		errs := make(chan string, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rep := fmt.Sprintf("Rep %d", i%7)
				var resp *http.Response
				var b []byte
				if i%2 == 0 {
					resp, b = token.upload(fmt.Sprintf("call-%d.txt", i), transcriptFor(rep, i), map[string]string{"rep": rep})
				} else {
					resp, b = token.do("POST", "/api/v1/calls?rep="+url.QueryEscape(rep), transcriptFor(rep, i), "Content-Type", "text/plain")
				}
				if resp.StatusCode != 202 {
					errs <- fmt.Sprintf("upload %d: %d %s", i, resp.StatusCode, b)
					return
				}
				var c store.Call
				_ = json.Unmarshal(b, &c)
				ids[i] = c.ID
			}()
		}
		wg.Wait()
		close(errs)
		for msg := range errs {
			t.Error(msg)
		}
		if t.Failed() {
			return
		}
		e.waitDone(ids...)
		calls, _, err := store.ListCalls(context.Background(), e.db, store.All, store.CallFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, c := range calls {
			seen[c.ID] = true
			if c.Status != store.StatusDone {
				t.Errorf("call %d is %s", c.ID, c.Status)
			}
		}
		if len(calls) != n || len(seen) != n {
			t.Errorf("%d calls stored, want %d", len(calls), n)
		}
		reps, _ := store.ListReps(context.Background(), e.db, store.All, nil)
		if len(reps) != 7 {
			t.Errorf("%d reps, want 7", len(reps))
		}
	})
}

func TestSizeLimits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d, func(c *server.Config) { c.MaxUploadBytes = 2048; c.MaxJSONBytes = 1024 })
		e.addUser("admin", "", store.RoleAdmin)
		admin := e.login("admin")
		big := strings.Repeat(transcriptFor("Dana Reyes", 0), 20) // ~4 KiB
		for _, c := range []struct {
			name string
			send func() (*http.Response, []byte)
		}{
			{"raw upload", func() (*http.Response, []byte) {
				return admin.do("POST", "/api/v1/calls", big, "Content-Type", "text/plain")
			}},
			{"raw upload, chunked", func() (*http.Response, []byte) {
				return admin.do("POST", "/api/v1/calls", io.MultiReader(strings.NewReader(big)), "Content-Type", "text/plain")
			}},
			{"multipart upload", func() (*http.Response, []byte) { return admin.upload("big.txt", big+big, nil) }},
			{"JSON body", func() (*http.Response, []byte) {
				return admin.do("POST", "/api/v1/teams", map[string]string{"name": strings.Repeat("x", 2000)})
			}},
			{"playbook", func() (*http.Response, []byte) {
				return admin.do("PUT", "/api/v1/playbooks/default", "company: "+strings.Repeat("x", 2000)+"\n")
			}},
		} {
			resp, b := c.send()
			if resp.StatusCode != 413 || errorCode(b) != "too_large" {
				t.Errorf("%s: %d %s, want 413 too_large", c.name, resp.StatusCode, b)
			}
		}
		// Under the limit is fine.
		if resp, b := admin.do("POST", "/api/v1/calls?rep=Dana", transcriptFor("Dana Reyes", 1), "Content-Type", "text/plain"); resp.StatusCode != 202 {
			t.Errorf("small upload: %d %s", resp.StatusCode, b)
		}
	})
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin := e.addUser("admin", "", store.RoleAdmin)
	c := e.login("admin")

	// A JSON change without the header is refused; with it, accepted.
	c.noCSRF = true
	resp, b := c.do("POST", "/api/v1/teams", map[string]string{"name": "East"})
	if resp.StatusCode != 403 || errorCode(b) != "forbidden" {
		t.Errorf("no CSRF header: %d %s", resp.StatusCode, b)
	}
	// A browser form post without the token field is refused ...
	resp, b = c.upload("form.txt", transcriptFor("Dana Reyes", 1), map[string]string{"rep": "Dana Reyes"})
	if resp.StatusCode != 403 {
		t.Errorf("form without token: %d %s", resp.StatusCode, b)
	}
	resp, b = c.do("POST", "/api/v1/logout", "x=1", "Content-Type", "application/x-www-form-urlencoded")
	if resp.StatusCode != 403 {
		t.Errorf("urlencoded form without token: %d %s", resp.StatusCode, b)
	}
	// ... and accepted with it.
	resp, b = c.upload("form.txt", transcriptFor("Dana Reyes", 1), map[string]string{"rep": "Dana Reyes", "csrf_token": c.csrf})
	if resp.StatusCode != 202 {
		t.Errorf("form with token: %d %s", resp.StatusCode, b)
	}
	resp, b = c.do("POST", "/api/v1/teams", map[string]string{"name": "East"}, "X-CSRF-Token", "wrong")
	if resp.StatusCode != 403 {
		t.Errorf("wrong token: %d %s", resp.StatusCode, b)
	}
	c.noCSRF = false
	if resp, b := c.do("POST", "/api/v1/teams", map[string]string{"name": "East"}); resp.StatusCode != 201 {
		t.Errorf("with CSRF header: %d %s", resp.StatusCode, b)
	}
	// A cross-site browser request is refused even with the token.
	if resp, b := c.do("POST", "/api/v1/teams", map[string]string{"name": "West"}, "Sec-Fetch-Site", "cross-site"); resp.StatusCode != 403 {
		t.Errorf("cross-site: %d %s", resp.StatusCode, b)
	}
	// API tokens carry no cookie and need no CSRF token.
	tok := e.tokenClient(e.addToken(admin, store.ScopeFull))
	if resp, b := tok.do("POST", "/api/v1/teams", map[string]string{"name": "North"}); resp.StatusCode != 201 {
		t.Errorf("token without CSRF: %d %s", resp.StatusCode, b)
	}
	bad := e.tokenClient("pbk_not-a-real-token")
	if resp, b := bad.do("GET", "/api/v1/calls", nil); resp.StatusCode != 401 || errorCode(b) != "unauthorized" {
		t.Errorf("bad token: %d %s", resp.StatusCode, b)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, store.SQLite, func(c *server.Config) { c.LoginLimit = auth.LoginLimit{Failures: 5, Window: time.Minute} })
	e.addUser("dana", "Dana Reyes", store.RoleRep)
	e.addUser("omar", "Omar Haddad", store.RoleRep)
	c := e.anon()
	for i := 0; i < 5; i++ {
		resp, b := c.do("POST", "/api/v1/login", map[string]string{"username": "dana", "password": "wrong password"})
		if resp.StatusCode != 401 || errorCode(b) != "unauthorized" {
			t.Fatalf("attempt %d: %d %s", i+1, resp.StatusCode, b)
		}
	}
	for _, user := range []string{"dana", "omar"} { // the client address is blocked too
		resp, b := c.do("POST", "/api/v1/login", map[string]string{"username": user, "password": testPassword})
		if resp.StatusCode != 429 || errorCode(b) != "rate_limited" || resp.Header.Get("Retry-After") == "" {
			t.Errorf("login as %s after 5 failures: %d %s (Retry-After %q)", user, resp.StatusCode, b, resp.Header.Get("Retry-After"))
		}
	}
	// Unknown users fail like wrong passwords.
	e2 := newEnv(t, store.SQLite)
	resp, b := e2.anon().do("POST", "/api/v1/login", map[string]string{"username": "ghost", "password": "whatever it is"})
	if resp.StatusCode != 401 || !strings.Contains(string(b), "wrong username or password") {
		t.Errorf("unknown user: %d %s", resp.StatusCode, b)
	}
}

func TestSessionCookie(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	e := newEnvOn(t, db)
	e.addUser("dana", "Dana Reyes", store.RoleRep)
	for _, tls := range []bool{false, true} {
		ts := httptest.NewUnstartedServer(e.srv)
		if tls {
			ts.StartTLS()
		} else {
			ts.Start()
		}
		hc := ts.Client()
		resp, err := hc.Post(ts.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"dana","password":"`+testPassword+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var sc *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == auth.DefaultCookieName {
				sc = c
			}
		}
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure != tls || len(sc.Value) < 40 {
			t.Errorf("tls=%v: session cookie %+v", tls, sc)
		}
		// The cookie signs in; the database keeps only its hash.
		req, _ := http.NewRequest("GET", ts.URL+"/api/v1/me", nil)
		req.AddCookie(sc)
		me, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		me.Body.Close()
		if me.StatusCode != 200 {
			t.Errorf("tls=%v: /me with the cookie: %d", tls, me.StatusCode)
		}
		if _, err := store.GetSession(context.Background(), db, sc.Value); err == nil {
			t.Error("session stored in the clear")
		}
		ts.Close()
	}
}

func TestFirstRunSetup(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		c := e.anon()
		var st struct {
			Needed bool `json:"needed"`
		}
		c.mustJSON("GET", "/api/v1/setup", nil, 200, &st)
		if !st.Needed {
			t.Error("setup not needed on an empty database")
		}
		req := map[string]string{"code": "wrong", "username": "ada", "name": "Ada Admin", "password": testPassword}
		if resp, b := c.do("POST", "/api/v1/setup", req); resp.StatusCode != 403 {
			t.Errorf("wrong code: %d %s", resp.StatusCode, b)
		}
		req["code"], req["password"] = "let-me-in", "short"
		if resp, b := c.do("POST", "/api/v1/setup", req); resp.StatusCode != 400 {
			t.Errorf("short password: %d %s", resp.StatusCode, b)
		}
		req["password"] = testPassword
		var s struct {
			User      store.User `json:"user"`
			CSRFToken string     `json:"csrf_token"`
		}
		c.mustJSON("POST", "/api/v1/setup", req, 201, &s)
		if s.User.Role != store.RoleAdmin || s.CSRFToken == "" {
			t.Errorf("setup = %+v", s)
		}
		c.csrf = s.CSRFToken
		c.mustJSON("GET", "/api/v1/me", nil, 200, nil) // signed in by setup
		if resp, _ := e.anon().do("POST", "/api/v1/setup", req); resp.StatusCode != 409 {
			t.Errorf("second setup: %d", resp.StatusCode)
		}
	})
}

func TestPlaybookPut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		e.addUser("admin", "", store.RoleAdmin)
		admin := e.login("admin")
		var builtin struct {
			Version string `json:"version"`
			Builtin bool   `json:"builtin"`
		}
		admin.mustJSON("GET", "/api/v1/playbooks/default", nil, 200, &builtin)
		if !builtin.Builtin || builtin.Version == "" {
			t.Errorf("default playbook = %+v", builtin)
		}

		resp, b := admin.do("PUT", "/api/v1/playbooks/default", "company: Acme\nfacts:\n  - id: price-lock\n    claim: 42\n    nonsense: true\n", "Content-Type", "application/yaml")
		var eb struct {
			Error struct {
				Code    string             `json:"code"`
				Details []server.ErrorLine `json:"details"`
			} `json:"error"`
		}
		_ = json.Unmarshal(b, &eb)
		if resp.StatusCode != 400 || eb.Error.Code != "invalid" || len(eb.Error.Details) == 0 || eb.Error.Details[0].Line == 0 {
			t.Errorf("invalid playbook: %d %s", resp.StatusCode, b)
		}

		yaml := "company: Acme\nproduct: Relay\nfacts:\n  - id: price-lock\n    claim: Annual plans lock the price for three years.\n    about: [price]\n"
		var saved struct {
			Version string `json:"version"`
			Active  bool   `json:"active"`
			YAML    string `json:"yaml"`
		}
		admin.mustJSON("PUT", "/api/v1/playbooks/default", map[string]string{"yaml": yaml}, 200, &saved)
		if !saved.Active || saved.YAML != yaml || saved.Version == builtin.Version {
			t.Errorf("saved playbook = %+v", saved)
		}
		if resp, b := admin.do("PUT", "/api/v1/playbooks/Bad%20Name", yaml); resp.StatusCode != 400 {
			t.Errorf("bad name: %d %s", resp.StatusCode, b)
		}

		// New analyses use it; reanalysis brings older ones up to date.
		resp, b = admin.do("POST", "/api/v1/calls?rep=Dana+Reyes", transcriptFor("Dana Reyes", 1), "Content-Type", "text/plain")
		var c store.Call
		_ = json.Unmarshal(b, &c)
		e.waitDone(c.ID)
		got, _ := store.GetCall(context.Background(), e.db, store.All, c.ID)
		if got.Playbook == nil || got.Playbook.Version != saved.Version {
			t.Errorf("analysed with %+v, want version %s", got.Playbook, saved.Version)
		}
		old := e.storeAnalysedCall("Dana Reyes", 1) // analysed with another playbook
		stale, err := e.svc.StaleCalls(context.Background())
		if err != nil || len(stale) != 1 || stale[0] != old.ID {
			t.Fatalf("stale calls = %v (%v), want [%d]", stale, err, old.ID)
		}
		admin.mustJSON("POST", fmt.Sprintf("/api/v1/calls/%d/reanalyze", old.ID), nil, 202, nil)
		e.waitDone(old.ID)
		if stale, _ := e.svc.StaleCalls(context.Background()); len(stale) != 0 {
			t.Errorf("stale after reanalysis: %v", stale)
		}
	})
}

func TestListPagination(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.addUser("admin", "", store.RoleAdmin)
	admin := e.login("admin")
	for i := 0; i < 7; i++ {
		e.storeAnalysedCall("Dana Reyes", i)
	}
	seen := map[int64]bool{}
	path := "/api/v1/calls?limit=3"
	for pages := 0; ; pages++ {
		var p struct {
			Items      []store.Call `json:"items"`
			NextCursor string       `json:"next_cursor"`
		}
		admin.mustJSON("GET", path, nil, 200, &p)
		for _, c := range p.Items {
			seen[c.ID] = true
		}
		if p.NextCursor == "" {
			break
		}
		path = "/api/v1/calls?limit=3&cursor=" + url.QueryEscape(p.NextCursor)
		if pages > 5 {
			t.Fatal("too many pages")
		}
	}
	if len(seen) != 7 {
		t.Errorf("paged through %d calls, want 7", len(seen))
	}
	for _, q := range []string{"limit=x", "rep=abc", "from=yesterday", "status=sleeping", "cursor=zz"} {
		if resp, b := admin.do("GET", "/api/v1/calls?"+q, nil); resp.StatusCode != 400 || errorCode(b) != "invalid" {
			t.Errorf("?%s: %d %s", q, resp.StatusCode, b)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	doc, err := server.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	if d.OpenAPI != "3.1.0" || len(d.Paths) < 20 {
		t.Fatalf("openapi %q with %d paths", d.OpenAPI, len(d.Paths))
	}
	// Every $ref names a schema.
	for _, m := range regexpAll(`"\$ref": "#/components/schemas/([A-Za-z]+)"`, string(doc)) {
		if _, ok := d.Components.Schemas[m]; !ok {
			t.Errorf("$ref to missing schema %s", m)
		}
	}
	// Every operation says its success response.
	for path, ops := range d.Paths {
		for method, o := range ops {
			if o["summary"] == "" || o["responses"] == nil {
				t.Errorf("%s %s: no summary or responses", method, path)
			}
		}
	}
	// And the server answers each documented path (not with the catch-all 404).
	e := newEnv(t, store.SQLite)
	c := e.anon()
	for path, ops := range d.Paths {
		p := strings.ReplaceAll(strings.ReplaceAll(path, "{id}", "1"), "{name}", "default")
		for method := range ops {
			resp, b := c.do(strings.ToUpper(method), p, nil)
			if resp.StatusCode == 404 && strings.Contains(string(b), "no endpoint") {
				t.Errorf("%s %s is documented but not served", method, path)
			}
		}
	}
}

func regexpAll(pattern, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestGracefulShutdown: cancelling Serve lets an in-flight upload finish.
func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.addUser("admin", "", store.RoleAdmin)
	token := e.addToken(mustUser(t, e, "admin"), store.ScopeFull)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ctx, ln) }()

	// An upload whose body arrives slowly: the server is told to stop
	// while it is in flight.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+"/api/v1/calls?rep=Dana+Reyes", pr)
	req.Header.Set("Authorization", "Bearer "+token)
	result := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- 0
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	text := transcriptFor("Dana Reyes", 1)
	_, _ = io.WriteString(pw, text[:20])
	time.Sleep(200 * time.Millisecond)
	cancel()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	default:
	}
	_, _ = io.WriteString(pw, text[20:])
	pw.Close()
	if status := <-result; status != 202 {
		t.Errorf("in-flight upload: %d, want 202", status)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the last request")
	}
}

func mustUser(t *testing.T, e *env, username string) store.User {
	u, err := store.GetUserByUsername(context.Background(), e.db, username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPracticeProgress(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.addUser("dana", "Dana Reyes", store.RoleRep)
	dana := e.login("dana")
	for i, o := range []float64{0.4, 0.9, 0.6} {
		scenario := "price-1"
		if i == 2 {
			scenario = "competitor-1"
		}
		dana.mustJSON("POST", "/api/v1/practice/attempts", map[string]any{"scenario_id": scenario, "reply": "Can I share a different view?",
			"scores": map[string]float64{"warning": o}, "overall": o, "at": time.Date(2025, 5, 1, 12, i, 0, 0, time.UTC)}, 201, nil)
	}
	var p struct {
		Total      int      `json:"total"`
		Best       *float64 `json:"best_overall"`
		ByScenario map[string]struct {
			Attempts int      `json:"attempts"`
			Best     *float64 `json:"best_overall"`
			Last     *float64 `json:"last_overall"`
		} `json:"by_scenario"`
		Attempts []struct {
			Payload map[string]any `json:"payload"`
		} `json:"attempts"`
	}
	dana.mustJSON("GET", "/api/v1/practice/progress", nil, 200, &p)
	if p.Total != 3 || *p.Best != 0.9 || p.ByScenario["price-1"].Attempts != 2 || *p.ByScenario["price-1"].Last != 0.9 ||
		p.Attempts[0].Payload["reply"] != "Can I share a different view?" {
		t.Errorf("progress = %+v", p)
	}
	if resp, b := dana.do("POST", "/api/v1/practice/attempts", map[string]any{"scenario_id": "x", "overall": 7}); resp.StatusCode != 400 {
		t.Errorf("overall 7: %d %s", resp.StatusCode, b)
	}
}

// The practice package's own client records and reads practice through the
// real server: the two agree on the shape of an attempt.
func TestPracticeClientRoundTrip(t *testing.T) {
	e := newEnv(t, store.SQLite)
	dana := e.addUser("dana", "Dana Reyes", store.RoleRep)
	token := e.addToken(dana, "full")
	c, err := remote.New(e.ts.URL, token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	a := practice.Attempt{Rep: "Dana Reyes", ScenarioID: "price-1", Category: pushback.ForwardLooking, Reply: "Mind if I share a different view?",
		Scores: practice.Skills{PushedBack: true, Permission: true}, Score: 70, At: at}
	if err := c.Record(ctx, a); err != nil {
		t.Fatalf("record: %v", err)
	}
	got, err := c.Attempts(ctx, "Dana Reyes")
	if err != nil {
		t.Fatalf("attempts: %v", err)
	}
	if len(got) != 1 || got[0].ScenarioID != "price-1" || got[0].Category != pushback.ForwardLooking || got[0].Score != 70 || !got[0].At.Equal(at) {
		t.Fatalf("attempts = %+v", got)
	}
}
