package playbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/playbook"
)

func TestDefaultLoads(t *testing.T) {
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	if pb.Name != "default" || !strings.HasPrefix(pb.Version, "sha256:") {
		t.Fatalf("default playbook = %q %q", pb.Name, pb.Version)
	}
	for _, k := range []string{"seller_refs", "future", "warning", "permission", "challenge"} {
		if len(pb.Cues[k]) == 0 {
			t.Errorf("default playbook has no %s cues", k)
		}
	}
}

func TestStarterIsValid(t *testing.T) {
	pb, err := playbook.Parse("starter.yaml", playbook.Starter())
	if err != nil {
		t.Fatal(err)
	}
	var team []pushback.Fact
	for _, f := range pb.Facts {
		if !strings.HasPrefix(f.ID, pushback.WorldFactPrefix) {
			team = append(team, f)
		}
	}
	if pb.Company != "Acme Analytics" || len(team) != 2 || team[0].ID != "crm-integration" {
		t.Fatalf("starter: company %q, facts about the seller %+v", pb.Company, team)
	}
	def, _ := playbook.Default()
	if pb.Version == def.Version {
		t.Fatal("a user playbook has the default's version")
	}
	// The user's lists extend the default's.
	if len(pb.Cues["seller_refs"]) != len(def.Cues["seller_refs"]) {
		t.Fatal("starter changed the seller_refs lexicon")
	}
}

func TestErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		yaml string
		want string
	}{
		{"company: X\nfacts:\n  - id: a\n    claim: b\n    about: [c]\n    bogus: 1\n", `x.yaml:6: unknown key "bogus"`},
		{"company: X\ncues:\n  nope: [a]\n", `x.yaml:3: unknown cue lexicon "nope"`},
		{"company: X\nfacts:\n  - id: a\n    about: [c]\n", `x.yaml:3: fact "a" has no claim`},
		{"company: X\nfacts:\n  - id: a\n    claim: b\n    about: [c]\n  - id: a\n    claim: b\n    about: [c]\n", `x.yaml:6: fact id "a" is used twice`},
		{"company: X\ncues:\n  future:\n    - ok\n    - \"* bad\"\n", `x.yaml:5: pattern "* bad"`},
		{"company: X\nfacts:\n  - id: a\n    claim: b\n    about: [ok, \"rais*ing\"]\n", `x.yaml:5: fact "a": pattern "rais*ing": '*' only at the end of a word`},
		{"company: X\ntopics:\n  pricing: [x]\n", `x.yaml:3: unknown topic "pricing"`},
		{"company: [\n", `x.yaml:1:`},
		{"", `x.yaml: empty playbook`},
		{"scenarios:\n  - id: s1\n    category: nope\n    statement: hi\n", `x.yaml:3: scenario "s1": category "nope"`},
		{"scripts:\n  warnings: [\"{nam}, hi\"]\n", `unknown placeholder {nam}`},
	}
	for _, tt := range tests {
		_, err := playbook.Parse("x.yaml", []byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.yaml, err, tt.want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := playbook.Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err == nil || !strings.Contains(err.Error(), "none.yaml: no such playbook file") {
		t.Fatalf("err = %v", err)
	}
}

func TestOverrideAndReplace(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "team.playbook.yaml")
	os.WriteFile(p, []byte("replace: [cues.jokes]\ncues:\n  jokes: [hah]\n"), 0o644)
	pb, err := playbook.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if pb.Name != "team" {
		t.Errorf("name = %q, want the file stem", pb.Name)
	}
	if len(pb.Cues["jokes"]) != 1 {
		t.Errorf("jokes = %v, want only the replacement", pb.Cues["jokes"])
	}
}

// The built-in facts about the world come with the default playbook; a team
// corrects one by reusing its id, and drops them all with replace: [facts].
func TestWorldFactsCanBeCorrectedAndDropped(t *testing.T) {
	def, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	world := 0
	ids := map[string]bool{}
	for _, f := range def.Facts {
		if !strings.HasPrefix(f.ID, pushback.WorldFactPrefix) {
			t.Errorf("default fact %q is not about the world", f.ID)
			continue
		}
		world++
		if ids[f.ID] {
			t.Errorf("fact id %q twice", f.ID)
		}
		ids[f.ID] = true
		if f.Claim == "" || len(f.About) == 0 || len(f.Misconceptions) == 0 {
			t.Errorf("%s: claim, about words and misconceptions are all needed: %+v", f.ID, f)
		}
	}
	if world < 100 {
		t.Fatalf("default playbook has %d facts about the world", world)
	}
	id := def.Facts[0].ID
	pb, err := playbook.Parse("team.yaml", []byte("company: Kettleby\nfacts:\n  - id: "+id+"\n    claim: Our lawyers' wording.\n    about: [gdpr]\n    misconceptions: [gdpr does not apply to us]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pb.Facts) != len(def.Facts) || pb.Facts[0].Claim != "Our lawyers' wording." {
		t.Errorf("a team fact with a built-in id: %d facts (want %d), first claim %q", len(pb.Facts), len(def.Facts), pb.Facts[0].Claim)
	}
	pb, err = playbook.Parse("team.yaml", []byte("company: Kettleby\nreplace: [facts]\nfacts:\n  - id: cancel\n    claim: Cancel any time.\n    about: [cancel]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pb.Facts) != 1 || pb.Facts[0].ID != "cancel" {
		t.Errorf("replace: [facts] kept %d facts", len(pb.Facts))
	}
}
