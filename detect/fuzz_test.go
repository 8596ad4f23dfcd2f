package detect_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/models"
	"github.com/pushback-coach/pushback/playbook"
)

// FuzzPlaybook: a team's playbook is user input. Whatever its bytes, reading
// it either fails with an error that names the file, or gives a playbook the
// detector compiles and runs, on its own text and on sentences that touch its
// lexicons.
// A valid playbook costs tens of milliseconds, so fuzz with a short
// minimisation: go test ./detect -run '^$' -fuzz FuzzPlaybook -fuzzminimizetime 3s
func FuzzPlaybook(f *testing.F) {
	f.Add(playbook.Starter())
	seeds, _ := filepath.Glob("../testdata/calls/a-*.playbook.yaml")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("company: X\ncues:\n  future: [\"you'll *\", \"going to\"]\n"))
	f.Add([]byte("facts:\n  - id: a\n    claim: We integrate with Salesforce.\n    about: [salesforce]\n    misconceptions: [\"you don't integrate with salesforce\"]\n"))
	f.Add([]byte("replace: [facts, cues.jokes]\nsensitivity: low\n"))
	m, err := models.Load("moment")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pb, err := playbook.Parse("team.playbook.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "team.playbook.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// What `pushback playbook check` accepts, analyze must run with.
		d, err := detect.New(pb, m)
		if err != nil {
			t.Fatalf("a playbook that reads cleanly does not compile: %v", err)
		}
		for _, s := range []string{
			"You guys don't integrate with Salesforce, and you'll raise prices after year one.",
			"Honestly every vendor says that.",
			string(data),
		} {
			if v, _ := d.Classify(s); v.Confidence < 0 || v.Confidence > 1 {
				t.Fatalf("confidence %v out of [0,1] for %q", v.Confidence, s)
			}
		}
	})
}
