package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/live"
)

// savedCalls is a Save hook that keeps what it was given.
type savedCalls struct {
	mu    sync.Mutex
	calls map[string]*pushback.Analysis
	users map[string]string
	done  chan string
}

func newSaved() *savedCalls {
	return &savedCalls{calls: map[string]*pushback.Analysis{}, users: map[string]string{}, done: make(chan string, 16)}
}

func (s *savedCalls) save(_ context.Context, call *pushback.Call, a *pushback.Analysis, user string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if call == nil || call.Source != a.Source {
		return "", errors.New("call and analysis disagree")
	}
	id := "call-" + string(rune('a'+len(s.calls)))
	s.calls[id], s.users[id] = a, user
	s.done <- id
	return id, nil
}

func startServer(t *testing.T, eng *engine.Engine, saved *savedCalls) *httptest.Server {
	t.Helper()
	h := live.Handler(live.HandlerConfig{
		Authenticate: func(r *http.Request) (string, error) {
			if r.Header.Get("Authorization") != "Bearer good" {
				return "", pushback.Errorf(pushback.EUNAUTHORIZED, "a token is needed")
			}
			return "dana", nil
		},
		Engine: func(*http.Request, string) (*engine.Engine, error) { return eng, nil },
		Save:   saved.save,
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func dial(t *testing.T, srv *httptest.Server) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), &websocket.DialOptions{
		HTTPHeader: http.Header{"Authorization": {"Bearer good"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// readEvents reads events until the connection closes.
func readEvents(ctx context.Context, c *websocket.Conn) ([]live.Event, error) {
	var events []live.Event
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			if websocket.CloseStatus(err) == websocket.StatusNormalClosure {
				return events, nil
			}
			return events, err
		}
		var e live.Event
		if err := json.Unmarshal(b, &e); err != nil {
			return events, err
		}
		events = append(events, e)
	}
}

// TestWebSocketSession streams a labelled call over the WebSocket with a
// bad message and a binary one in the middle, and checks the events, the
// saved call and the summary's call id.
func TestWebSocketSession(t *testing.T) {
	c0 := labelled(t)[0]
	eng := engineFor(t, c0.Playbook)
	saved := newSaved()
	srv := startServer(t, eng, saved)
	c := dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	type result struct {
		events []live.Event
		err    error
	}
	got := make(chan result, 1)
	go func() {
		events, err := readEvents(ctx, c)
		got <- result{events, err}
	}()
	send := func(v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Write(ctx, websocket.MessageText, b); err != nil {
			t.Fatal(err)
		}
	}
	send(map[string]any{"type": "start", "rep": c0.Labels.Rep, "title": c0.Call.Source})
	entries := live.FromCall(c0.Call)
	for i, e := range entries {
		u := e.Msg.Utterances[0]
		send(map[string]any{"speaker": u.Speaker, "text": u.Text, "start": jsonTime(u.Start), "end": jsonTime(u.End), "is_final": true})
		if i == 3 {
			if err := c.Write(ctx, websocket.MessageText, []byte(`{"speaker": "Bob", "text": `)); err != nil {
				t.Fatal(err)
			}
			if err := c.Write(ctx, websocket.MessageBinary, []byte{0, 1, 2}); err != nil {
				t.Fatal(err)
			}
		}
	}
	send(map[string]string{"type": "end"})
	r := <-got
	if r.err != nil {
		t.Fatal(r.err)
	}
	events := r.events
	if events[0].Type != live.EventHello || events[0].Schema != live.Schema || events[0].Session == "" {
		t.Fatalf("first event: %+v", events[0])
	}
	var errorsSeen []live.Event
	var kept []live.Event
	for _, e := range events[1:] {
		if e.Type == live.EventError {
			errorsSeen = append(errorsSeen, e)
			continue
		}
		kept = append(kept, e)
	}
	if len(errorsSeen) != 2 || errorsSeen[0].Line != 6 || errorsSeen[1].Line != 7 ||
		!strings.Contains(errorsSeen[0].Message, "JSON") || !strings.Contains(errorsSeen[1].Message, "binary") {
		t.Fatalf("error events: %+v", errorsSeen)
	}
	summary := kept[len(kept)-1]
	if summary.Type != live.EventSummary || summary.CallID == "" {
		t.Fatalf("last event: %+v", summary)
	}
	saved.mu.Lock()
	a := saved.calls[summary.CallID]
	user := saved.users[summary.CallID]
	saved.mu.Unlock()
	if user != "dana" {
		t.Fatalf("saved for %q", user)
	}
	a.Source, a.Format = c0.Call.Source, c0.Call.Format
	sameAnalysis(t, c0.Name, a, eng.Analyze(c0.Call))
	checkEvents(t, c0.Name, kept, a)
	for _, e := range kept {
		if (e.Type == live.EventMoment || e.Type == live.EventFeedback) && (e.LatencyUS <= 0 || e.Line == 0) {
			t.Fatalf("event without latency or line: %+v", e)
		}
	}
}

// TestWebSocketDisconnectSaves: a client that goes away without "end"
// still gets its call saved.
func TestWebSocketDisconnectSaves(t *testing.T) {
	c0 := labelled(t)[0]
	saved := newSaved()
	srv := startServer(t, engineFor(t, c0.Playbook), saved)
	c := dial(t, srv)
	ctx := context.Background()
	for _, line := range []string{`{"speaker":"Nadia Okafor","text":"Hi Greg, thanks for making time."}`, `Greg Hollis: Honestly, you guys will probably raise the price after a year.`} {
		if err := c.Write(ctx, websocket.MessageText, []byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := c.Read(ctx); err != nil { // hello
		t.Fatal(err)
	}
	c.CloseNow()
	select {
	case id := <-saved.done:
		saved.mu.Lock()
		a := saved.calls[id]
		saved.mu.Unlock()
		if len(a.Turns) != 2 {
			t.Fatalf("saved %d turns", len(a.Turns))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call was not saved")
	}
}

func TestWebSocketRefusesWithoutToken(t *testing.T) {
	c0 := labelled(t)[0]
	srv := startServer(t, engineFor(t, c0.Playbook), newSaved())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err == nil {
		t.Fatal("connected without a token")
	}
	if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("response %v, want 401", resp)
	}
}
