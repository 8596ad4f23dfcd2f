package playbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if pb.Company != "Acme Analytics" || len(pb.Facts) != 2 || pb.Facts[0].ID != "crm-integration" {
		t.Fatalf("starter = %+v", pb)
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
