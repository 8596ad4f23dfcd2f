package practice

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
)

// Attempt is one scored practice reply, as stored and as sent to a team
// server (POST /api/v1/practice/attempts; see doc.go).
type Attempt struct {
	Rep        string            `json:"rep"`
	ScenarioID string            `json:"scenario_id"`
	Category   pushback.Category `json:"category"`
	Reply      string            `json:"reply"`
	Scores     Skills            `json:"scores"`
	Score      int               `json:"score"` // overall, 0 to 100
	At         time.Time         `json:"at"`
}

// Progress is a rep's practice history, oldest attempt first
// (GET /api/v1/practice/progress?rep=ID).
type Progress struct {
	Attempts []Attempt `json:"attempts"`
}

// Store keeps practice attempts. Reps are matched case-insensitively.
// Implementations: practice/sqlite (a local file) and practice/remote (a
// team server).
type Store interface {
	// Record stores one attempt.
	Record(ctx context.Context, a Attempt) error
	// Attempts returns the rep's attempts, oldest first.
	Attempts(ctx context.Context, rep string) ([]Attempt, error)
}

// Validate checks an attempt before it is stored: EINVALID errors name the
// field.
func (a Attempt) Validate() error {
	switch {
	case strings.TrimSpace(a.Rep) == "":
		return pushback.Errorf(pushback.EINVALID, "attempt: rep is empty")
	case strings.TrimSpace(a.ScenarioID) == "":
		return pushback.Errorf(pushback.EINVALID, "attempt: scenario_id is empty")
	case !a.Category.Valid():
		return pushback.Errorf(pushback.EINVALID, "attempt: category %q: expected incorrect_fact, unfounded_conclusion or forward_looking", a.Category)
	case a.Score < 0 || a.Score > 100:
		return pushback.Errorf(pushback.EINVALID, "attempt: score %d: expected 0 to 100", a.Score)
	case a.At.IsZero():
		return pushback.Errorf(pushback.EINVALID, "attempt: at is missing")
	}
	return nil
}

// MemoryStore keeps attempts in memory: for tests, and for sessions that
// should leave nothing behind.
type MemoryStore struct {
	mu       sync.Mutex
	attempts []Attempt
}

// Record stores a copy of a.
func (m *MemoryStore) Record(_ context.Context, a Attempt) error {
	if err := a.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.attempts = append(m.attempts, a)
	return nil
}

// Attempts returns the rep's attempts, oldest first.
func (m *MemoryStore) Attempts(_ context.Context, rep string) ([]Attempt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Attempt
	for _, a := range m.attempts {
		if strings.EqualFold(a.Rep, rep) {
			out = append(out, a)
		}
	}
	sortAttempts(out)
	return out, nil
}

// sortAttempts orders attempts oldest first, keeping the order of equal times.
func sortAttempts(as []Attempt) {
	slices.SortStableFunc(as, func(a, b Attempt) int { return a.At.Compare(b.At) })
}
