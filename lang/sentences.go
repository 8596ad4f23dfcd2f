// Package lang holds the small pieces of English the rest of Pushback needs:
// white-space cleaning, sentence splitting and tokenisation.
package lang

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanSpace trims s and collapses every run of white space to one space.
// Text that is already clean (the common case) is returned without copying.
func CleanSpace(s string) string {
	if isClean(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := true // at the start, drop spaces
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace(c) {
				space = true
				i++
				continue
			}
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			space = true
			i += size
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, s[i:i+size]...)
		i += size
	}
	return string(b)
}

// isClean: no leading or trailing space, no space but single ' ' between
// words.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	i := 0
	// Sixteen bytes at a time while they are printable ASCII, as the
	// eight-byte loop below reads them (which takes over at the first
	// chunk that is not): fewer loop tests. A space ending the first half
	// and one starting the second are two in a row.
	for ; i+16 <= len(s); i += 16 {
		w1, w2 := load64(s[i:i+8]), load64(s[i+8:i+16])
		if (w1|w2)&hi != 0 || ((lo9F-w1)|(lo9F-w2))&hi != 0 {
			break
		}
		t1, t2 := w1^spaces, w2^spaces
		sp1 := ^(((t1 & lo7F) + lo7F) | t1 | lo7F)
		sp2 := ^(((t2 & lo7F) + lo7F) | t2 | lo7F)
		if sp1&(sp1<<8)|sp2&(sp2<<8)|sp1>>56&sp2 != 0 || prevSpace && sp1&0x80 != 0 {
			return false
		}
		prevSpace = sp2>>63 != 0
	}
	// Eight bytes at a time: in a chunk of printable ASCII only two spaces
	// in a row make the text unclean; other chunks go byte by byte.
	for ; i+8 <= len(s); i += 8 {
		w := load64(s[i : i+8])
		// w&hi: a byte of 0x80 or more; (lo9F-w)&hi, for ASCII bytes: one
		// below 0x20.
		if w&hi != 0 || (lo9F-w)&hi != 0 {
			if !cleanBytes(s, i, i+8, &prevSpace) {
				return false
			}
			continue
		}
		t := w ^ spaces
		sp := ^(((t & lo7F) + lo7F) | t | lo7F) // the high bit of each space byte
		if sp&(sp<<8) != 0 || prevSpace && sp&0x80 != 0 {
			return false
		}
		prevSpace = sp>>63 != 0
	}
	return cleanBytes(s, i, len(s), &prevSpace)
}

const (
	hi     = 0x8080808080808080
	lo7F   = 0x7F7F7F7F7F7F7F7F
	lo9F   = 0x9F9F9F9F9F9F9F9F
	spaces = 0x2020202020202020
	lo01   = 0x0101010101010101
)

// cleanBytes is isClean byte by byte over s[i:end].
func cleanBytes(s string, i, end int, prevSpace *bool) bool {
	for ; i < end; i++ {
		switch cleanClass[s[i]] {
		case 0:
			*prevSpace = false
		case classSpace:
			if *prevSpace {
				return false
			}
			*prevSpace = true
		case classBad:
			return false
		case classMaybe:
			// U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
			// U+202F, U+205F, U+3000 are spaces: their UTF-8 starts 0xC2,
			// 0xE1, 0xE2 or 0xE3.
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			*prevSpace = false
		}
	}
	return true
}

const (
	classSpace = 1 + iota // ' '
	classBad              // other ASCII white space
	classMaybe            // may start a Unicode space
)

var cleanClass = func() (t [256]byte) {
	t[' '] = classSpace
	for _, c := range []byte("\t\n\r\v\f") {
		t[c] = classBad
	}
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		t[c] = classMaybe
	}
	return t
}()

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "vs": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true,
	"llc": true, "approx": true, "no": true, "nos": true, "dept": true, "est": true,
	"fig": true, "gen": true, "gov": true, "hr": true, "hrs": true, "min": true, "mins": true,
	"mt": true, "rev": true, "sen": true, "rep": true, "sgt": true, "capt": true, "col": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"e.g": true, "i.e": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.s.a": true,
	"ph.d": true, "cf": true, "ca": true, "al": true, "ave": true, "blvd": true, "yr": true, "yrs": true,
}

// stopByte marks the bytes that may start a sentence stop: '.', '!', '?'
// and the first byte of '…'.
var stopByte = [256]bool{'.': true, '!': true, '?': true, 0xE2: true}

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Sentences splits text into sentences. It copes with abbreviations ("Dr.",
// "e.g."), decimals and prices ("$1.5M"), initials ("J. R. Smith"),
// ellipses, runs like "?!", closing quotes and brackets after the stop, and
// a missing final stop (speech-to-text output often has none).
func Sentences(text string) []string {
	var buf [16]Span
	spans := AppendSentenceSpans(buf[:0], text)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

// SentenceSpans is Sentences as byte ranges of text, trimmed of spaces.
func SentenceSpans(text string) []Span { return AppendSentenceSpans(nil, text) }

// AppendSentenceSpans is SentenceSpans appending to spans, to reuse a buffer.
func AppendSentenceSpans(spans []Span, text string) []Span {
	start := 0
	n := len(text)
	for i := 0; i < n; {
		if i = stopAt(text, i); i >= n {
			break
		}
		if text[i] == 0xE2 && !strings.HasPrefix(text[i:], "…") {
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

// stopAt returns the index of the first byte of text from i on that may
// start a stop (stopByte), or len(text).
func stopAt(text string, i int) int {
	// Eight bytes at a time: for a byte c, (t-0x01...)&^t, where t is
	// w^c in every byte, has the high bit of a byte set where t first has
	// a zero byte, where w has c; false marks are only ever above a true
	// one. A chunk with none of the four bytes is skipped whole; in one
	// with some, the lowest mark is the first.
	for ; i+8 <= len(text); i += 8 {
		w := load64(text[i : i+8])
		t1, t2, t3, t4 := w^(lo01*'.'), w^(lo01*'!'), w^(lo01*'?'), w^(lo01*0xE2)
		if m := ((t1-lo01)&^t1 | (t2-lo01)&^t2 | (t3-lo01)&^t3 | (t4-lo01)&^t4) & hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(text) && !stopByte[text[i]]; i++ {
	}
	return i
}

// load64 reads the first eight bytes of b, little-endian: the compiler
// makes it one load, with one bounds check.
func load64(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// endsSentence decides whether the stop run text[stop:after] ends the
// sentence that began at start.
func endsSentence(text string, start, stop, after int) bool {
	next := nextWord(text, after)
	if next == "" {
		return true
	}
	run := text[stop:after]
	question := strings.ContainsAny(run, "?!")
	ellipsis := strings.Contains(run, "..") || strings.Contains(run, "…")
	r, _ := utf8.DecodeRuneInString(next)
	upper := unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘([", r)
	if ellipsis {
		// "a view on... would you" continues; "tried it... So we" does not.
		return upper && !strings.HasPrefix(next, "I ") && next != "I"
	}
	if question {
		return true
	}
	word := prevWord(text, start, stop)
	if abbr, company := abbreviation(word); abbr {
		// "Acme Inc. We" does end a sentence; "Dr. Smith" does not.
		return upper && company && !strings.HasPrefix(next, "I ")
	}
	if utf8.RuneCountInString(word) == 1 {
		r0, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(r0) {
			return false // an initial: "J. Smith"
		}
	}
	if strings.IndexByte(word, '.') >= 0 && len(word) <= 6 {
		return false // "U.S", "e.g" written without the list
	}
	if upper {
		return true
	}
	// Lower case after a full stop: speech-to-text often writes "yeah. so we",
	// which is a new sentence unless the word before is a number ("No. 5").
	return word != "" && !isNumber(word)
}

// abbreviation reports whether word is one of abbreviations, in any case,
// and whether it is one of a company's ("Inc", "etc" too).
func abbreviation(word string) (abbr, company bool) {
	// An ASCII word of up to seven bytes is lower-cased into the bytes of
	// a number, its length in the top byte, no allocation, and looked up
	// in abbrevKeys; none of abbreviations is longer.
	var key uint64
	n := 0
	for ; n < len(word) && n < 8; n++ {
		c := word[n]
		if c >= utf8.RuneSelf {
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		key |= uint64(c) << (8 * n)
	}
	var lw string
	switch {
	case n == len(word):
		if n == 0 || n == 8 || !abbrevKey(key|uint64(n)<<56) {
			return false, false
		}
		lw = strings.ToLower(word)
	case n == 8: // ASCII, and too long
		return false, false
	default:
		if lw = strings.ToLower(word); !abbreviations[lw] {
			return false, false
		}
	}
	return true, lw == "etc" || lw == "inc" || lw == "ltd" || lw == "co" || lw == "corp" || lw == "llc"
}

// abbrevKeys holds abbreviations as numbers (a word's bytes, the first
// lowest, and its length in the top byte: never 0, an empty slot), in an
// open-addressed table by abbrevSlot.
var abbrevKeys = func() (t [256]uint64) {
	for w := range abbreviations {
		var key uint64
		for i := len(w) - 1; i >= 0; i-- {
			key = key<<8 | uint64(w[i])
		}
		key |= uint64(len(w)) << 56
		i := abbrevSlot(key)
		for t[i] != 0 {
			i = (i + 1) % uint64(len(t))
		}
		t[i] = key
	}
	return
}()

func abbrevSlot(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> 56 }

func abbrevKey(key uint64) bool {
	for i := abbrevSlot(key); ; i = (i + 1) % uint64(len(abbrevKeys)) {
		switch abbrevKeys[i] {
		case key:
			return true
		case 0:
			return false
		}
	}
}

func nextWord(text string, i int) string {
	for i < len(text) && isSpace(text[i]) {
		i++
	}
	if i >= len(text) {
		return ""
	}
	j := i
	for j < len(text) && !isSpace(text[j]) {
		j++
	}
	if j < len(text) {
		j++ // keep the space so "I " can be told from "Its"
	}
	return text[i:j]
}

func prevWord(text string, start, stop int) string {
	i := stop
	for i > start && !isSpace(text[i-1]) && text[i-1] != '(' && text[i-1] != '"' {
		i--
	}
	return text[i:stop]
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) && r != ',' && r != '.' {
			return false
		}
	}
	return w != ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func trimSpan(text string, a, b int) Span {
	for a < b && isSpace(text[a]) {
		a++
	}
	for b > a && isSpace(text[b-1]) {
		b--
	}
	return Span{a, b}
}

// EndsWithQuestion reports whether s ends in a question mark, past closing
// quotes, brackets and spaces: strings.HasSuffix(strings.TrimRight(s,
// " \"')"), "?") without the trimming.
func EndsWithQuestion(s string) bool {
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ' ', '"', '\'', ')':
			continue
		case '?':
			return true
		}
		return false
	}
	return false
}
