package roles_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/roles"
	"github.com/pushback-coach/pushback/transcript"
)

func call(names ...string) *pushback.Call {
	c := &pushback.Call{}
	for _, n := range names {
		c.Speakers = append(c.Speakers, pushback.Speaker{Name: n})
	}
	return c
}

func TestMatch(t *testing.T) {
	c := call("Dana Reyes", "Bob Stone", "dana.smith@acme.com", "Speaker 1")
	tests := map[string][]string{
		"dana reyes":          {"Dana Reyes"},
		"DANA REYES":          {"Dana Reyes"},
		"Bob":                 {"Bob Stone"},
		"dana.reyes@acme.com": {"Dana Reyes"},
		"dreyes":              {"Dana Reyes"},
		"dana.smith@acme.com": {"dana.smith@acme.com"},
		"speaker 1":           {"Speaker 1"},
		"Nobody":              nil,
		"":                    nil,
	}
	for rep, want := range tests {
		got := roles.Match(c, rep)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Match(%q) = %q, want %q", rep, got, want)
		}
	}
}

func TestAssignUnknownRep(t *testing.T) {
	c := call("Dana Reyes", "Bob Stone")
	err := roles.Assign(c, []string{"Carol"})
	if err == nil || !strings.Contains(err.Error(), `--rep "Carol" matches no speaker (speakers: Dana Reyes, Bob Stone)`) {
		t.Fatalf("err = %v", err)
	}
	if err := roles.Assign(c, []string{"dana"}); err != nil || c.Speakers[0].Role != pushback.RoleRep || c.Speakers[1].Role != pushback.RoleProspect || c.RolesGuessed {
		t.Fatalf("Assign(dana) = %v %+v", err, c.Speakers)
	}
}

// TestGuessOnLabelledCalls checks the role guess on the labelled calls
// (parsed without --rep). The role model was trained on these calls, so this
// is a guard against regressions, not a measure: `go run
// ./cmd/pushback-train -roles` measures it leaving each writer's set out.
func TestGuessOnLabelledCalls(t *testing.T) {
	ms, _ := filepath.Glob("../testdata/calls/*.labels.json")
	if len(ms) < 40 {
		t.Fatalf("found %d labelled calls", len(ms))
	}
	exact, speakers, right := 0, 0, 0
	for _, m := range ms {
		c, err := labels.Load(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := transcript.ParseFile(c.Transcript, transcript.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !parsed.RolesGuessed && parsed.Format != "gong" {
			t.Fatalf("%s: roles_guessed is false without --rep", c.Name)
		}
		gold := map[string]bool{}
		for _, r := range c.Labels.Rep {
			gold[r] = true
		}
		ok := true
		for _, s := range parsed.Speakers {
			speakers++
			if (s.Role == pushback.RoleRep) == gold[s.Name] {
				right++
			} else {
				ok = false
			}
		}
		if ok {
			exact++
		}
	}
	callAcc := float64(exact) / float64(len(ms))
	spkAcc := float64(right) / float64(speakers)
	t.Logf("role guess: %d/%d calls exactly right (%.3f), %d/%d speakers (%.3f)", exact, len(ms), callAcc, right, speakers, spkAcc)
	if spkAcc < 0.95 || callAcc < 0.9 {
		t.Errorf("speaker role accuracy %.3f, calls %.3f: want >= 0.95 and 0.9", spkAcc, callAcc)
	}
}

func TestDecideKeepsBothSides(t *testing.T) {
	c := call("A", "B", "C")
	for _, tt := range []struct {
		p    map[string]float64
		want string
	}{
		{map[string]float64{"A": 0.9, "B": 0.2, "C": 0.1}, "A"},
		{map[string]float64{"A": 0.9, "B": 0.7, "C": 0.1}, "A|B"},
		{map[string]float64{"A": 0.3, "B": 0.2, "C": 0.1}, "A"},   // nobody sure: the likeliest sells
		{map[string]float64{"A": 0.9, "B": 0.8, "C": 0.6}, "A|B"}, // everybody: the least likely buys
	} {
		got := roles.Decide(c, tt.p)
		var names []string
		for _, s := range c.Speakers {
			if got[s.Name] {
				names = append(names, s.Name)
			}
		}
		if strings.Join(names, "|") != tt.want {
			t.Errorf("Decide(%v) = %v, want %s", tt.p, names, tt.want)
		}
	}
	if got := roles.Decide(call("Solo"), map[string]float64{"Solo": 0.2}); len(got) != 0 {
		t.Errorf("a lone buyer-like speaker taken for the seller: %v", got)
	}
}

// The role features read only the first RoleWords words: a call ten times
// longer gives the same features.
func TestFeaturesBounded(t *testing.T) {
	mk := func(n int) *pushback.Call {
		c := call("Dana", "Bob")
		for i := 0; i < n; i++ {
			c.Turns = append(c.Turns,
				pushback.Turn{Index: 2 * i, Speaker: "Dana", Text: "Thanks for making time. How do you handle renewals today? Our platform does that for you."},
				pushback.Turn{Index: 2*i + 1, Speaker: "Bob", Text: "We use spreadsheets. Your pricing looked high to our CFO, and you guys are new."})
		}
		return c
	}
	short, long := roles.Features(mk(5000)), roles.Features(mk(50000))
	for _, s := range []string{"Dana", "Bob"} {
		a, b := short[s], long[s]
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%s: %d and %d features", s, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: feature %d differs: %v, %v", s, i, a[i], b[i])
			}
		}
	}
	if got := roles.Guess(mk(3)); !got["Dana"] || got["Bob"] {
		t.Errorf("Guess = %v, want Dana the seller", got)
	}
}
