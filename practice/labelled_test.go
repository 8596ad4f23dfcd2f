package practice_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/practice"
)

// labelledReply is one line of testdata/practice/replies.jsonl: a rep's reply
// to a library scenario with the verdicts a careful coach would give.
// Respectful and calm are null when the rep did not push back.
type labelledReply struct {
	ID       string `json:"id"`
	Scenario string `json:"scenario"`
	Kind     string `json:"kind"`
	Reply    string `json:"reply"`
	Labels   struct {
		PushedBack bool  `json:"pushed_back"`
		Warning    bool  `json:"warning"`
		Permission bool  `json:"permission"`
		Respectful *bool `json:"respectful"`
		Calm       *bool `json:"calm"`
		GaveReason bool  `json:"gave_reason"`
		UsedName   bool  `json:"used_name"`
	} `json:"labels"`
}

var replyKinds = []string{"good", "warning_only", "permission_only", "aggressive", "emotional", "let_go"}

func loadLabelledReplies(tb testing.TB) []labelledReply {
	tb.Helper()
	path := filepath.Join("..", "testdata", "practice", "replies.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []labelledReply
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r labelledReply
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestLabelledRepliesAreWellFormed checks the test set itself: every reply
// answers a library scenario, each scenario has one reply of each kind, and
// the labels agree with the kind.
func TestLabelledRepliesAreWellFormed(t *testing.T) {
	_, lib := defaultLibrary(t)
	replies := loadLabelledReplies(t)
	if len(replies) < 120 {
		t.Fatalf("%d labelled replies, want at least 120", len(replies))
	}
	kinds := map[string][]string{}
	cats := map[pushback.Category]bool{}
	ids := map[string]bool{}
	for _, r := range replies {
		sc, ok := lib.Scenario(r.Scenario)
		if !ok {
			t.Errorf("%s: no scenario %q", r.ID, r.Scenario)
			continue
		}
		if ids[r.ID] {
			t.Errorf("%s: id used twice", r.ID)
		}
		ids[r.ID] = true
		cats[sc.Category] = true
		kinds[r.Scenario] = append(kinds[r.Scenario], r.Kind)
		l := r.Labels
		if l.UsedName != strings.Contains(r.Reply, sc.Prospect) {
			t.Errorf("%s: used_name %v, but %q %s the name %s", r.ID, l.UsedName, r.Reply, map[bool]string{true: "has", false: "lacks"}[!l.UsedName], sc.Prospect)
		}
		if (l.Respectful == nil) != !l.PushedBack || (l.Calm == nil) != !l.PushedBack {
			t.Errorf("%s: respectful and calm should be null exactly when the rep did not push back", r.ID)
		}
		ok = true
		switch r.Kind {
		case "good":
			ok = l.PushedBack && l.Warning && l.Permission && *l.Respectful && *l.Calm && l.GaveReason
		case "warning_only":
			ok = l.PushedBack && l.Warning && !l.Permission && l.GaveReason
		case "permission_only":
			ok = l.PushedBack && !l.Warning && l.Permission && !l.GaveReason
		case "aggressive":
			ok = l.PushedBack && !*l.Respectful
		case "emotional":
			ok = l.PushedBack && !*l.Calm
		case "let_go":
			ok = !l.PushedBack && !l.Warning && !l.Permission
		default:
			t.Errorf("%s: kind %q, want one of %v", r.ID, r.Kind, replyKinds)
		}
		if !ok {
			t.Errorf("%s: labels %+v do not fit the kind %s", r.ID, l, r.Kind)
		}
	}
	for id, ks := range kinds {
		slices.Sort(ks)
		want := slices.Clone(replyKinds)
		slices.Sort(want)
		if !slices.Equal(ks, want) {
			t.Errorf("%s: kinds %v, want one of each of %v", id, ks, replyKinds)
		}
	}
	if len(cats) != 3 || len(kinds) < 20 {
		t.Errorf("%d scenarios over %d categories, want at least 20 over all three", len(kinds), len(cats))
	}
}

// minAccuracy is what the engine's response judge must reach on each
// attribute of the labelled practice replies.
const minAccuracy = 0.85

// TestLabelledRepliesScoring runs every labelled reply through the engine,
// the scenario's statement as context, and checks the accuracy of each
// verdict. The replies are a test set: nothing is tuned on them.
func TestLabelledRepliesScoring(t *testing.T) {
	if engine.ModelVersion == "dev" {
		t.Skip("the response judge is a stub (engine.ModelVersion dev); this runs once the real judge lands")
	}
	pb, lib := defaultLibrary(t)
	eng, err := engine.New(pb)
	if err != nil {
		t.Fatal(err)
	}
	judge := eng
	replies := loadLabelledReplies(t)
	type tally struct{ right, total int }
	acc := map[string]*tally{}
	for _, k := range []string{"pushed_back", "warning", "permission", "respectful", "calm", "gave_reason", "used_name"} {
		acc[k] = &tally{}
	}
	count := func(attr string, got, want bool, r labelledReply) {
		acc[attr].total++
		if got == want {
			acc[attr].right++
		} else {
			t.Logf("%s %-15s %-11s got %v want %v: %s", r.ID, r.Kind, attr, got, want, r.Reply)
		}
	}
	for _, r := range replies {
		sc := mustScenario(t, lib, r.Scenario)
		v := judge.CheckRep(r.Reply, sc.Statement, sc.Prospect)
		l := r.Labels
		count("pushed_back", v.PushedBack, l.PushedBack, r)
		count("warning", v.Warning, l.Warning, r)
		count("permission", v.Permission, l.Permission, r)
		count("gave_reason", v.GaveReason, l.GaveReason, r)
		count("used_name", v.UsedName, l.UsedName, r)
		// Respect and calm are verdicts on a push-back: null in the
		// contract when the judge saw none, so they are scored where both
		// the labels and the judge say the rep pushed back (a missed
		// push-back already counts against pushed_back).
		if l.PushedBack && v.PushedBack {
			count("respectful", v.Respectful, *l.Respectful, r)
			count("calm", v.Calm, *l.Calm, r)
		}
	}
	var report []string
	for _, k := range []string{"pushed_back", "warning", "permission", "respectful", "calm", "gave_reason", "used_name"} {
		a := float64(acc[k].right) / float64(acc[k].total)
		report = append(report, fmt.Sprintf("%s %.2f (%d/%d)", k, a, acc[k].right, acc[k].total))
		if a < minAccuracy {
			t.Errorf("%s accuracy %.2f, want at least %.2f", k, a, minAccuracy)
		}
	}
	t.Logf("accuracy on %d labelled replies: %s", len(replies), strings.Join(report, ", "))
}

// BenchmarkScoreReply measures scoring one reply with the engine: the judge,
// the overall score, the tip.
func BenchmarkScoreReply(b *testing.B) {
	pb, lib := defaultLibrary(b)
	eng, err := engine.New(pb)
	if err != nil {
		b.Fatal(err)
	}
	coach := practice.NewCoach(eng)
	sc := mustScenario(b, lib, "fwd-price-hike")
	reply := "Lisa, I see that one differently. Can I share why? The price is locked for three years in the contract, and after that any increase is capped at five percent."
	b.ReportAllocs()
	for b.Loop() {
		conv := coach.Begin(sc)
		conv.Say(reply)
		if r := conv.Assess(); r.Tip == "" {
			b.Fatal("no tip")
		}
	}
}
