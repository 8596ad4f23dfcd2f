package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// clitics are split from the word before them (appendWordFlags reads them
// off the end of a word, without this list), so that "you'll" gives "you",
// "'ll" and a pattern "you will|'ll" matches both spellings. Negative
// contractions ("don't", "can't", "won't") stay whole words.
var clitics = []string{"'ll", "'re", "'ve", "'d", "'m", "'s"}

// Tokens splits text into lower-case word tokens. Curly apostrophes become
// straight ones; contractions split as above; numbers keep their decimal
// point, thousands separators and a leading currency sign ("$1.5m"); other
// punctuation is dropped, except "?" and "!" which are tokens of their own.
func Tokens(text string) []string {
	return AppendTokens(nil, text)
}

// AppendTokens is Tokens appending to dst, to reuse a buffer.
func AppendTokens(dst []string, text string) []string {
	dst, _ = AppendTokenSpans(dst, nil, text)
	return dst
}

// Tokenizer is Tokens with a memory of the words it has lower-cased, so
// capitalised words ("The", "We", names) cost a table lookup instead of an
// allocation. Use one per goroutine.
type Tokenizer struct {
	// lower is a direct-mapped cache of lower-cased words, a slot to a word
	// by its FNV-1a hash; a word whose slot is taken takes it over. Cheaper
	// than a map: the hash is a short loop and a hit one string compare.
	lower []lowered
	// chunk holds copies of missed ASCII words, each followed by its
	// lower-case form; the strings of lower point into it. Bytes once
	// written are never written again, so those strings stay as they are.
	chunk []byte
}

type lowered struct{ word, lower string }

// loweredSlots is the size of a Tokenizer's memory.
const loweredSlots = 1 << 12

// chunkSize is the size of a Tokenizer's chunks.
const chunkSize = 4096

// AppendTokenSpans is the package function of that name, remembering the
// lower-case forms of the words it meets.
func (tz *Tokenizer) AppendTokenSpans(dst []string, spans []Span, text string) ([]string, []Span) {
	return appendTokenSpans(tz, dst, spans, text)
}

// AppendTokens is the package function of that name for a Tokenizer.
func (tz *Tokenizer) AppendTokens(dst []string, text string) []string {
	dst, _ = appendTokenSpans(tz, dst, nil, text)
	return dst
}

func (tz *Tokenizer) toLower(w string) string {
	if tz == nil {
		return toLower(w)
	}
	// The FNV-1a hash, and whether w has an upper-case or non-ASCII byte
	// (the callers know it does, mostly), in one loop.
	h := uint32(2166136261)
	up, wide := false, byte(0)
	for i := 0; i < len(w); i++ {
		c := w[i]
		up = up || 'A' <= c && c <= 'Z'
		wide |= c
		h = (h ^ uint32(c)) * 16777619
	}
	if !up && wide < utf8.RuneSelf {
		return w
	}
	if tz.lower == nil {
		tz.lower = make([]lowered, loweredSlots)
	}
	e := &tz.lower[h&(loweredSlots-1)]
	if e.word == w {
		return e.lower
	}
	if wide >= utf8.RuneSelf || 2*len(w) > chunkSize {
		l := strings.ToLower(w)
		*e = lowered{strings.Clone(w), l}
		return l
	}
	// ASCII: copy the word and its lower-case form to the chunk, one
	// allocation per chunk instead of two per word.
	if cap(tz.chunk)-len(tz.chunk) < 2*len(w) {
		tz.chunk = make([]byte, 0, chunkSize)
	}
	a := len(tz.chunk)
	tz.chunk = append(tz.chunk, w...)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		tz.chunk = append(tz.chunk, c)
	}
	b := tz.chunk[a:]
	*e = lowered{unsafe.String(&b[0], len(w)), unsafe.String(&b[len(w)], len(w))}
	return e.lower
}

// AppendTokenSpans is AppendTokens that also appends each token's byte
// range in text to spans (a clitic's range is its part of the word); spans
// may be nil when not wanted.
func AppendTokenSpans(dst []string, spans []Span, text string) ([]string, []Span) {
	return appendTokenSpans(nil, dst, spans, text)
}

func appendTokenSpans(tz *Tokenizer, dst []string, spans []Span, text string) ([]string, []Span) {
	want := spans != nil
	i, n := 0, len(text)
	wasNil := dst == nil
	if wasNil {
		// About a token for every five bytes of English: one allocation
		// where growing from nothing would take several.
		dst = make([]string, 0, n/5+1)
	}
	for i < n {
		c := text[i]
		if byteClass[c]&bWord == 0 { // not the common case, a word's first letter
			if c < utf8.RuneSelf {
				switch {
				case c == '?' || c == '!':
					dst = append(dst, text[i:i+1])
					if want {
						spans = append(spans, Span{i, i + 1})
					}
					i++
					continue
				case c != '$':
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
		}
		// Most words are lower-case ASCII letters and digits ended by a
		// space: read here, without the call to wordEnd.
		if byteClass[c] == bWord {
			j := i + 1
			for j < n && byteClass[text[j]] == bWord {
				j++
			}
			if j == n {
				dst = append(dst, text[i:j])
				if want {
					spans = append(spans, Span{i, j})
				}
				i = j
				continue
			}
			// A space, or a comma or period that is not inside a number
			// (as wordEnd reads them), ends the word, and no token starts
			// at it: step over it too.
			if c := text[j]; byteClass[c]&(bWord|bJoin|bWide) == 0 ||
				(c == ',' || c == '.') && !(isDigitByte(text[j-1]) && j+1 < n && isDigitByte(text[j+1])) {
				dst = append(dst, text[i:j])
				if want {
					spans = append(spans, Span{i, j})
				}
				i = j
				if c == ' ' || c == ',' || c == '.' {
					i++
				}
				continue
			}
		}
		// A capital and lower-case letters (or digits) ended by a space:
		// lower-cased here, without the call to wordEnd.
		if byteClass[c] == bWord|bUpper {
			j := i + 1
			for j < n && byteClass[text[j]] == bWord {
				j++
			}
			if j < n && text[j] == ' ' {
				dst = appendWordFlags(tz, dst, text[i:j], bWord|bUpper)
				if want {
					spans = append(spans, Span{i, j})
				}
				i = j + 1
				continue
			}
		}
		j, fl := wordEnd(text, i)
		if fl == bWord { // plain lower-case ASCII: the token is the text
			dst = append(dst, text[i:j])
			if want {
				spans = append(spans, Span{i, j})
			}
			i = j
			continue
		}
		k := len(dst)
		dst = appendWordFlags(tz, dst, text[i:j], fl)
		if want {
			if len(dst)-k == 2 { // a split clitic
				cut := clitCut(text, i, j, len(dst[len(dst)-1])-1)
				spans = append(spans, Span{i, cut}, Span{cut, j})
			} else {
				spans = append(spans, Span{i, j})
			}
		}
		i = j
	}
	if wasNil && len(dst) == 0 {
		dst = nil // as when nothing was appended to nil
	}
	return dst, spans
}

// clitCut is where the clitic of word text[i:j] starts, at its apostrophe,
// when the clitic's letters are the last n bytes: the last ' or ’ of the
// word. It is read off the end when those bytes are plain letters, the
// common case, and searched for otherwise.
func clitCut(text string, i, j, n int) int {
	k := j - n
	plain := k > i
	for x := k; plain && x < j; x++ {
		plain = byteClass[text[x]]&bWord != 0
	}
	if plain {
		if text[k-1] == '\'' {
			return k - 1
		}
		if k-3 >= i && text[k-3:k] == "’" {
			return k - 3
		}
	}
	return i + max(strings.LastIndex(text[i:j], "'"), strings.LastIndex(text[i:j], "’"))
}

// Byte classes for the tokenizer: what a byte says of the word it is in.
const (
	bWord  = 1 << iota // a letter, digit or underscore
	bUpper             // an upper-case ASCII letter
	bApos              // an apostrophe
	bWide              // part of a multi-byte character
	bJoin              // may join two parts of a word: . , - & '
)

var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case isWordByte(byte(c)):
			t[c] = bWord
			if 'A' <= c && c <= 'Z' {
				t[c] |= bUpper
			}
		case c == '\'':
			t[c] = bApos | bJoin
		case c == '.' || c == ',' || c == '-' || c == '&':
			t[c] = bJoin
		case c >= utf8.RuneSelf:
			t[c] = bWide
		}
	}
	return
}()

// wordEnd returns the end of the word starting at i: letters and digits,
// with inner apostrophes, hyphens, ampersands and number punctuation; and
// the byte classes of the word together (bUpper, bApos, bWide), which say
// what lower-casing and clitic splitting it needs.
func wordEnd(text string, i int) (int, uint8) {
	n := len(text)
	fl := byteClass[text[i]]
	j := i + 1
	if fl&bWide != 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		j = i + size
	} else {
		// A run of ASCII letters and digits, the bulk of a word, in a
		// loop of its own; what may follow it is read below, unless the
		// byte after the run can only end the word (a space).
		for j < n {
			cl := byteClass[text[j]]
			if cl&bWord == 0 {
				if cl&(bJoin|bWide) == 0 {
					return j, fl
				}
				break
			}
			fl |= cl
			j++
		}
	}
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
				fl |= byteClass[c] &^ bJoin
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

// appendWordFlags lower-cases w, straightens apostrophes and splits a
// clitic, given the byte classes of w (from wordEnd): most words are plain
// lower-case ASCII and need nothing done.
func appendWordFlags(tz *Tokenizer, dst []string, w string, fl uint8) []string {
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
		// The clitics, read off the end of the word rather than tried
		// one by one.
		n := len(lw)
		if n > 3 && lw[n-3] == '\'' && (lw[n-2:] == "ll" || lw[n-2:] == "re" || lw[n-2:] == "ve") {
			return append(dst, lw[:n-3], lw[n-3:])
		}
		if n > 2 && lw[n-2] == '\'' && (lw[n-1] == 'd' || lw[n-1] == 'm' || lw[n-1] == 's') {
			return append(dst, lw[:n-2], lw[n-2:])
		}
	}
	return append(dst, lw)
}

func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
