package practice_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

func attempt(id string, cat pushback.Category, score int, at time.Time) practice.Attempt {
	return practice.Attempt{Rep: "Dana Reyes", ScenarioID: id, Category: cat, Reply: "r", Score: score, At: at,
		Scores: practice.Skills{PushedBack: score > 0}}
}

func TestScheduleBoxes(t *testing.T) {
	steps := []struct {
		score   int
		box     int
		dueIn   time.Duration
		comment string
	}{
		{30, 1, 10 * time.Minute, "low: first box, back in minutes"},
		{90, 2, 24 * time.Hour, "good: up a box"},
		{95, 3, 72 * time.Hour, "good again: up again"},
		{65, 3, 72 * time.Hour, "middling: stays"},
		{20, 1, 10 * time.Minute, "low: back to the first box"},
	}
	var as []practice.Attempt
	at := t0
	for _, s := range steps {
		as = append(as, attempt("x", pushback.ForwardLooking, s.score, at))
		c := practice.Schedule(as)["x"]
		if c.Box != s.box || !c.Due.Equal(at.Add(s.dueIn)) || c.LastScore != s.score || c.Attempts != len(as) {
			t.Errorf("after %d (%s): %+v, want box %d due %v", s.score, s.comment, c, s.box, at.Add(s.dueIn))
		}
		at = at.Add(100 * 24 * time.Hour)
	}
}

func TestSpacedRepetitionBringsBackLowScoresFirst(t *testing.T) {
	_, lib := defaultLibrary(t)
	store := &practice.MemoryStore{}
	ctx := context.Background()
	// Dana did two scenarios an hour ago: one badly, one well.
	for _, a := range []practice.Attempt{
		attempt("fwd-price-hike", pushback.ForwardLooking, 95, t0),
		attempt("fact-annual-only", pushback.IncorrectFact, 20, t0),
	} {
		if err := store.Record(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	c := &clock{t: t0.Add(time.Hour)}
	s := newSession(t, lib, store, practice.Filter{}, c)
	if sc, _ := s.Next(); sc.ID != "fact-annual-only" {
		t.Errorf("an hour later Next = %s, want the low-scored fact-annual-only back before anything new", sc.ID)
	}

	// Two days on both are due: the low one still comes first.
	c.t = t0.Add(48 * time.Hour)
	s = newSession(t, lib, store, practice.Filter{}, c)
	if sc, _ := s.Next(); sc.ID != "fact-annual-only" {
		t.Errorf("with both due Next = %s, want the low-scored one first", sc.ID)
	}
	// Once it is done well, the other one due comes back.
	play(t, s, mustScenario(t, lib, "fact-annual-only"), fmt.Sprintf(goodReply, "Marcus"))
	if sc, _ := s.Next(); sc.ID != "fwd-price-hike" {
		t.Errorf("after redoing the low one well, Next = %s, want the other due scenario", sc.ID)
	}
}

func TestNewRepStartsEasy(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{Category: pushback.UnfoundedConclusion}, nil)
	for range 5 {
		sc, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if sc.Difficulty != pushback.Easy || sc.Category != pushback.UnfoundedConclusion {
			t.Errorf("a new rep got %s (%s, %s), want an easy unfounded conclusion", sc.ID, sc.Difficulty, sc.Category)
		}
		play(t, s, sc, letGoReply)
	}
}

func TestDifficultyRampsUp(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{Category: pushback.IncorrectFact}, nil)
	var got []pushback.Difficulty
	for range 5 {
		sc, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, sc.Difficulty)
		play(t, s, sc, fmt.Sprintf(goodReply, sc.Prospect)) // 100 every time
	}
	want := []pushback.Difficulty{pushback.Easy, pushback.Medium, pushback.Medium, pushback.Hard, pushback.Hard}
	if !slices.Equal(got, want) {
		t.Errorf("a rep scoring 100 every time got %v, want %v", got, want)
	}
}

func TestNextNeverRepeatsTheLastScenarioWhileOthersRemain(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{Industry: "retail", Difficulty: pushback.Hard}, nil)
	prev := ""
	for range 6 {
		sc, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if sc.ID == prev {
			t.Fatalf("%s came twice in a row", sc.ID)
		}
		prev = sc.ID
		play(t, s, sc, letGoReply) // low scores: all due again soon
	}
}

func TestFearReframeAfterLettingMomentsGo(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{Category: pushback.ForwardLooking, Difficulty: pushback.Medium}, nil)
	var last *practice.Result
	for i := 1; i <= 3; i++ {
		sc, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		last = play(t, s, sc, letGoReply)
		if i < 3 && last.FearReframe != nil {
			t.Fatalf("reframe offered after %d let-go, want it after 3", i)
		}
	}
	f := last.FearReframe
	if f == nil {
		t.Fatal("no FEAR reframe after three moments let go in a row")
	}
	if !strings.Contains(f.Message, "False Expectations Appearing Real") || f.LetGo != 3 || strings.Contains(f.Message, "{") {
		t.Errorf("reframe = %+v", f)
	}
	if f.Easier == nil || f.Easier.Category != pushback.ForwardLooking || f.Easier.Difficulty != pushback.Easy {
		t.Fatalf("easier scenario = %+v, want an easy forward-looking one", f.Easier)
	}
	if sc, _ := s.Next(); sc.ID != f.Easier.ID {
		t.Errorf("Next = %s, want the easier scenario offered, %s", sc.ID, f.Easier.ID)
	}
	if sum := s.Summary(); sum.LetGoStreak != 3 || *sum.Courage != 0 {
		t.Errorf("summary = %+v", sum)
	}
}

func TestPushingBackBreaksTheStreak(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{}, nil)
	for i, reply := range []string{letGoReply, letGoReply, "Hi, I see that differently. Mind if I share why? Because of the contract.", letGoReply} {
		sc, _ := s.Next()
		if r := play(t, s, sc, reply); r.FearReframe != nil {
			t.Errorf("attempt %d: reframe offered though the streak was broken", i+1)
		}
	}
}

func TestFearReframeWhenCourageStaysLow(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{}, nil)
	var r *practice.Result
	// Let go, let go, push back, let go, let go: never three in a row, but
	// one push-back in five.
	for _, reply := range []string{letGoReply, letGoReply, "Hi, I see that differently, because of the contract.", letGoReply, letGoReply} {
		sc, _ := s.Next()
		r = play(t, s, sc, reply)
	}
	if r.FearReframe == nil || r.FearReframe.LetGo != 4 || r.FearReframe.Of != 5 {
		t.Errorf("reframe = %+v, want one for 4 of the last 5 let go", r.FearReframe)
	}
}

func TestFinishRecordsOnlyCompleteReplies(t *testing.T) {
	_, lib := defaultLibrary(t)
	store := &practice.MemoryStore{}
	c := &clock{t: t0}
	s := newSession(t, lib, store, practice.Filter{}, c)
	sc := mustScenario(t, lib, "concl-works-fine")
	ctx := context.Background()

	conv := s.Begin(sc)
	conv.Say(fmt.Sprintf(permissionReply, sc.Prospect))
	half, err := s.Finish(ctx, conv)
	if err != nil || half.Status != practice.StatusContinue || half.Recorded {
		t.Fatalf("half-done reply: %+v, %v", half, err)
	}
	if as, _ := store.Attempts(ctx, "dana reyes"); len(as) != 0 {
		t.Fatalf("a half-done reply was recorded: %+v", as)
	}
	conv.Say(continueReply)
	r, err := s.Finish(ctx, conv)
	if err != nil || !r.Recorded || r.Rep != "Dana Reyes" || !r.At.Equal(t0) {
		t.Fatalf("result = %+v, %v", r, err)
	}
	as, _ := store.Attempts(ctx, "DANA REYES")
	if len(as) != 1 {
		t.Fatalf("stored %d attempts, want 1", len(as))
	}
	a := as[0]
	if a.ScenarioID != sc.ID || a.Category != sc.Category || a.Score != r.Scores.Overall || a.Scores != r.Scores.Skills || a.Reply != r.Reply {
		t.Errorf("stored %+v for result %+v", a, r)
	}
}

type brokenStore struct{ practice.MemoryStore }

func (*brokenStore) Record(context.Context, practice.Attempt) error {
	return errors.New("disk full")
}

func TestStoreFailureStillScores(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, &brokenStore{}, practice.Filter{}, nil)
	conv := s.Begin(mustScenario(t, lib, "fwd-price-hike"))
	conv.Say(fmt.Sprintf(goodReply, "Lisa"))
	r, err := s.Finish(context.Background(), conv)
	if err == nil || r == nil || r.Recorded || r.Scores.Overall != 100 {
		t.Errorf("Finish = %+v, %v; want the score, not recorded, and the error", r, err)
	}
}

func TestSessionSummary(t *testing.T) {
	_, lib := defaultLibrary(t)
	s := newSession(t, lib, nil, practice.Filter{}, nil)
	if sum := s.Summary(); sum.Done != 0 || !strings.Contains(sum.Text(), "No scenarios") {
		t.Errorf("empty summary = %+v", sum)
	}
	play(t, s, mustScenario(t, lib, "fact-annual-only"), fmt.Sprintf(goodReply, "Marcus"))
	play(t, s, mustScenario(t, lib, "fact-no-sso"), "Tom, I see that differently, because the contract says so.")
	play(t, s, mustScenario(t, lib, "fwd-price-hike"), letGoReply)

	sum := s.Summary()
	if sum.Done != 3 || sum.Rep != "Dana Reyes" {
		t.Fatalf("summary = %+v", sum)
	}
	want := float64(100+practice.Overall(practice.Skills{PushedBack: true, Warning: true, Respectful: pushback.Bool(true), Calm: pushback.Bool(true), GaveReason: true, UsedName: true})+0) / 3
	if d := *sum.Average - want; d > 0.05 || d < -0.05 {
		t.Errorf("average = %v, want %.1f", *sum.Average, want)
	}
	// Permission and permission first tie at one in three; the first in
	// SkillNames is named.
	if sum.Strongest != "respectful" || sum.Weakest != "permission" {
		t.Errorf("strongest %q weakest %q, want respectful and permission", sum.Strongest, sum.Weakest)
	}
	if sum.WeakestCategory != pushback.ForwardLooking {
		t.Errorf("weakest category = %q, want forward_looking", sum.WeakestCategory)
	}
	text := sum.Text()
	for _, w := range []string{"3 scenarios", "respect", "asking permission", "forward-looking statements"} {
		if !strings.Contains(text, w) {
			t.Errorf("summary text lacks %q:\n%s", w, text)
		}
	}
}

func TestSessionNeedsARep(t *testing.T) {
	_, lib := defaultLibrary(t)
	_, err := practice.NewSession(context.Background(), practice.Options{Judge: cueJudge{}, Library: lib, Rep: " "})
	if pushback.ErrorCode(err) != pushback.EINVALID {
		t.Errorf("no rep: %v", err)
	}
	_, err = practice.NewSession(context.Background(), practice.Options{Judge: cueJudge{}, Library: lib, Rep: "x", Filter: practice.Filter{Industry: "mining"}})
	if pushback.ErrorCode(err) != pushback.EINVALID {
		t.Errorf("bad filter: %v", err)
	}
}
