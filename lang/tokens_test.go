package lang_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/lang"
)

func TestTokens(t *testing.T) {
	tests := map[string][]string{
		"You'll raise prices, won't you?":  {"you", "'ll", "raise", "prices", "won't", "you", "?"},
		"It costs $1.5M or 2,000 per seat": {"it", "costs", "$1.5m", "or", "2,000", "per", "seat"},
		"Acme’s on-prem version!":          {"acme", "'s", "on-prem", "version", "!"},
		"José Núñez said \"no\".":          {"josé", "núñez", "said", "no"},
		"AT&T ... e.g. 3.5%":               {"at&t", "e", "g", "3.5"},
		"":                                 nil,
	}
	for in, want := range tests {
		if got := lang.Tokens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPattern(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"you guys will", "I think you guys will raise it", true},
		{"you will|'ll", "you'll raise it", true},
		{"you will|'ll", "you will raise it", true},
		{"you'll", "you will", false},
		{"you'll", "and you'll see", true},
		{"raise* price*", "they raised prices", true},
		{"you ... raise*", "you guys will probably raise", true},
		{"you ... raise*", "you a b c d raise", false},
		{"you * will", "you guys will", true},
		{"you * will", "you will", false},
		{"don't need", "we don't need it", true},
	}
	for _, tt := range tests {
		p, err := lang.CompilePattern(tt.pattern)
		if err != nil {
			t.Fatalf("CompilePattern(%q): %v", tt.pattern, err)
		}
		toks := lang.Tokens(tt.text)
		got := false
		for i := range toks {
			if _, ok := p.MatchAt(toks, i); ok {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("%q on %q = %v, want %v", tt.pattern, tt.text, got, tt.want)
		}
	}
	for _, bad := range []string{"", "* you", "you *", "you * ... x", "a||b", "x*y"} {
		if _, err := lang.CompilePattern(bad); err == nil {
			t.Errorf("CompilePattern(%q) accepted a bad pattern", bad)
		}
	}
}

func TestTokenSpans(t *testing.T) {
	text := "You’ll raise it?"
	toks, spans := lang.AppendTokenSpans(nil, []lang.Span{}, text)
	want := []string{"You", "’ll", "raise", "it", "?"}
	if len(toks) != len(want) {
		t.Fatalf("tokens %q", toks)
	}
	for i, s := range spans {
		if got := text[s.Start:s.End]; got != want[i] {
			t.Errorf("span %d = %q, want %q", i, got, want[i])
		}
	}
}

// FuzzTokenSpans checks that every token is the lower-cased text of its span
// (apostrophes straightened), that spans lie in the text in order, and that
// a Tokenizer, with its memory of lower-cased words, agrees with the plain
// function.
func FuzzTokenSpans(f *testing.F) {
	for _, s := range []string{"You'll NEVER ship that, right?", "Don’t À la carte $5.99 & co-op!", "ÉCOLE naïve 3,000 x'y z'"} {
		f.Add(s)
	}
	var tz lang.Tokenizer
	f.Fuzz(func(t *testing.T, text string) {
		toks, spans := lang.AppendTokenSpans(nil, []lang.Span{}, text)
		toks2, spans2 := tz.AppendTokenSpans(nil, []lang.Span{}, text)
		if !reflect.DeepEqual(toks, toks2) || !reflect.DeepEqual(spans, spans2) {
			t.Fatalf("Tokenizer disagrees on %q: %q %v, %q %v", text, toks2, spans2, toks, spans)
		}
		if len(toks) != len(spans) {
			t.Fatalf("%q: %d tokens, %d spans", text, len(toks), len(spans))
		}
		prev := 0
		for i, sp := range spans {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
				t.Fatalf("%q: span %d %v out of order or range", text, i, sp)
			}
			prev = sp.End
			want := strings.ReplaceAll(strings.ToLower(text[sp.Start:sp.End]), "’", "'")
			if toks[i] != want {
				t.Fatalf("%q: token %d = %q, its span says %q", text, i, toks[i], want)
			}
		}
	})
}

func BenchmarkTokenSpans(b *testing.B) {
	text := "Honestly I think you guys will probably jack up the price after the first year, and all these platforms are the same anyway. We tried one last year and it never worked, so I don't see why we'd pay $1,500 more for yours?"
	var tz lang.Tokenizer
	var toks []string
	spans := make([]lang.Span, 0, 64)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		toks, spans = tz.AppendTokenSpans(toks[:0], spans[:0], text)
	}
}

// TestTokenizerChunks checks that the lower-case words a Tokenizer copies
// to its chunks stay as they were while it fills many more chunks.
func TestTokenizerChunks(t *testing.T) {
	var tz lang.Tokenizer
	var words, got []string
	for i := 0; i < 20000; i++ {
		w := "Word" + strings.Repeat("X", i%40) + strconv.Itoa(i)
		words = append(words, w)
		got = append(got, tz.AppendTokens(nil, w+" Again")...)
	}
	for i, w := range words {
		if got[2*i] != strings.ToLower(w) || got[2*i+1] != "again" {
			t.Fatalf("tokens of %q = %q, %q", w, got[2*i], got[2*i+1])
		}
	}
}

// FuzzPatternPlainWord checks CompilePattern's short cut for plain words
// against the tokenizer: such a word is one step of one token, itself.
func FuzzPatternPlainWord(f *testing.F) {
	for _, s := range []string{"price", "a1_b", "you guys will", "2,000", "Acme's"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := lang.CompilePattern(src)
		if err != nil {
			return
		}
		for _, f := range strings.Fields(strings.ToLower(src)) {
			if f == "*" || f == "..." || strings.ContainsAny(f, "|*") || strings.HasPrefix(f, "'") {
				return // steps of other kinds: not a one-to-one check
			}
		}
		var want []string
		for _, f := range strings.Fields(strings.ToLower(src)) {
			want = append(want, lang.Tokens(f)...)
		}
		var got []string
		for i := 0; i < p.NumSteps(); i++ {
			got = append(got, p.Step(i).Words...)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("CompilePattern(%q) words %q, want %q", src, got, want)
		}
	})
}
