package auth

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
)

// LoginLimit says how many failed logins a key (a client address, a
// username) may have within Window before it is blocked for the rest of it.
type LoginLimit struct {
	Failures int
	Window   time.Duration
}

// DefaultLoginLimit allows 5 failures per 15 minutes.
var DefaultLoginLimit = LoginLimit{Failures: 5, Window: 15 * time.Minute}

// LoginLimiter counts failed logins per key in memory. Each server process
// counts its own; behind a load balancer a client gets at most the limit
// times the number of processes.
type LoginLimiter struct {
	limit LoginLimit
	now   func() time.Time

	mu   sync.Mutex
	keys map[string]*window
	seen int
}

type window struct {
	start    time.Time
	failures int
}

// NewLoginLimiter returns a limiter with the limit.
func NewLoginLimiter(l LoginLimit) *LoginLimiter {
	return &LoginLimiter{limit: l, now: time.Now, keys: map[string]*window{}}
}

// Blocked returns how long until the most blocked of the keys may try
// again, or 0 when none is blocked.
func (l *LoginLimiter) Blocked(keys ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for _, k := range keys {
		w := l.keys[k]
		if w == nil || now.Sub(w.start) >= l.limit.Window {
			continue
		}
		if w.failures >= l.limit.Failures {
			wait = max(wait, w.start.Add(l.limit.Window).Sub(now))
		}
	}
	return wait
}

// Fail counts a failed login against the keys.
func (l *LoginLimiter) Fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range keys {
		w := l.keys[k]
		if w == nil || now.Sub(w.start) >= l.limit.Window {
			w = &window{start: now}
			l.keys[k] = w
		}
		w.failures++
	}
	l.seen++
	if l.seen%1024 == 0 {
		for k, w := range l.keys {
			if now.Sub(w.start) >= l.limit.Window {
				delete(l.keys, k)
			}
		}
	}
}

// Reset forgets the failures of the keys (after a successful login).
func (l *LoginLimiter) Reset(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.keys, k)
	}
}

// RateLimitError says a login was refused for too many failures.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many failed logins: try again in %d seconds", e.Seconds())
}

// Seconds is RetryAfter rounded up, for the Retry-After header.
func (e *RateLimitError) Seconds() int { return int(math.Ceil(e.RetryAfter.Seconds())) }

// Unwrap gives the error its rate-limited code.
func (e *RateLimitError) Unwrap() error { return pushback.Errorf(pushback.ERATELIMIT, "%s", e.Error()) }
