package textfmt

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pushback-coach/pushback/lang"
)

// checkClean fails when cleanASCII calls s clean and it is not: invalid
// UTF-8, or changed by lang.CleanSpace.
func checkClean(t *testing.T, s string) bool {
	t.Helper()
	clean := cleanASCII([]byte(s))
	if clean && (!utf8.ValidString(s) || lang.CleanSpace(s) != s) {
		t.Fatalf("cleanASCII(%q) = true, but the text is not clean", s)
	}
	return clean
}

func TestCleanASCII(t *testing.T) {
	long := strings.Repeat("Yeah, we can hear you now. ", 5)
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"", false}, {"a", true}, {" a", false}, {"a ", false}, {"a b", true}, {"a  b", false},
		{long[:len(long)-1], true},
		{"0123456 89abcdef", true}, {"0123456  9abcdef", false}, // two spaces inside a word
		{"0123456" + "  " + "9abcdefghijklmnopq", false},          // across the words of a sixteen-byte turn
		{"0123456789abcde" + "  " + "hijklmnopqrstuvwxyz", false}, // across two turns
		{"0123456789abcdef01234567" + "  " + "abc", false},        // between the eight-byte loop and the tail
		{"tab\there", false}, {"caf\u00e9 au lait", false}, {"nbsp\u00a0here and there again", false},
		{"ends in a control byte\x01", false}, {"\xff invalid", false},
	} {
		if got := checkClean(t, c.s); got != c.want {
			t.Errorf("cleanASCII(%q) = %v, want %v", c.s, got, c.want)
		}
	}
	// Spaces, letters and odd bytes at random places and lengths.
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("ab  !\t\x01\x7f\xc3\xa9")
	for range 20000 {
		b := make([]byte, rng.Intn(60))
		for i := range b {
			b[i] = 'x'
			if rng.Intn(6) == 0 {
				b[i] = alphabet[rng.Intn(len(alphabet))]
			}
		}
		checkClean(t, string(b))
	}
}

func FuzzCleanASCII(f *testing.F) {
	f.Add("Rep: Hi, can you hear me all right? I think I was on mute.")
	f.Add("two  spaces")
	f.Fuzz(func(t *testing.T, s string) { checkClean(t, s) })
}

func BenchmarkCleanASCII(b *testing.B) {
	t := []byte(strings.Repeat("And that's the number I wanted to talk about, because it's a lot. ", 2) + "Right?")
	b.SetBytes(int64(len(t)))
	for b.Loop() {
		cleanASCII(t)
	}
}
