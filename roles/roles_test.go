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

// TestGuessOnLabelledCalls measures the role heuristic on the labelled
// development calls (parsed without --rep) and guards against regressions.
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
	if spkAcc < 0.8 {
		t.Errorf("speaker role accuracy %.3f, want >= 0.8", spkAcc)
	}
}
