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

// TestIsCleanSpacesEverywhere puts one or two spaces, or a tab, at every
// place of texts up to 40 bytes: across the eight- and sixteen-byte chunks
// of isClean and the bytes after them.
func TestIsCleanSpacesEverywhere(t *testing.T) {
	for n := 2; n <= 40; n++ {
		for at := 1; at < n-1; at++ {
			for _, ins := range []string{" ", "  ", "\t", "\u00a0"} {
				b := []byte(strings.Repeat("x", n))
				s := string(b[:at]) + ins + string(b[at:])
				if got, want := isClean(s), isCleanSlow(s); got != want {
					t.Errorf("isClean(%q) = %v, byte by byte %v", s, got, want)
				}
				s2 := s[:len(s)-1] + " y" + strings.Repeat("z", at%9)
				if got, want := isClean(s2), isCleanSlow(s2); got != want {
					t.Errorf("isClean(%q) = %v, byte by byte %v", s2, got, want)
				}
			}
		}
	}
}
