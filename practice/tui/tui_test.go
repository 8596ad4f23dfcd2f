package tui_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/practice/sqlite"
	"github.com/pushback-coach/pushback/practice/tui"
)

// cueJudge stands in for the engine's response judge, so the test drives
// the conversation with the words it types: "mind if" asks permission,
// "see that differently" warns, "because" gives a reason.
type cueJudge struct{}

func (cueJudge) CheckRep(text, context, prospect string) engine.RepCheck {
	l := strings.ToLower(text)
	c := engine.RepCheck{Text: text, Scores: map[string]float64{}, Reasons: []string{}, Respectful: true, Calm: true}
	c.Permission = strings.Contains(l, "mind if")
	c.Warning = strings.Contains(l, "see that differently")
	c.GaveReason = strings.Contains(l, "because")
	c.PushedBack = c.Permission || c.Warning || c.GaveReason
	c.PermissionFirst = c.Permission && (!c.GaveReason || strings.Index(l, "mind if") < strings.Index(l, "because"))
	c.UsedName = prospect != "" && strings.Contains(text, prospect)
	return c
}

func setup(t *testing.T, f practice.Filter) (*practice.Session, *practice.Library, *sqlite.Store) {
	t.Helper()
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	lib := practice.NewLibrary(pb)
	store, err := sqlite.Open(filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	s, err := practice.NewSession(context.Background(), practice.Options{
		Judge: cueJudge{}, Library: lib, Store: store, Rep: "Dana", Filter: f, Seed: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, lib, store
}

func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func enter(tm *teatest.TestModel) { tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) }

func TestPermissionAnswerScoreAndSummary(t *testing.T) {
	s, lib, store := setup(t, practice.Filter{})
	sc, _ := lib.Scenario("fwd-price-hike") // Lisa, sceptical CFO, easy
	tm := teatest.NewTestModel(t, tui.New(context.Background(), s, tui.StartWith(sc)), teatest.WithInitialTermSize(140, 60))

	waitFor(t, tm, "Lisa: "+sc.Statement, "enter send")

	// Ask permission only: Lisa answers in character and waits.
	tm.Type("Lisa, mind if I push back on that a little?")
	enter(tm)
	waitFor(t, tm, "Lisa: "+practice.Answer(sc, true), "Go on: share why.")

	// Continue with the reason: scores, tip and the model answer.
	tm.Type("Because the price is locked for three years in the contract.")
	enter(tm)
	waitFor(t, tm, "Score ", "/100", "Model answer:", "Tip:", "asking permission", "n next")

	// Quit: the summary.
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final, ok := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(tui.Model)
	if !ok {
		t.Fatal("final model is not a tui.Model")
	}
	out, _ := io.ReadAll(tm.FinalOutput(t))
	if !bytes.Contains(out, []byte("Session summary")) || !bytes.Contains(out, []byte("1 scenario")) {
		t.Errorf("final screen lacks the summary:\n%s", out)
	}
	sum := final.Summary()
	if sum.Done != 1 || sum.Courage == nil || *sum.Courage != 1 {
		t.Errorf("summary = %+v", sum)
	}
	as, err := store.Attempts(context.Background(), "dana")
	if err != nil || len(as) != 1 || as[0].ScenarioID != sc.ID || !strings.Contains(as[0].Reply, "mind if") || !strings.Contains(as[0].Reply, "Because") {
		t.Errorf("stored attempts = %+v, %v; want the whole two-turn reply", as, err)
	}
}

func TestKeys(t *testing.T) {
	s, lib, _ := setup(t, practice.Filter{Category: pushback.ForwardLooking, Difficulty: pushback.Easy})
	sc, _ := lib.Scenario("fwd-price-hike")
	tm := teatest.NewTestModel(t, tui.New(context.Background(), s, tui.StartWith(sc)), teatest.WithInitialTermSize(140, 60))
	waitFor(t, tm, sc.Statement)

	// ? on an empty reply shows the keys; it is text once typing has begun.
	tm.Type("?")
	waitFor(t, tm, "Keys", "new line in your reply")
	tm.Type("?")

	// Ctrl+J adds a line instead of sending; Enter sends. A warning and a
	// reason without permission: 100 less permission (15) and asking
	// first (10).
	tm.Type("Lisa, I see that differently")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlJ})
	tm.Type("because it is in the contract.")
	enter(tm)
	waitFor(t, tm, "Score 75/100", "Model answer:", "Ask before you share")

	// n plays the next scenario, a different one.
	tm.Type("n")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("scenario 2")) && !bytes.Contains(b, []byte(sc.Statement))
	}, teatest.WithDuration(10*time.Second))

	// Esc quits with the summary.
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(tui.Model)
	if sum := final.Summary(); sum.Done != 1 {
		t.Errorf("summary = %+v", sum)
	}
	h := s.History()
	if len(h) != 1 || !strings.Contains(h[0].Reply, "differently\nbecause") {
		t.Errorf("history = %+v, want the reply with its new line", h)
	}
}

func TestFearReframeOnScreen(t *testing.T) {
	s, _, _ := setup(t, practice.Filter{Category: pushback.UnfoundedConclusion, Difficulty: pushback.Medium})
	tm := teatest.NewTestModel(t, tui.New(context.Background(), s), teatest.WithInitialTermSize(140, 60))
	for i := 1; i <= 3; i++ {
		waitFor(t, tm, "enter send")
		tm.Type("Okay, fair enough.")
		enter(tm)
		if i < 3 {
			waitFor(t, tm, "Score 0/100")
			tm.Type("n")
		}
	}
	waitFor(t, tm, "Score 0/100", "Fear is False", "Press n for an easier one")
	tm.Type("q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(tui.Model)
	if sum := final.Summary(); sum.Done != 3 || sum.LetGoStreak != 3 {
		t.Errorf("summary = %+v", sum)
	}
}

func TestQuitBeforeAnything(t *testing.T) {
	s, _, _ := setup(t, practice.Filter{})
	tm := teatest.NewTestModel(t, tui.New(context.Background(), s), teatest.WithInitialTermSize(100, 40))
	waitFor(t, tm, "enter send")
	tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
	out, _ := io.ReadAll(tm.FinalOutput(t, teatest.WithFinalTimeout(10*time.Second)))
	if !bytes.Contains(out, []byte("No scenarios done yet")) {
		t.Errorf("final screen:\n%s", out)
	}
}
