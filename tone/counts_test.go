package tone

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// textCountsByRunes is textCounts one rune at a time.
func textCountsByRunes(text string) (excl, quest, caps, letters int, capPair bool) {
	prevCap := false
	for _, r := range text {
		up := false
		switch {
		case r == '!':
			excl++
		case r == '?':
			quest++
		case unicode.IsUpper(r):
			caps++
			letters++
			up = r < utf8.RuneSelf
		case unicode.IsLetter(r):
			letters++
		}
		if up && prevCap {
			capPair = true
		}
		prevCap = up
	}
	return
}

func checkCounts(t *testing.T, s string) {
	t.Helper()
	e, q, c, l, p := textCounts(s)
	e2, q2, c2, l2, p2 := textCountsByRunes(s)
	if e != e2 || q != q2 || c != c2 || l != l2 || p != p2 {
		t.Fatalf("textCounts(%q) = %d %d %d %d %v, want %d %d %d %d %v", s, e, q, c, l, p, e2, q2, c2, l2, p2)
	}
}

func TestTextCounts(t *testing.T) {
	alphabet := []string{"a", "z", "A", "Z", "@", "[", "`", "{", "!", "?", " ", "\x00", "\x7f", "é", "É", "ß", "\xff", "?!", "AB", "0"}
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := r.Intn(40); k > 0; k-- {
			b.WriteString(alphabet[r.Intn(len(alphabet))])
		}
		checkCounts(t, b.String())
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 9; pos++ {
			s := []byte("AbcdefgHIjklmnoP")
			s[pos] = byte(c)
			checkCounts(t, string(s))
		}
	}
	checkCounts(t, strings.Repeat("LOUD! quiet? ", 20000)) // more than one chunk
}

func FuzzTextCounts(f *testing.F) {
	f.Add("Hello WORLD?! é")
	f.Fuzz(func(t *testing.T, s string) { checkCounts(t, s) })
}
