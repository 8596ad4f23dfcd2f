package judge

import (
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/playbook"
)

// overlapByMap is the plain definition of overlap: the share of the claim's
// content-word occurrences whose word the rep also says.
func overlapByMap(claim string, rep []string) float64 {
	said := map[string]bool{}
	for _, t := range rep {
		if w, ok := contentWord(t); ok {
			said[w] = true
		}
	}
	n, total := 0, 0
	for _, t := range strings.Fields(strings.ToLower(claim)) {
		if w, ok := contentWord(strings.Trim(t, ",.?!")); ok {
			total++
			if said[w] {
				n++
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

func TestOverlap(t *testing.T) {
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := CompileCues(pb)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFeaturizer(set)
	tests := []struct {
		claim, rep string
		want       float64
	}{
		{"your platforms never integrate with salesforce", "we integrate natively with salesforce", 0.5},
		{"pricing pricing always climbs", "our pricing is locked", 0.5},
		{"you will", "anything at all", 0},
		{"those couches pill after years", "nothing like that", 0},
		{"these tools take months", "tools take weeks, not months", 0.75},
	}
	for _, tt := range tests {
		f.repToks = strings.Fields(tt.rep)
		got := f.overlap(tt.claim)
		if got != tt.want {
			t.Errorf("overlap(%q, %q) = %v, want %v", tt.claim, tt.rep, got, tt.want)
		}
		if ref := overlapByMap(tt.claim, f.repToks); got != ref {
			t.Errorf("overlap(%q, %q) = %v, the map definition says %v", tt.claim, tt.rep, got, ref)
		}
	}
}
