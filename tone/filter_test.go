package tone

import "testing"

// The filter may let through words that are not in the lexicon, never stop
// one that is, and should stop most others.
func TestValenceFilter(t *testing.T) {
	for w := range valenceIndex {
		if !mayBeValence(w) {
			t.Errorf("the filter stops %q, a lexicon word", w)
		}
	}
	passed := 0
	others := []string{"the", "quarterly", "integration", "we", "roadmap", "procurement", "dashboard", "salesforce",
		"onboarding", "renewal", "pricing", "tuesday", "seats", "contract", "migration", "vendor", "timeline"}
	for _, w := range others {
		if _, in := valenceIndex[w]; !in && mayBeValence(w) {
			passed++
		}
	}
	if passed > len(others)/4 {
		t.Errorf("the filter lets through %d of %d words outside the lexicon", passed, len(others))
	}
}
