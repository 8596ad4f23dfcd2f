package lang

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The tokenizer as it was before its fast path for plain words: the
// reference the fuzz test holds the tokenizer to.

func refAppendTokenSpans(tz *Tokenizer, dst []string, spans []Span, text string) ([]string, []Span) {
	want := spans != nil
	i, n := 0, len(text)
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '?' || c == '!':
				dst = append(dst, text[i:i+1])
				if want {
					spans = append(spans, Span{i, i + 1})
				}
				i++
				continue
			case !isWordByte(c) && c != '$':
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '€' || r == '£') {
				i += size
				continue
			}
		}
		j, fl := refWordEnd(text, i)
		k := len(dst)
		dst = refAppendWordFlags(tz, dst, text[i:j], fl)
		if want {
			if len(dst)-k == 2 { // a split clitic
				cut := i + max(strings.LastIndex(text[i:j], "'"), strings.LastIndex(text[i:j], "’"))
				spans = append(spans, Span{i, cut}, Span{cut, j})
			} else {
				spans = append(spans, Span{i, j})
			}
		}
		i = j
	}
	return dst, spans
}

func refWordEnd(text string, i int) (int, uint8) {
	n := len(text)
	fl := byteClass[text[i]]
	_, size := utf8.DecodeRuneInString(text[i:])
	j := i + size
	for j < n {
		c := text[j]
		if c < utf8.RuneSelf {
			if cl := byteClass[c]; cl&bWord != 0 {
				fl |= cl
				j++
				continue
			}
			next := byte(0)
			if j+1 < n {
				next = text[j+1]
			}
			switch {
			case (c == '.' || c == ',') && isDigitByte(next) && isDigitByte(text[j-1]):
				j++
				continue
			case (c == '-' || c == '&' || c == '\'') && (isWordByte(next) || next >= utf8.RuneSelf):
				fl |= byteClass[c]
				j++
				continue
			}
			return j, fl
		}
		r, s := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			fl |= bWide
			j += s
			continue
		}
		if r == '’' && j+s < n && (isWordByte(text[j+s]) || text[j+s] >= utf8.RuneSelf) {
			fl |= bWide
			j += s
			continue
		}
		return j, fl
	}
	return j, fl
}

func refAppendWordFlags(tz *Tokenizer, dst []string, w string, fl uint8) []string {
	upper, wide, apos := fl&bUpper != 0, fl&bWide != 0, fl&bApos != 0
	lw := w
	if upper || wide {
		lw = tz.toLower(w)
	}
	if wide && strings.Contains(lw, "’") {
		lw = strings.ReplaceAll(lw, "’", "'")
		apos = true
	}
	if apos && strings.IndexByte(lw, '\'') > 0 {
		for _, c := range clitics {
			if len(lw) > len(c) && strings.HasSuffix(lw, c) {
				return append(dst, lw[:len(lw)-len(c)], c)
			}
		}
	}
	return append(dst, lw)
}

// FuzzTokenizerMatchesReference checks the tokenizer against the reference
// above, tokens and spans, with and without a Tokenizer.
func FuzzTokenizerMatchesReference(f *testing.F) {
	for _, s := range []string{"You'll NEVER ship that, right?", "Don’t À la carte $5.99 & co-op!", "ÉCOLE naïve 3,000 x'y z'",
		"we're fine... honestly-ish; it's $1.5m (3,000.50) co-op & r&d's l'eau", "a_b c9 9c x'", "’tis y’all’s", "\xff\xfe word"} {
		f.Add(s)
	}
	var tz, rtz Tokenizer
	f.Fuzz(func(t *testing.T, text string) {
		for _, z := range [][2]*Tokenizer{{nil, nil}, {&tz, &rtz}} {
			toks, spans := appendTokenSpans(z[0], nil, []Span{}, text)
			want, wantSpans := refAppendTokenSpans(z[1], nil, []Span{}, text)
			if !reflect.DeepEqual(toks, want) || !reflect.DeepEqual(spans, wantSpans) {
				t.Fatalf("%q: %q %v, want %q %v", text, toks, spans, want, wantSpans)
			}
			toks, _ = appendTokenSpans(z[0], nil, nil, text)
			if !reflect.DeepEqual(toks, want) && len(want) > 0 {
				t.Fatalf("%q without spans: %q, want %q", text, toks, want)
			}
		}
	})
}

// TestTokenizerMatchesReferenceOnText runs the comparison over every
// substring start of a text with all the tokenizer's cases.
func TestTokenizerMatchesReferenceOnText(t *testing.T) {
	text := "You’ll NEVER ship that, right?! Don't À la carte $5.99 & co-op... ÉCOLE naïve 3,000.5 x'y z' r&d's we'd I'm £5 €6 '' -- a-b 1.2.3 _x_ ’tis"
	text = text + " " + strings.ToUpper(text)
	for i := range text {
		for _, tz := range []*Tokenizer{nil, {}} {
			toks, spans := appendTokenSpans(tz, nil, []Span{}, text[i:])
			want, wantSpans := refAppendTokenSpans(tz, nil, []Span{}, text[i:])
			if !reflect.DeepEqual(toks, want) || !reflect.DeepEqual(spans, wantSpans) {
				t.Fatalf("%q: %q %v, want %q %v", text[i:], toks, spans, want, wantSpans)
			}
		}
	}
}
