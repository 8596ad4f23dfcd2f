package lang

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// AppendSentenceSpans as it was before it looked for stops eight bytes at
// a time: the reference the fuzz test holds it to.
func refAppendSentenceSpans(spans []Span, text string) []Span {
	start := 0
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		if !stopByte[c] || c == 0xE2 && !strings.HasPrefix(text[i:], "…") {
			i++
			continue
		}
		// A run of stops: ".", "...", "?!", "…".
		j := i
		for j < n {
			if text[j] == '.' || text[j] == '!' || text[j] == '?' {
				j++
			} else if strings.HasPrefix(text[j:], "…") {
				j += len("…")
			} else {
				break
			}
		}
		// Closing quotes and brackets belong to the sentence.
		for j < n {
			if strings.ContainsRune("\"')]", rune(text[j])) {
				j++
			} else if r, size := utf8.DecodeRuneInString(text[j:]); r == '”' || r == '’' || r == '»' {
				j += size
			} else {
				break
			}
		}
		if j < n && !isSpace(text[j]) {
			i = j // "1.5", "e.g.x", "U.S." mid-word: not an end
			continue
		}
		if endsSentence(text, start, i, j) {
			if s := trimSpan(text, start, j); s.End > s.Start {
				spans = append(spans, s)
			}
			start = j
		}
		i = j
	}
	if s := trimSpan(text, start, n); s.End > s.Start {
		spans = append(spans, s)
	}
	return spans
}

func FuzzSentencesMatchReference(f *testing.F) {
	for _, s := range []string{"Hi Bob, thanks. We raised $1.5M last year... and Dr. Smith said it went well! Really?! I think",
		"yeah. so we… tried it… So we (left.) “Fine.” ’Tis U.S. e.g. J. R. Smith 3.5 no. 5 Acme Inc. We", "\xe2\x80 \xe2 x.\xe2\x80\xa6", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, want := AppendSentenceSpans(nil, text), refAppendSentenceSpans(nil, text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v, want %v", text, got, want)
		}
	})
}

func TestSentencesMatchReferenceOnText(t *testing.T) {
	text := "Hi Bob, thanks for making time. We raised $1.5M last year... and Dr. Smith said it went well! Really?! yeah. so we… tried it… So we (left.) “Fine.” ’Tis U.S. e.g. J. R. Smith 3.5 no. 5 Acme Inc. We are.\tOK?\nSure!"
	for i := range text {
		for j := i; j <= len(text); j += 7 {
			if got, want := AppendSentenceSpans(nil, text[i:j]), refAppendSentenceSpans(nil, text[i:j]); !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: %v, want %v", text[i:j], got, want)
			}
		}
	}
}
