package remote_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/practice/remote"
)

// teamServer stands in for the team server: the two practice endpoints,
// as documented in the practice package, behind a bearer token.
type teamServer struct {
	mu       sync.Mutex
	token    string
	attempts []practice.Attempt
	bodies   []string
}

func (ts *teamServer) handler() http.Handler {
	mux := http.NewServeMux()
	auth := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+ts.token {
				w.WriteHeader(http.StatusUnauthorized)
				io.WriteString(w, `{"error":"bad token"}`)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("POST /team/api/v1/practice/attempts", auth(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var a practice.Attempt
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if r.Header.Get("Content-Type") != "application/json" || dec.Decode(&a) != nil || a.Rep == "" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"expected an attempt"}`)
			return
		}
		ts.mu.Lock()
		ts.attempts = append(ts.attempts, a)
		ts.bodies = append(ts.bodies, string(body))
		ts.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		w.Write(body)
	}))
	mux.HandleFunc("GET /team/api/v1/practice/progress", auth(func(w http.ResponseWriter, r *http.Request) {
		rep := r.URL.Query().Get("rep")
		ts.mu.Lock()
		out := practice.Progress{Attempts: []practice.Attempt{}}
		for _, a := range ts.attempts {
			if strings.EqualFold(a.Rep, rep) {
				out.Attempts = append(out.Attempts, a)
			}
		}
		ts.mu.Unlock()
		json.NewEncoder(w).Encode(out)
	}))
	return mux
}

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

func TestRecordAndProgress(t *testing.T) {
	ts := &teamServer{token: "s3cret"}
	srv := httptest.NewServer(ts.handler())
	defer srv.Close()
	c, err := remote.New(srv.URL+"/team/", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	yes := true
	a1 := practice.Attempt{Rep: "Dana Reyes", ScenarioID: "fwd-price-hike", Category: pushback.ForwardLooking,
		Reply: "Lisa, can I share why?", Scores: practice.Skills{PushedBack: true, Permission: true, Respectful: &yes, Calm: &yes, UsedName: true},
		Score: 55, At: t0.Add(time.Hour)}
	a0 := practice.Attempt{Rep: "Dana Reyes", ScenarioID: "concl-works-fine", Category: pushback.UnfoundedConclusion,
		Reply: "Sure.", Score: 0, At: t0}
	for _, a := range []practice.Attempt{a1, a0} {
		if err := c.Record(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// The wire shape is the documented one.
	var wire map[string]any
	json.Unmarshal([]byte(ts.bodies[1]), &wire)
	for _, k := range []string{"rep", "scenario_id", "category", "reply", "scores", "score", "at"} {
		if _, ok := wire[k]; !ok {
			t.Errorf("attempt JSON lacks %q: %s", k, ts.bodies[1])
		}
	}
	if sc := wire["scores"].(map[string]any); sc["respectful"] != nil || sc["pushed_back"] != false {
		t.Errorf("a let-go's scores = %v, want respectful null", sc)
	}
	if wire["at"] != "2025-03-04T09:00:00Z" {
		t.Errorf("at = %v, want RFC 3339 UTC", wire["at"])
	}

	got, err := c.Attempts(ctx, "dana reyes")
	if err != nil {
		t.Fatal(err)
	}
	if want := []practice.Attempt{a0, a1}; !reflect.DeepEqual(got, want) {
		t.Errorf("progress = %+v, want oldest first %+v", got, want)
	}
	// A session on the team server sees the history: the low one comes back.
	if cards := practice.Schedule(got); cards["concl-works-fine"].Box != 1 {
		t.Errorf("cards = %+v", cards)
	}
}

func TestErrors(t *testing.T) {
	ts := &teamServer{token: "right"}
	srv := httptest.NewServer(ts.handler())
	defer srv.Close()
	ctx := context.Background()

	c, _ := remote.New(srv.URL+"/team", "wrong")
	_, err := c.Attempts(ctx, "dana")
	if pushback.ErrorCode(err) != pushback.EUNAUTHORIZED || !strings.Contains(err.Error(), "bad token") {
		t.Errorf("wrong token: %v", err)
	}

	c, _ = remote.New(srv.URL+"/elsewhere", "right")
	if _, err := c.Attempts(ctx, "dana"); pushback.ErrorCode(err) != pushback.ENOTFOUND {
		t.Errorf("wrong path: %v", err)
	}

	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "<html>") }))
	defer bad.Close()
	c, _ = remote.New(bad.URL, "")
	if _, err := c.Attempts(ctx, "dana"); err == nil || !strings.Contains(err.Error(), `{"attempts": [...]}`) {
		t.Errorf("HTML instead of JSON: %v", err)
	}

	c, _ = remote.New(srv.URL+"/team", "right")
	if err := c.Record(ctx, practice.Attempt{Rep: "dana"}); pushback.ErrorCode(err) != pushback.EINVALID {
		t.Errorf("invalid attempt: %v", err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, _ = remote.New(closed.URL, "")
	if _, err := c.Attempts(ctx, "dana"); err == nil || !strings.HasPrefix(err.Error(), "team server "+closed.URL) {
		t.Errorf("server down: %v", err)
	}

	for _, u := range []string{"", "ftp://x", "pushback.example.com", "http://"} {
		if _, err := remote.New(u, ""); pushback.ErrorCode(err) != pushback.EINVALID {
			t.Errorf("New(%q) = %v, want EINVALID", u, err)
		}
	}
}
