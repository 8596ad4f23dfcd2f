package labels_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/labels"
)

func TestNormalizeKeepsOffsets(t *testing.T) {
	s := "Well — you GUYS’ll, probably raise-prices!"
	n, idx := labels.Normalize(s)
	if n != "well you guysll probably raise prices" {
		t.Fatalf("normalised %q", n)
	}
	if len(idx) != len(n) || s[idx[5]:idx[5]+3] != "you" {
		t.Fatalf("offsets %v", idx)
	}
}

func TestLocateFindsProspectTurnOnly(t *testing.T) {
	call := &pushback.Call{Turns: []pushback.Turn{
		{Index: 0, Role: pushback.RoleRep, Text: "You guys will raise prices, they say."},
		{Index: 1, Role: pushback.RoleProspect, Text: "Honestly, you guys will RAISE prices after year one."},
	}}
	turn, span, ok := labels.Locate(call, "you guys will raise prices")
	if !ok || turn != 1 || !strings.EqualFold(call.Turns[1].Text[span[0]:span[1]], "you guys will RAISE prices") {
		t.Fatalf("Locate = %d %v %v", turn, span, ok)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.txt", "Dana: Hi Bob.\nBob: You guys will raise prices after year one.\n")
	write("a.labels.json", `{"rep": ["Dana"], "moments": [{"quote": "raise prices after year one", "category": "forward_looking"}]}`)
	c, err := labels.Load(filepath.Join(dir, "a.labels.json"), nil)
	if err != nil || len(c.Gold) != 1 || c.Gold[0].Turn != 1 {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	write("b.txt", "Dana: Hi Bob.\nBob: Fine.\n")
	write("b.labels.json", `{"rep": ["Dana"], "moments": [{"quote": "not in the call at all", "category": "forward_looking"}]}`)
	if _, err := labels.Load(filepath.Join(dir, "b.labels.json"), nil); err == nil || !strings.Contains(err.Error(), "$.moments[0].quote") {
		t.Errorf("missing quote: %v", err)
	}
	write("c.txt", "Dana: Hi Bob.\nBob: You guys will raise prices.\n")
	write("c.labels.json", `{"rep": ["Dana"], "moments": [{"quote": "you guys will raise prices", "category": "rumour"}]}`)
	if _, err := labels.Load(filepath.Join(dir, "c.labels.json"), nil); err == nil || !strings.Contains(err.Error(), "category") {
		t.Errorf("bad category: %v", err)
	}
	write("d.labels.json", `{"rep": ["Dana"], "moments": [], "extra": 1}`)
	write("d.txt", "Dana: Hi.\nBob: Hi.\n")
	if _, err := labels.Load(filepath.Join(dir, "d.labels.json"), nil); err == nil || !strings.Contains(err.Error(), "unknown field") {
		t.Errorf("unknown field: %v", err)
	}
	write("e.labels.json", `{"rep": ["Dana"], "moments": []}`)
	if _, err := labels.Load(filepath.Join(dir, "e.labels.json"), nil); err == nil || !strings.Contains(err.Error(), "no transcript beside it") {
		t.Errorf("no transcript: %v", err)
	}
}

func TestUnpunctuate(t *testing.T) {
	for in, want := range map[string]string{
		"Honestly? You'll raise prices, I bet. At 9 a.m.!": "honestly you'll raise prices i bet at 9 am",
		"It costs $1.5M (about 12%) \"per year\"…":         "it costs $1.5m about 12% per year",
		"Twenty-four/seven, right?":                        "twenty-four/seven right",
		"  Wait.   What?  ":                                "wait what",
	} {
		if got := labels.Unpunctuate(in); got != want {
			t.Errorf("Unpunctuate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnpunctuatedKeepsGold(t *testing.T) {
	cases, err := labels.LoadDir("../testdata/calls", nil)
	if err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, c := range cases {
		u, ok := c.Unpunctuated()
		if !ok {
			lost++
			continue
		}
		if len(u.Gold) != len(c.Gold) || u.Call == c.Call {
			t.Fatalf("%s: the copy has %d gold moments (want %d) or shares the call", c.Name, len(u.Gold), len(c.Gold))
		}
		for _, tu := range u.Call.Turns {
			if strings.ContainsAny(tu.Text, "?!,;") || tu.Text != strings.ToLower(tu.Text) {
				t.Fatalf("%s turn %d keeps punctuation or capitals: %q", c.Name, tu.Index, tu.Text)
			}
		}
		if c.Call.Turns[0].Text == u.Call.Turns[0].Text && strings.ContainsAny(c.Call.Turns[0].Text, ".?,") {
			t.Fatalf("%s: the original call was changed", c.Name)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d calls lost a gold quote when unpunctuated", lost, len(cases))
	}
}
