package practice

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
)

// Options configure a practice session.
type Options struct {
	Judge   Judge    // the response judge: *engine.Engine
	Library *Library // the scenarios
	Store   Store    // where attempts are kept; nil keeps them in memory
	Rep     string   // whose progress; required
	Filter  Filter   // which scenarios to play
	Now     func() time.Time
	Seed    uint64 // seeds the choice among equally good scenarios; 0 uses the clock
}

// Session is one rep practising: it picks scenarios (spaced repetition over
// the rep's history), plays them, scores and records the attempts, offers the
// FEAR reframe, and sums up. Its methods may be called from any goroutine.
type Session struct {
	mu      sync.Mutex
	coach   *Coach
	lib     *Library
	store   Store
	rep     string
	filter  Filter
	now     func() time.Time
	rng     *rand.Rand
	history []Attempt // the rep's attempts, oldest first, this session's included
	done    []Attempt // this session's attempts
	last    string    // the scenario played last
	offer   *pushback.Scenario
}

// NewSession loads the rep's history from the store and starts a session.
func NewSession(ctx context.Context, o Options) (*Session, error) {
	if o.Judge == nil || o.Library == nil {
		return nil, fmt.Errorf("practice: a session needs a judge and a library")
	}
	rep := strings.TrimSpace(o.Rep)
	if rep == "" {
		return nil, pushback.Errorf(pushback.EINVALID, "practice: no rep: expected --rep NAME")
	}
	if err := o.Filter.Check(o.Library); err != nil {
		return nil, err
	}
	s := &Session{coach: NewCoach(o.Judge), lib: o.Library, store: o.Store, rep: rep, filter: o.Filter, now: o.Now}
	if s.store == nil {
		s.store = &MemoryStore{}
	}
	if s.now == nil {
		s.now = time.Now
	}
	seed := o.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	s.rng = rand.New(rand.NewPCG(seed, seed>>1|1))
	h, err := s.store.Attempts(ctx, rep)
	if err != nil {
		return nil, err
	}
	s.history = h
	return s, nil
}

// Rep is whose session it is.
func (s *Session) Rep() string { return s.rep }

// Next picks the next scenario: the easier one a FEAR reframe offered, else
// by spaced repetition among the scenarios that pass the session's filter.
func (s *Session) Next() (pushback.Scenario, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.offer != nil {
		sc := *s.offer
		s.offer = nil
		return sc, nil
	}
	cands := s.lib.Filter(s.filter)
	sc, ok := choose(cands, Schedule(s.history), s.now(), s.last, targetDifficulty(s.history), s.rng)
	if !ok {
		return pushback.Scenario{}, pushback.Errorf(pushback.ENOTFOUND, "no practice scenarios match the filter")
	}
	return sc, nil
}

// Begin starts playing a scenario.
func (s *Session) Begin(sc pushback.Scenario) *Conversation {
	s.mu.Lock()
	s.last = sc.ID
	s.mu.Unlock()
	return s.coach.Begin(sc)
}

// Finish assesses the conversation. A complete reply is recorded in the
// store and may come with the FEAR reframe; a reply the prospect is still
// waiting on (StatusContinue) is assessed but not recorded. When the store
// fails, the result is still returned, with Recorded false, and the error.
func (s *Session) Finish(ctx context.Context, c *Conversation) (*Result, error) {
	r := c.Assess()
	r.Rep = s.rep
	r.At = s.now().UTC()
	if r.Status != StatusScored {
		return r, nil
	}
	a := Attempt{
		Rep: s.rep, ScenarioID: r.Scenario.ID, Category: r.Scenario.Category, Reply: r.Reply,
		Scores: r.Scores.Skills, Score: r.Scores.Overall, At: r.At,
	}
	err := s.store.Record(ctx, a)
	r.Recorded = err == nil

	s.mu.Lock()
	defer s.mu.Unlock()
	s.history = append(s.history, a)
	s.done = append(s.done, a)
	if !r.Scores.PushedBack {
		r.FearReframe = s.reframe(r.Scenario)
		if r.FearReframe != nil {
			s.offer = r.FearReframe.Easier
		}
	}
	return r, err
}

// reframe offers the FEAR reframe when the rep has let the last few moments
// go in a row, or pushed back on too few of the recent ones.
func (s *Session) reframe(sc pushback.Scenario) *Reframe {
	f := coachConfig().Fear
	recent := s.history[max(0, len(s.history)-f.Window):]
	letGo := 0
	for _, a := range recent {
		if !a.Scores.PushedBack {
			letGo++
		}
	}
	streak := letGoStreak(s.history)
	lowCourage := len(recent) == f.Window && 1-float64(letGo)/float64(len(recent)) < f.MinCourage
	if streak < f.LetGoStreak && !lowCourage {
		return nil
	}
	r := &Reframe{LetGo: letGo, Of: len(recent)}
	r.Message = fill(f.Message, map[string]string{
		"count": strconv.Itoa(letGo), "of": strconv.Itoa(len(recent)), "name": sc.Prospect,
	})
	if e, ok := s.easier(sc); ok {
		r.Easier = &e
	}
	return r
}

// easier finds a scenario of the same kind and a lower difficulty (another
// easy one when sc is easy), preferring what the rep has not done or did badly.
func (s *Session) easier(sc pushback.Scenario) (pushback.Scenario, bool) {
	rank := difficultyRank(sc.Difficulty)
	var cands []pushback.Scenario
	for _, c := range s.lib.Filter(Filter{Category: sc.Category}) {
		if r := difficultyRank(c.Difficulty); r < rank || (rank == 0 && r == 0) {
			cands = append(cands, c)
		}
	}
	return choose(cands, Schedule(s.history), s.now(), sc.ID, pushback.Easy, s.rng)
}

// Summary sums up this session's attempts.
func (s *Session) Summary() Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := Summarize(s.done)
	sum.Rep = s.rep
	return sum
}

// History returns the rep's attempts, oldest first, this session's included.
func (s *Session) History() []Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Attempt(nil), s.history...)
}
