package detect

import (
	"fmt"
	"strings"
	"testing"
)

// wordsInSlow counts words byte by byte, the reference for wordsIn.
func wordsInSlow(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' '
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func TestWordsIn(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "one two", "  lead and trail  ", "abcdefgh ijklmnop", "abcdefg hijklmno p",
		"a b c d e f g h i j k", "eight888 nine9999", "word       word", "café  naïve déjà vu",
		"tab\tis not a space here", "1234567 8", "12345678", "        x",
	} {
		if got, want := wordsIn(s), wordsInSlow(s); got != want {
			t.Errorf("wordsIn(%q) = %d, want %d", s, got, want)
		}
	}
}

func FuzzWordsIn(f *testing.F) {
	for _, s := range []string{"one two three", "abcdefg  hij k", " x", "12345678 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := wordsIn(s), wordsInSlow(s); got != want {
			t.Errorf("wordsIn(%q) = %d, want %d", s, got, want)
		}
	})
}

func TestNumberWordsAgree(t *testing.T) {
	for _, w := range numberWords {
		if !isNumberWord(w) || !numberFirst[w[0]] {
			t.Errorf("%q: isNumberWord %v, numberFirst %v", w, isNumberWord(w), numberFirst[w[0]])
		}
	}
	for _, w := range []string{"on", "twos", "tenant", "halfway", "seventy-two", ""} {
		if isNumberWord(w) {
			t.Errorf("isNumberWord(%q) = true", w)
		}
	}
}

// stemSlow is the plain form of stem: every suffix tried in order.
func stemSlow(t string) string {
	for _, suf := range []string{"ations", "ation", "ing", "ed", "es", "s", "ly"} {
		if len(t) > len(suf)+3 && strings.HasSuffix(t, suf) {
			t = t[:len(t)-len(suf)]
			break
		}
	}
	return strings.TrimSuffix(t, "e")
}

func TestStemAndStopwords(t *testing.T) {
	words := []string{
		"integrations", "integration", "integrating", "integrated", "prices", "price", "quickly", "ly",
		"ations", "nations", "station", "sing", "bed", "yes", "gas", "reading", "needs", "es", "s", "e",
		"fly", "apply", "supply", "cases", "creates", "the", "there", "they're", "pretty", "prettyx", "",
		"going", "gonna", "guys", "guy", "'s", "'ll", "it's", "about", "abouts", "x", "seeds", "freed",
	}
	for w := range stopwords {
		words = append(words, w, w+"s", strings.ToUpper(w))
	}
	for _, w := range words {
		if got, want := stem(w), stemSlow(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
		if got, want := isStopword(w), stopwords[w]; got != want {
			t.Errorf("isStopword(%q) = %v, want %v", w, got, want)
		}
	}
}

// wordNumber is the switch form of wordNumbers for lower-case words.
func TestWordNumber(t *testing.T) {
	for w, n := range wordNumbers {
		if got := wordNumber(w); got != n {
			t.Errorf("wordNumber(%q) = %q, want %q", w, got, n)
		}
	}
	for _, w := range []string{"", "on", "tens", "threes", "price", "hundreds", "zero"} {
		if got := wordNumber(w); got != "" {
			t.Errorf("wordNumber(%q) = %q, want none", w, got)
		}
	}
}

// containmentIn with a sentence's wordMask counts what containment does.
func TestContainmentIn(t *testing.T) {
	words := strings.Fields("price integr salesforc NEG 3 contract renew year a pay up front support voip 911 call emergency seat")
	for i := range words {
		for j := i; j <= len(words); j++ {
			b := words[i:j]
			for k := range words {
				for l := k; l <= len(words) && l <= k+6; l++ {
					a := words[k:l]
					if got, want := containmentIn(a, b, wordMask(b)), containment(a, b); got != want {
						t.Fatalf("containmentIn(%q, %q) = %v, want %v", a, b, got, want)
					}
				}
			}
		}
	}
}

// isStopword, with its table of lengths, answers as the stopwords map does.
func TestIsStopword(t *testing.T) {
	if maxStopword >= 32 {
		t.Fatalf("maxStopword = %d: stopwordLens holds lengths below 32", maxStopword)
	}
	words := []string{"", "x", "the", "then", "they", "them", "there", "price", "really", "reall", "gonna", "'s", "'t", "it's", "its"}
	for w := range stopwords {
		words = append(words, w, w+"s", w[:len(w)-1])
	}
	for _, w := range words {
		if got := isStopword(w); got != stopwords[w] {
			t.Errorf("isStopword(%q) = %v, want %v", w, got, stopwords[w])
		}
	}
}

func TestIsNegation(t *testing.T) {
	for _, w := range []string{"not", "no", "never", "cannot", "without", "nothing", "none", "nobody", "don't", "can't", "isn't", "n't"} {
		if !isNegation(w) {
			t.Errorf("isNegation(%q) = false", w)
		}
	}
	for _, w := range []string{"", "n", "note", "now", "can", "with", "nones", "dont", "know", "'t"} {
		if isNegation(w) {
			t.Errorf("isNegation(%q) = true", w)
		}
	}
}

// reasonParts makes the reasons fmt.Sprintf made of reasonTemplates.
func TestReasonParts(t *testing.T) {
	for name, tpl := range reasonTemplates {
		if strings.Count(tpl, "%") != 1 || !strings.Contains(tpl, "%s") {
			t.Errorf("template %q: want exactly one %%s and no other verb", name)
		}
		for _, quote := range []string{"", "you'll", "50% more", "a %s b"} {
			p := reasonParts[name]
			if got, want := p[0]+quote+p[1], fmt.Sprintf(tpl, quote); got != want {
				t.Errorf("%s: %q, want %q", name, got, want)
			}
		}
	}
}

func TestIndexBut(t *testing.T) {
	texts := []string{"", " ", "but", " but", " but ", "x but y", "a but but b", "butter but ", "no b here", " BUT x", "a BUT b but c",
		"it is fine but not great, but ok", "b", " b", "bb but", "but but but", " but  but "}
	for _, s := range texts {
		for _, but := range []string{" but ", " BUT "} {
			if got, want := indexBut(s, but), strings.Index(s, but); got != want {
				t.Errorf("indexBut(%q, %q) = %d, want %d", s, but, got, want)
			}
		}
	}
}

func TestIsGap(t *testing.T) {
	for c := 0; c < 256; c++ {
		want := strings.IndexByte(" \t\n\r,.;:-!?\"()", byte(c)) >= 0
		if got := isGap(byte(c)); got != want {
			t.Errorf("isGap(%q) = %v", byte(c), got)
		}
	}
}

// clauses' first-letter tables assume each break is a space, then a
// lower-case letter.
func TestBreaksStartWithSpaceAndLetter(t *testing.T) {
	for _, b := range append(append([]string{}, punctuatedBreaks...), bareBreaks...) {
		if len(b) < 3 || b[0] != ' ' || b[1] < 'a' || b[1] > 'z' {
			t.Errorf("break %q: want a space, then a lower-case letter", b)
		}
	}
}
