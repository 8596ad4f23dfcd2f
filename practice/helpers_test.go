package practice_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/practice"
)

// cueJudge stands in for the engine's response judge in tests of the
// conversation, the session and the coaching: it reads a few fixed cue
// phrases, so a test controls the verdict through the words it types. The
// real judge is tested on the labelled replies (labelled_test.go).
type cueJudge struct{}

func (cueJudge) CheckRep(text, context, prospect string) engine.RepCheck {
	l := strings.ToLower(text)
	c := engine.RepCheck{Text: text, Scores: map[string]float64{}, Evidence: map[string]string{}, Reasons: []string{}}
	perm := firstIndex(l, "mind if", "can i", "may i", "okay if i")
	reason := firstIndex(l, "because", "contract", "in fact")
	c.Permission = perm >= 0
	c.Warning = firstIndex(l, "see that differently", "see it differently", "different take") >= 0
	c.GaveReason = reason >= 0
	disrespect := firstIndex(l, "that's ridiculous") >= 0
	c.PushedBack = c.Permission || c.Warning || c.GaveReason || disrespect
	c.PermissionFirst = c.Permission && (reason < 0 || perm < reason)
	c.Respectful = !disrespect
	if disrespect {
		c.Evidence["respectful"] = "that's ridiculous"
	}
	c.Calm = !strings.Contains(text, "!")
	c.UsedName = prospect != "" && strings.Contains(text, prospect)
	if c.PushedBack {
		c.How = pushback.HowPushedBack
	} else {
		c.How = pushback.HowAgreed
	}
	return c
}

func firstIndex(s string, subs ...string) int {
	best := -1
	for _, sub := range subs {
		if i := strings.Index(s, sub); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// Replies the cueJudge reads as each kind of push-back.
const (
	goodReply       = "%s, I see that differently. Mind if I share why? Because it's in the contract."
	letGoReply      = "Fair enough. Let me show you the dashboard."
	permissionReply = "%s, mind if I push on that a little?"
	continueReply   = "Because the contract says so, in writing."
)

func defaultLibrary(tb testing.TB) (*pushback.Playbook, *practice.Library) {
	tb.Helper()
	pb, err := playbook.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return pb, practice.NewLibrary(pb)
}

func mustScenario(tb testing.TB, lib *practice.Library, id string) pushback.Scenario {
	tb.Helper()
	sc, ok := lib.Scenario(id)
	if !ok {
		tb.Fatalf("no scenario %q in the library", id)
	}
	return sc
}

// clock is a settable time for sessions.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newSession(tb testing.TB, lib *practice.Library, store practice.Store, f practice.Filter, c *clock) *practice.Session {
	tb.Helper()
	if c == nil {
		c = &clock{t: time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)}
	}
	s, err := practice.NewSession(context.Background(), practice.Options{
		Judge: cueJudge{}, Library: lib, Store: store, Rep: "Dana Reyes", Filter: f, Now: c.now, Seed: 7,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// play runs one scenario with the replies and finishes it.
func play(tb testing.TB, s *practice.Session, sc pushback.Scenario, replies ...string) *practice.Result {
	tb.Helper()
	conv := s.Begin(sc)
	for _, r := range replies {
		conv.Say(r)
	}
	res, err := s.Finish(context.Background(), conv)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}
