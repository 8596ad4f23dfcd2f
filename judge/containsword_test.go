package judge

import (
	"strings"
	"testing"
)

// containsWordByFields is the plain definition of containsWord.
func containsWordByFields(text, word string) bool {
	if word == "" {
		return false
	}
	lw := strings.ToLower(word)
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 || r == '\'')
	}) {
		if f == lw {
			return true
		}
	}
	return false
}

func TestContainsWord(t *testing.T) {
	texts := []string{"", "Bob", "bob,", "Thanks, BOB. Let's talk", "Bobby is here", "o'bob bob's", "\x11bob\x07", "x\x10bob",
		"José, hi", "bob\xff", "Ünï bob", "mary-jane and bob", "b0b 2bob bob2"}
	words := []string{"", "Bob", "bob", "BOB", "José", "bob's", "mary-jane", "Mary", "b0b", "\x11bob"}
	for _, x := range texts {
		for _, w := range words {
			if got, want := containsWord(x, w), containsWordByFields(x, w); got != want {
				t.Errorf("containsWord(%q, %q) = %v, want %v", x, w, got, want)
			}
		}
	}
}

func FuzzContainsWord(f *testing.F) {
	f.Add("Thanks, Bob.", "bob")
	f.Add("x\x10bob", "bob")
	f.Fuzz(func(t *testing.T, text, word string) {
		if got, want := containsWord(text, word), containsWordByFields(text, word); got != want {
			t.Fatalf("containsWord(%q, %q) = %v, want %v", text, word, got, want)
		}
	})
}

func TestEndsInQuestion(t *testing.T) {
	for _, s := range []string{"", "?", "a?", "a? ", "a?\")' ", "a?.", "a", "a )", "?x", "é?", "a?\u00a0", "'?'", "??"} {
		if got, want := endsInQuestion(s), strings.HasSuffix(strings.TrimRight(s, " \"')"), "?"); got != want {
			t.Errorf("endsInQuestion(%q) = %v, want %v", s, got, want)
		}
	}
}
