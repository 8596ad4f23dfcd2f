// Package loadtest measures how fast the live copilot nudges: it serves
// live.Handler on loopback, opens many WebSocket sessions at once, each
// replaying a labelled call's utterances as final results at the call's own
// pace (sped up), and measures, for every utterance that produces a moment,
// the time from its arrival at the server to the moment event leaving it
// (the event's latency_us) and the round trip the client sees.
package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/live"
)

// Script is one call to replay: the messages a client sends and when.
type Script struct {
	Name     string
	Engine   *engine.Engine
	Messages [][]byte           // the start message, then the utterances
	At       []pushback.Seconds // call time of each message
}

// Scripts builds a script from every labelled call in dir: a start message
// naming the labelled reps, then each turn's sentences as final utterances
// ({"speaker","text","start","end"}), at the times live.FromCall gives them.
func Scripts(dir string) ([]Script, error) {
	cases, err := labels.LoadDir(dir, nil)
	if err != nil {
		return nil, err
	}
	engines := map[string]*engine.Engine{}
	var scripts []Script
	for _, c := range cases {
		eng := engines[c.Playbook.Version]
		if eng == nil {
			if eng, err = engine.New(c.Playbook); err != nil {
				return nil, err
			}
			engines[c.Playbook.Version] = eng
		}
		s := Script{Name: c.Name, Engine: eng}
		start, _ := json.Marshal(map[string]any{"type": "start", "rep": c.Labels.Rep, "title": c.Call.Source})
		s.Messages = append(s.Messages, start)
		s.At = append(s.At, 0)
		for _, e := range live.FromCall(c.Call) {
			u := e.Msg.Utterances[0]
			b, _ := json.Marshal(map[string]any{"speaker": u.Speaker, "text": u.Text, "start": seconds(u.Start), "end": seconds(u.End)})
			s.Messages = append(s.Messages, b)
			s.At = append(s.At, e.At)
		}
		scripts = append(scripts, s)
	}
	return scripts, nil
}

func seconds(s pushback.Seconds) any {
	if !s.Known() {
		return nil
	}
	return float64(s)
}

// Config is one load run.
type Config struct {
	Sessions int           // sessions open at once
	Speed    float64       // how many times faster than the calls went; 0 sends as fast as the connection takes
	Duration time.Duration // stop each session after this much wall time; 0 plays whole calls
	Scripts  []Script      // sessions take them in turn
	Seed     uint64        // staggers the sessions' starts
}

// Result is what a run measured.
type Result struct {
	Sessions  int
	Messages  int // utterances sent
	Events    int // events received
	Moments   int // utterances that produced a moment event: the samples below
	Server    Dist
	Client    Dist
	AllServer Dist // every event caused by an utterance (moments, feedback, ...)
	Wall      time.Duration
	// SessionHeap is the live heap per session while every session holds
	// its call, over the heap before they opened (both ends of each
	// connection included: the client runs in the same process).
	SessionHeap uint64
	Goroutines  int
}

// Dist summarises latencies.
type Dist struct {
	N                  int
	P50, P95, P99, Max time.Duration
}

func dist(xs []time.Duration) Dist {
	if len(xs) == 0 {
		return Dist{}
	}
	slices.Sort(xs)
	at := func(p float64) time.Duration {
		i := int(float64(len(xs))*p+0.999999) - 1
		return xs[min(max(i, 0), len(xs)-1)]
	}
	return Dist{N: len(xs), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: xs[len(xs)-1]}
}

func (d Dist) String() string {
	return fmt.Sprintf("p50 %s  p95 %s  p99 %s  max %s  (n=%d)", us(d.P50), us(d.P95), us(d.P99), us(d.Max), d.N)
}

func us(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e3, 'f', 0, 64) + "µs" }

// Run serves live.Handler on a loopback port and plays cfg.Sessions
// sessions against it at once.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Sessions <= 0 || len(cfg.Scripts) == 0 {
		return Result{}, fmt.Errorf("loadtest: no sessions or no scripts")
	}
	var holding sync.WaitGroup // sessions that have sent everything but "end"
	holding.Add(cfg.Sessions)
	release := make(chan struct{})
	h := live.Handler(live.HandlerConfig{
		Authenticate: func(*http.Request) (string, error) { return "bench", nil },
		Engine: func(r *http.Request, _ string) (*engine.Engine, error) {
			i, err := strconv.Atoi(r.URL.Query().Get("script"))
			if err != nil || i < 0 || i >= len(cfg.Scripts) {
				return nil, pushback.Errorf(pushback.EINVALID, "no such script")
			}
			return cfg.Scripts[i].Engine, nil
		},
		Save:        func(context.Context, *pushback.Call, *pushback.Analysis, string) (string, error) { return "saved", nil },
		MaxSessions: cfg.Sessions,
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/?script="

	var (
		mu               sync.Mutex
		server, client   []time.Duration
		all              []time.Duration
		messages, events atomic.Int64
		firstErr         error
		wg               sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	heapBefore := liveHeap()
	began := time.Now()
	for i := range cfg.Sessions {
		si := i % len(cfg.Scripts)
		stagger := time.Duration(rng.Float64() * float64(time.Second))
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := runSession(ctx, url+strconv.Itoa(si), &cfg.Scripts[si], cfg, stagger, &holding, release)
			if err != nil {
				fail(fmt.Errorf("session %d (%s): %w", i, cfg.Scripts[si].Name, err))
			}
			messages.Add(int64(r.messages))
			events.Add(int64(r.events))
			mu.Lock()
			server = append(server, r.server...)
			client = append(client, r.client...)
			all = append(all, r.all...)
			mu.Unlock()
		}()
	}
	// Once every session has said everything but "end", the server holds
	// all the calls: weigh them.
	waited := make(chan struct{})
	go func() { holding.Wait(); close(waited) }()
	var heap uint64
	var goroutines int
	select {
	case <-waited:
		if h := liveHeap(); h > heapBefore {
			heap = (h - heapBefore) / uint64(cfg.Sessions)
		}
		goroutines = runtime.NumGoroutine()
	case <-ctx.Done():
	}
	close(release)
	wg.Wait()
	res := Result{
		Sessions: cfg.Sessions, Messages: int(messages.Load()), Events: int(events.Load()),
		Moments: len(server), Server: dist(server), Client: dist(client), AllServer: dist(all),
		Wall: time.Since(began), SessionHeap: heap, Goroutines: goroutines,
	}
	return res, firstErr
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

type sessionResult struct {
	messages, events    int
	server, client, all []time.Duration
}

// runSession plays one script: it sends each message when due and, on
// another goroutine, reads the events, timing each utterance's first
// moment event by the send time of the message it names.
func runSession(ctx context.Context, url string, s *Script, cfg Config, stagger time.Duration, holding *sync.WaitGroup, release <-chan struct{}) (sessionResult, error) {
	var res sessionResult
	held := false
	defer func() {
		if !held {
			holding.Done()
		}
	}()
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return res, err
	}
	defer c.CloseNow()
	c.SetReadLimit(1 << 20)

	sent := make([]atomic.Int64, len(s.Messages)+2) // by line: when it was sent, in ns since began
	began := time.Now()
	type readResult struct {
		sessionResult
		err error
	}
	done := make(chan readResult, 1)
	go func() {
		var r readResult
		timed := map[int]bool{}
		for {
			_, b, err := c.Read(ctx)
			now := time.Since(began)
			if err != nil {
				if websocket.CloseStatus(err) != websocket.StatusNormalClosure {
					r.err = err
				}
				done <- r
				return
			}
			r.events++
			var e struct {
				Type      live.EventType `json:"type"`
				Line      int            `json:"line"`
				LatencyUS int64          `json:"latency_us"`
				Message   string         `json:"message"`
			}
			if err := json.Unmarshal(b, &e); err != nil {
				r.err = err
				continue
			}
			if e.Type == live.EventError {
				r.err = fmt.Errorf("error event: %s", e.Message)
			}
			if e.Line <= 1 || e.Line >= len(sent) || e.LatencyUS == 0 {
				continue
			}
			lat := time.Duration(e.LatencyUS) * time.Microsecond
			r.all = append(r.all, lat)
			if e.Type == live.EventMoment && !timed[e.Line] {
				timed[e.Line] = true
				r.server = append(r.server, lat)
				r.client = append(r.client, now-time.Duration(sent[e.Line].Load()))
			}
		}
	}()

	first := s.At[0]
	if len(s.At) > 1 {
		first = s.At[1]
	}
	for i, msg := range s.Messages {
		if cfg.Speed > 0 && i > 0 {
			due := stagger + time.Duration(float64(s.At[i]-first)/cfg.Speed*float64(time.Second))
			if cfg.Duration > 0 && due > cfg.Duration {
				break
			}
			if wait := due - time.Since(began); wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return res, ctx.Err()
				}
			}
		}
		sent[i+1].Store(int64(time.Since(began)))
		if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
			return res, err
		}
		if i > 0 {
			res.messages++
		}
	}
	held = true
	holding.Done()
	select {
	case <-release:
	case <-ctx.Done():
		return res, ctx.Err()
	}
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"type":"end"}`)); err != nil {
		return res, err
	}
	r := <-done
	res.events, res.server, res.client, res.all = r.events, r.server, r.client, r.all
	return res, r.err
}
