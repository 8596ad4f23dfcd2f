package coach

import (
	"strings"
	"testing"
)

// singleSpacedByBytes is the byte-at-a-time test singleSpaced speeds up.
func singleSpacedByBytes(s string) bool {
	var bad, prev uint8
	for i := 0; i < len(s); i++ {
		k := spaceClass[s[i]]
		bad |= k>>1 | k&prev
		prev = k
	}
	return bad == 0
}

func checkCollapse(t *testing.T, s string) {
	t.Helper()
	if got, want := collapseSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
		t.Fatalf("collapseSpaces(%q) = %q, want %q", s, got, want)
	}
	// singleSpaced may only fail more often than the byte test on control bytes.
	got, want := singleSpaced(s), singleSpacedByBytes(s)
	if got && !want || !got && want && !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 }) {
		t.Fatalf("singleSpaced(%q) = %v, want %v", s, got, want)
	}
}

func TestCollapseSpaces(t *testing.T) {
	base := "Bob, you said our pricing is terrible, and I see that a little differently. Mind if I share why?"
	for i := 0; i <= len(base); i++ {
		for _, ins := range []string{"", " ", "  ", "\t", "\n", "\x01", "\x7f", "é", "\u00a0", "\u2003", "!"} {
			s := base[:i] + ins + base[i:]
			checkCollapse(t, s)
			checkCollapse(t, s[:len(s)/2])
			checkCollapse(t, " "+s)
			checkCollapse(t, s+" ")
		}
	}
	// Two spaces either side of every word boundary.
	for i := 0; i < 24; i++ {
		checkCollapse(t, strings.Repeat("x", i)+"  "+strings.Repeat("y", 17))
	}
}

func FuzzCollapseSpaces(f *testing.F) {
	f.Add("a  b")
	f.Add("abcdefg  hijklmn")
	f.Fuzz(func(t *testing.T, s string) { checkCollapse(t, s) })
}

func BenchmarkCollapseSpaces(b *testing.B) {
	s := "Bob, you said our pricing is terrible, and I see that a little differently. Would you be open to me sharing why we see it another way?"
	for b.Loop() {
		collapseSpaces(s)
	}
}
