package live

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
)

// HandlerConfig configures the WebSocket endpoint of live sessions.
type HandlerConfig struct {
	// Authenticate names the user of a request before the upgrade (a
	// bearer token, a session cookie, a token in the query: the server's
	// choice); an error refuses the connection. Required.
	Authenticate func(r *http.Request) (user string, err error)
	// Engine returns the engine for the user's team and playbook. Required.
	Engine func(r *http.Request, user string) (*engine.Engine, error)
	// Save keeps an ended session's call and analysis and returns the
	// call's id, which the summary event carries. Optional.
	Save func(ctx context.Context, call *pushback.Call, a *pushback.Analysis, user string) (id string, err error)
	// WriteError writes the HTTP error when a connection is refused
	// before the upgrade; nil writes {"error":{"code","message"}}.
	WriteError func(w http.ResponseWriter, r *http.Request, err error)
	// OriginPatterns are the other origins browsers may connect from
	// (websocket.AcceptOptions); the request's own host is always allowed.
	OriginPatterns []string
	// MaxSessions bounds the sessions open at once; 0 means 1000.
	MaxSessions int
	// IdleTimeout ends a session that receives no message for that long;
	// 0 means ten minutes.
	IdleTimeout time.Duration
	// Limits bound each session.
	Limits Limits
	// Logger logs sessions that could not be saved; nil uses slog.Default.
	Logger *slog.Logger
}

// MaxMessageBytes is the largest WebSocket message a client may send.
const MaxMessageBytes = 64 << 10

// saveTimeout bounds Save once a session has ended.
const saveTimeout = 30 * time.Second

// Handler serves live sessions over WebSocket. The client sends input
// messages, one JSON object per text message, of the kinds stdin takes
// (an optional {"type":"start","rep":[...],"title":...} first, then
// utterances {"speaker","text","start","end","is_final"} or a speech
// service's streaming messages, then {"type":"end"}); the server sends
// the pushback.live/v1 events, one per message. At the end (or when the
// client goes away) the call is saved with Save; after an "end" the
// summary carries the call's id and the server closes the connection.
func Handler(cfg HandlerConfig) http.Handler {
	if cfg.Authenticate == nil || cfg.Engine == nil {
		panic("live.Handler: HandlerConfig needs Authenticate and Engine")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = 1000
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 10 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &handler{cfg: cfg, slots: make(chan struct{}, cfg.MaxSessions)}
}

type handler struct {
	cfg   HandlerConfig
	slots chan struct{}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, err := h.cfg.Authenticate(r)
	if err != nil {
		if pushback.ErrorCode(err) == pushback.EINTERNAL {
			err = pushback.Errorf(pushback.EUNAUTHORIZED, "%s", pushback.ErrorMessage(err))
		}
		h.fail(w, r, err)
		return
	}
	eng, err := h.cfg.Engine(r, user)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	select {
	case h.slots <- struct{}{}:
		defer func() { <-h.slots }()
	default:
		h.fail(w, r, pushback.Errorf(pushback.ERATELIMIT, "too many live sessions: try again shortly"))
		return
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OriginPatterns:  h.cfg.OriginPatterns,
		CompressionMode: websocket.CompressionDisabled, // small messages; latency first
	})
	if err != nil {
		return // Accept has written the response
	}
	defer c.CloseNow()
	c.SetReadLimit(MaxMessageBytes)
	h.serve(r.Context(), c, eng, user)
}

// serve runs one session: read a message, hand it to the session, write
// its events; one goroutine, so the session needs no lock.
func (h *handler) serve(ctx context.Context, c *websocket.Conn, eng *engine.Engine, user string) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A session that hears nothing for IdleTimeout ends: cancelling the
	// context closes the connection, which also frees a blocked write.
	idle := time.AfterFunc(h.cfg.IdleTimeout, cancel)
	defer idle.Stop()

	s := New(eng, Options{Limits: h.cfg.Limits})
	enc := NewEncoder(nil)
	write := func(events []Event) error {
		for i := range events {
			b, err := enc.Marshal(&events[i])
			if err != nil {
				return err
			}
			if err := c.Write(ctx, websocket.MessageText, b); err != nil {
				return err
			}
		}
		return nil
	}
	hello := s.Hello(newSessionID())
	if write([]Event{hello}) != nil {
		return
	}
	var dec Decoder
	var buf bytes.Buffer
	for line := 1; ; line++ {
		typ, rd, err := c.Reader(ctx)
		if err == nil {
			buf.Reset()
			_, err = buf.ReadFrom(rd)
		}
		if err != nil {
			break // gone, idle or over the size limit: end the session below
		}
		arrived := time.Now()
		idle.Reset(h.cfg.IdleTimeout)
		var events []Event
		if typ != websocket.MessageText {
			events = s.InputError(line, errors.New("binary message: expected JSON text"), arrived)
		} else if msg, err := dec.Decode(buf.Bytes()); err != nil {
			events = s.InputError(line, err, arrived)
		} else if msg.Kind == End {
			events = h.end(ctx, s, user, line, arrived)
			if write(events) == nil {
				c.Close(websocket.StatusNormalClosure, "session ended")
			}
			return
		} else {
			events = s.Handle(msg, line, arrived)
		}
		if write(events) != nil {
			break
		}
	}
	h.end(ctx, s, user, 0, time.Time{})
}

// end ends the session and saves its call; the summary carries the call's id.
func (h *handler) end(ctx context.Context, s *Session, user string, line int, arrived time.Time) []Event {
	events := s.End(line, arrived)
	a := s.Analysis()
	if h.cfg.Save == nil || a == nil || len(a.Turns) == 0 {
		return events
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	id, err := h.cfg.Save(ctx, s.Call(), a, user)
	if err != nil {
		h.cfg.Logger.Error("live: saving the call", "user", user, "err", err)
		summary := events[len(events)-1]
		events = append(events[:len(events)-1], Event{Type: EventError, At: summary.At, Line: line,
			Code: pushback.ErrorCode(err), Message: "the call could not be saved: " + pushback.ErrorMessage(err)}, summary)
		return events
	}
	events[len(events)-1].CallID = id
	return events
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if h.cfg.WriteError != nil {
		h.cfg.WriteError(w, r, err)
		return
	}
	code := pushback.ErrorCode(err)
	status := http.StatusInternalServerError
	switch code {
	case pushback.EINVALID:
		status = http.StatusBadRequest
	case pushback.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	case pushback.EFORBIDDEN:
		status = http.StatusForbidden
	case pushback.ENOTFOUND:
		status = http.StatusNotFound
	case pushback.ERATELIMIT:
		status = http.StatusTooManyRequests
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": pushback.ErrorMessage(err)}})
}

func newSessionID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
