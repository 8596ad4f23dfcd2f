package tone

import (
	"reflect"
	"slices"
	"testing"
)

// The table finds every lexicon word's entries, and nothing for other words.
func TestValenceTable(t *testing.T) {
	valenceIndex := parseValence(valenceTSV)
	for w, list := range valenceIndex {
		got := valenceEntries(w)
		if !reflect.DeepEqual(got, list) {
			t.Errorf("valenceEntries(%q) = %v, want %v", w, got, list)
		}
	}
	others := []string{"", "the", "quarterly", "integration", "we", "roadmap", "procurement", "dashboard", "salesforce",
		"onboarding", "renewal", "pricing", "tuesday", "seats", "contract", "migration", "vendor", "timeline"}
	for _, w := range others {
		if _, in := valenceIndex[w]; !in && valenceEntries(w) != nil {
			t.Errorf("valenceEntries(%q) is not nil", w)
		}
	}
	if !slices.ContainsFunc(valenceTab.slots, func(k uint32) bool { return k == 0 }) {
		t.Error("the table is full")
	}
}
