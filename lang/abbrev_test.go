package lang

import (
	"strings"
	"testing"
)

// refAbbreviation is abbreviation as endsSentence read it before: lower-case
// the word, look it up.
func refAbbreviation(word string) (abbr, company bool) {
	lw := strings.ToLower(word)
	if !abbreviations[lw] {
		return false, false
	}
	return true, lw == "etc" || lw == "inc" || lw == "ltd" || lw == "co" || lw == "corp" || lw == "llc"
}

func TestAbbreviation(t *testing.T) {
	words := []string{"", "Dr", "dr", "DR", "Inc", "INC", "etc", "U.S.A", "u.s.a", "Ph.D", "approx", "APPROX", "approxi",
		"Approximately", "yes", "No", "\u212Ao", "Co", "c\u00F6", "\u0130nc", "ABCDEFGH", "ABCDEFGHI", "ABCDEFGH\u212A", "\x00", "al\x00", "\x00al", "approx\x00"}
	for w := range abbreviations {
		words = append(words, w, strings.ToUpper(w))
	}
	for _, w := range words {
		a, c := abbreviation(w)
		ra, rc := refAbbreviation(w)
		if a != ra || c != rc {
			t.Errorf("abbreviation(%q) = %v, %v; want %v, %v", w, a, c, ra, rc)
		}
	}
}

func FuzzAbbreviation(f *testing.F) {
	for _, w := range []string{"Dr", "INC", "e.g", "\u212Ao", "approx"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		a, c := abbreviation(w)
		ra, rc := refAbbreviation(w)
		if a != ra || c != rc {
			t.Errorf("abbreviation(%q) = %v, %v; want %v, %v", w, a, c, ra, rc)
		}
	})
}
