package lang

import (
	"strings"
	"testing"
)

// isCleanSlow is isClean byte by byte, the reference for the word-at-a-time
// version.
func isCleanSlow(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := false
	return cleanBytes(s, 0, len(s), &prev)
}

func TestIsCleanMatchesByteByByte(t *testing.T) {
	for _, s := range []string{
		"", "a", " a", "a ", "one two three four five", "one  two", "abcdefg  hijk", "abcdefgh ijklmnop",
		"abcdefg\u00a0hij", "abcdefgh\tij", "abcdefghijklmno \x01 pq", "abcdefg  ", "1234567 ", "1234567  8",
		"café au lait, s'il vous plaît  !", "a\u2009b", "seven7  eight888", "12345678 12345678  1",
	} {
		if got, want := isClean(s), isCleanSlow(s); got != want {
			t.Errorf("isClean(%q) = %v, byte by byte %v", s, got, want)
		}
	}
}

func FuzzIsClean(f *testing.F) {
	for _, s := range []string{"one two", "abcdefg  hij", "x\u00a0y", "\t", "12345678 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isClean(s), isCleanSlow(s); got != want {
			t.Errorf("isClean(%q) = %v, byte by byte %v", s, got, want)
		}
		if got := CleanSpace(s); got != strings.Join(strings.Fields(got), " ") {
			t.Errorf("CleanSpace(%q) = %q: not clean", s, got)
		}
	})
}
