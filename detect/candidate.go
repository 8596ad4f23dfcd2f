// Package detect finds push-back moments: for every prospect sentence (or
// clause of a long one) it computes language cues and word features and asks
// a trained linear model whether the sentence is an incorrect fact, an
// unfounded conclusion, a forward-looking statement about the seller, or none
// of these. Every moment carries the cues that made it one.
package detect

import (
	"encoding/binary"
	"math/bits"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
)

// Candidate is a piece of a prospect turn that may be a moment.
type Candidate struct {
	Turn  int
	Start int    // byte offset in the turn's text
	End   int    // byte offset in the turn's text
	Text  string // the quote if it is a moment
	// Context
	First           bool // first candidate of its turn
	PrevRepQuestion bool // the turn before is the rep's and ends with a question
	Disowned        bool // the speaker goes straight on to disown it ("I don't agree with him")
}

// longClause is the length (tokens) above which a sentence is split into
// clauses, so the quote of a claim buried in a run-on turn stays short.
const longClause = 32

// Candidates returns the candidates of the prospect turns of a call.
func Candidates(call *pushback.Call) []Candidate {
	var out []Candidate
	for ti := range call.Turns {
		out = TurnCandidates(out, call, ti)
	}
	return out
}

// TurnCandidates appends the candidates of one turn (none for a rep turn).
// A candidate's features depend only on its own turn and the turns before
// it: what came before, and whether the words right after it in the same turn
// disown it ("Our CFO says you're a fad. I don't agree with him."). A live
// session looks at a turn again each time it grows, so it judges each
// sentence as the batch analysis of the whole call does once the turn is
// complete, and takes back a nudge that the speaker's next words disown.
func TurnCandidates(dst []Candidate, call *pushback.Call, ti int) []Candidate {
	t := call.Turns[ti]
	if t.Role != pushback.RoleProspect {
		return dst
	}
	prevQ := false
	if ti > 0 {
		p := call.Turns[ti-1]
		prevQ = p.Role == pushback.RoleRep && endsWithQuestion(p.Text)
	}
	first := len(dst)
	if t.Sentences != nil {
		dst = sentenceCandidates(dst, t.Index, t.Text, t.Sentences)
	} else {
		dst = TextCandidates(dst, t.Index, t.Text)
	}
	for k := first; k < len(dst); k++ {
		dst[k].First = k == first
		dst[k].PrevRepQuestion = prevQ
	}
	return dst
}

// MinWords is the shortest claim a moment's quote can hold: shorter
// sentences ("Sure.", "Okay, go ahead.") are never candidates.
const MinWords = 4

// TextCandidates appends the candidates of one text (a turn, or an utterance
// checked on its own) to dst.
func TextCandidates(dst []Candidate, turn int, text string) []Candidate {
	for _, sp := range lang.SentenceSpans(text) {
		dst = appendClauses(dst, turn, text, sp)
	}
	return dst
}

// sentenceCandidates is TextCandidates for a text already split into
// sentences (substrings of it, in order), as a parsed turn is.
func sentenceCandidates(dst []Candidate, turn int, text string, sentences []string) []Candidate {
	cur := 0
	for _, s := range sentences {
		// Sentences follow each other with spaces between: look there first.
		i := 0
		for cur+i < len(text) && text[cur+i] == ' ' {
			i++
		}
		if !strings.HasPrefix(text[cur+i:], s) {
			i = strings.Index(text[cur:], s)
		}
		if i < 0 {
			return TextCandidates(dst, turn, text) // not this turn's sentences after all
		}
		sp := lang.Span{Start: cur + i, End: cur + i + len(s)}
		cur = sp.End
		dst = appendClauses(dst, turn, text, sp)
	}
	return dst
}

func appendClauses(dst []Candidate, turn int, text string, sp lang.Span) []Candidate {
	n := wordsIn(text[sp.Start:sp.End])
	if n < MinWords {
		return dst
	}
	if n < longClause {
		return append(dst, Candidate{Turn: turn, Start: sp.Start, End: sp.End, Text: text[sp.Start:sp.End], Disowned: disowned(text, sp.Start, sp.End)})
	}
	for _, c := range clauses(text, sp) {
		if wordsIn(text[c.Start:c.End]) < MinWords {
			continue
		}
		dst = append(dst, Candidate{Turn: turn, Start: c.Start, End: c.End, Text: text[c.Start:c.End], Disowned: disowned(text, c.Start, c.End)})
	}
	return dst
}

// disowned reports whether the speaker disowns the words of text[start:end]
// as they go on ("..., but I don't buy it") or straight after them.
func disowned(text string, start, end int) bool {
	buts := [...]string{" but ", " BUT "}
	n := 1
	if end-start > 1 && isUpper(text[start]) && isUpper(text[start+1]) {
		n = 2 // a transcript in capitals
	}
	for _, but := range buts[:n] {
		for i := start; i < end; {
			k := indexBut(text[i:end], but)
			if k < 0 {
				break
			}
			if disownedAfter(text[:end], i+k) {
				return true
			}
			i += k + len(but)
		}
	}
	return disownedAfter(text, end)
}

// indexBut is strings.Index(s, but) for but " but " or " BUT ". It looks
// for the b, far rarer than the space that opens the word, so the search
// stops less often.
func indexBut(s, but string) int {
	for i := 1; i+len(but)-1 <= len(s); {
		k := strings.IndexByte(s[i:len(s)-len(but)+2], but[1])
		if k < 0 {
			return -1
		}
		i += k
		if s[i-1:i-1+len(but)] == but {
			return i - 1
		}
		i++
	}
	return -1
}

// disownedAfter reports whether the words of text from byte end on disown
// what came before: the speaker has just reported a view ("my CFO thinks
// ...", "a guy at my peer group told me ...") and says at once that they do
// not hold it. Only the words straight after count, so "I don't think that's
// acceptable", which backs the claim, does not. It runs for every candidate:
// most are rejected on the first word.
func disownedAfter(text string, end int) bool {
	i := end
	for range 4 { // "but honestly, I ..."
		s, e := wordAt(text, i)
		if s == e {
			return false
		}
		w := text[s:e]
		switch text[s] | 0x20 { // the first letter, in lower case
		case 'i':
			return (wordIs(w, "i") || wordIs(w, "im")) && disowningAt(text, s)
		case 'n':
			if wordIs(w, "not") {
				return disowningAt(text, s)
			}
			if !wordIs(w, "now") {
				return false
			}
		case 't':
			if wordIs(w, "thats") {
				return disowningAt(text, s)
			}
			if !wordIs(w, "though") {
				return false
			}
		case 'b', 'a', 'h', 'p', 'm':
			if !wordIs(w, "but") && !wordIs(w, "and") && !wordIs(w, "although") && !wordIs(w, "honestly") &&
				!wordIs(w, "personally") && !wordIs(w, "me") && !wordIs(w, "myself") {
				return false
			}
		default:
			return false
		}
		i = e
	}
	return false
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// wordAt returns the bounds of the first word of text at or after byte i,
// past spaces and punctuation.
func wordAt(text string, i int) (int, int) {
	for i < len(text) && isGap(text[i]) {
		i++
	}
	s := i
	for i < len(text) && !isGap(text[i]) {
		i++
	}
	return s, i
}

func isGap(c byte) bool { return gaps[c] }

// gaps marks the bytes isGap reports: a table costs less than a switch in
// wordAt's loops.
var gaps = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r,.;:-!?\"()") {
		t[c] = true
	}
	return
}()

// wordIs reports whether w is the lower-case word lit, written without
// apostrophes, whatever its case and with or without its apostrophes,
// straight or curly, as disowningAt compares phrases: "I'm", "I’m" and "im"
// are all wordIs(w, "im").
func wordIs(w, lit string) bool {
	k := 0
	for j := 0; j < len(w); j++ {
		c := w[j]
		switch {
		case c == '\'':
			continue
		case c == 0xE2 && strings.HasPrefix(w[j:], "\u2019"):
			j += 2
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if k >= len(lit) || c != lit[k] {
			return false
		}
		k++
	}
	return k == len(lit)
}

// disowningAt reports whether the words of text from byte i on are one of
// the disowning phrases. Apostrophes are left out on both sides, since
// speech-to-text output often drops them ("i dont agree", "im not so sure").
func disowningAt(text string, i int) bool {
	var buf [48]byte
	n := 0
	gap := false
	for ; i < len(text) && n < len(buf); i++ {
		c := text[i]
		switch {
		case c == '\'':
			continue
		case c == 0xE2 && strings.HasPrefix(text[i:], "\u2019"):
			i += 2
			continue
		case isGap(c):
			gap = true
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		if gap && n > 0 {
			buf[n] = ' '
			n++
			if n == len(buf) {
				break
			}
		}
		gap = false
		buf[n] = c
		n++
	}
	if gap && n < len(buf) {
		buf[n] = ' '
		n++
	}
	// Most phrases differ from the words in their first eight bytes:
	// compare those as one number before comparing the whole phrase.
	head := binary.LittleEndian.Uint64(buf[:8])
	for k, p := range disownings {
		if head&disowningHeads[k].mask == disowningHeads[k].head && n >= len(p) &&
			string(buf[:len(p)]) == p && (n == len(p) || buf[len(p)] == ' ') {
			return true
		}
	}
	return false
}

// disowningHeads holds the first eight bytes of each of disownings (fewer
// for a shorter phrase, with the mask of those it has), little-endian.
var disowningHeads = func() []struct{ head, mask uint64 } {
	out := make([]struct{ head, mask uint64 }, len(disownings))
	for k, p := range disownings {
		for j := 0; j < len(p) && j < 8; j++ {
			out[k].head |= uint64(p[j]) << (8 * j)
			out[k].mask |= 0xFF << (8 * j)
		}
	}
	return out
}()

// disownings are the disowning phrases, written with apostrophes for the
// reader and matched without them (see disowningAt).
var disownings = withoutApostrophes([]string{
	"i'm not so sure", "i am not so sure", "i'm not sure about that", "i'm not sure that's", "i'm not sure i agree",
	"i'm not sure i buy", "i'm not convinced", "i am not convinced", "i'm not buying", "i don't buy", "i do not buy",
	"i don't agree", "i do not agree", "i disagree", "i don't think that's right", "i don't think that's true",
	"i don't think that's fair", "i don't think that's the case", "i don't think that's accurate",
	"i don't think so", "i don't think he's right", "i don't think she's right", "i don't think they're right",
	"i think he's wrong", "i think he is wrong", "i think she's wrong", "i think she is wrong",
	"i think they're wrong", "i think they are wrong", "i'm sceptical", "i'm skeptical", "i doubt it", "i doubt that",
	"i have my doubts", "i wouldn't go that far", "not sure i agree", "not sure i buy", "i don't see it that way",
	"i don't believe that", "i don't believe it", "that's not my view", "that's not how i see it", "i see it differently",
})

func withoutApostrophes(phrases []string) []string {
	for i, p := range phrases {
		phrases[i] = strings.ReplaceAll(p, "'", "")
	}
	return phrases
}

var endsWithQuestion = lang.EndsWithQuestion

// clauses splits a long sentence at a comma, semicolon or dash followed by a
// conjunction ("..., but", "; so"), or before a bare conjunction or
// discourse marker (" but ", " so ", " i mean "): speech-to-text output often
// has no commas, and a run-on turn would otherwise be one diluted candidate.
// Pieces keep at least minClause words.
func clauses(text string, sp lang.Span) []lang.Span {
	s := text[sp.Start:sp.End]
	if wordsIn(s) < longClause {
		return []lang.Span{sp}
	}
	var cuts []int
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ',' || c == ';' || c == '-':
			if i+2 < len(s) && s[i+1] == ' ' && punctuatedFirst[s[i+2]|0x20] && startsWithAny(s[i+1:], punctuatedBreaks) {
				cuts = append(cuts, i+1)
			}
		case c == ' ':
			if i+1 < len(s) && bareFirst[s[i+1]|0x20] && startsWithAny(s[i:], bareBreaks) {
				cuts = append(cuts, i)
			}
		}
	}
	var out []lang.Span
	start := 0
	for _, cut := range cuts {
		if cut > start && wordsIn(s[start:cut]) >= minClause && wordsIn(s[cut:]) >= minClause {
			out = append(out, trim(text, sp.Start+start, sp.Start+cut))
			start = cut
		}
	}
	return append(out, trim(text, sp.Start+start, sp.End))
}

// minClause is the fewest words a clause split off a long sentence keeps.
const minClause = 6

var (
	punctuatedBreaks = []string{" but ", " and ", " so ", " because ", " which ", " although ", " though ", " or ", " anyway ", " i mean ", " honestly "}
	bareBreaks       = []string{" but ", " so ", " because ", " although ", " though ", " anyway ", " i mean ", " you know ", " and then ", " and honestly ", " honestly ", " and i think ", " and you ", " plus "}
)

// punctuatedFirst and bareFirst mark the first letters of the breaks' words
// (after the space): most words start with none, and skip the comparisons.
var punctuatedFirst, bareFirst = firstLetters(punctuatedBreaks), firstLetters(bareBreaks)

func firstLetters(breaks []string) (t [256]bool) {
	for _, b := range breaks {
		t[b[1]] = true
	}
	return
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && eqFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func wordsIn(s string) int {
	n, in := 0, false
	i := 0
	// Eight bytes at a time: a word starts at each non-space byte after a
	// space (or at the start).
	for ; i+8 <= len(s); i += 8 {
		// One bounds check for the eight bytes (b's length is known), and
		// the compiler reads them with one load.
		b := s[i : i+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		t := w ^ 0x2020202020202020
		const hi, lo = 0x8080808080808080, 0x7F7F7F7F7F7F7F7F
		sp := ^(((t & lo) + lo) | t | lo) // the high bit of each space
		before := sp << 8                 // ... moved to the byte after it
		if !in {
			before |= 0x80
		}
		n += bits.OnesCount64(^sp & hi & before)
		in = sp>>63 == 0
	}
	for ; i < len(s); i++ {
		sp := s[i] == ' '
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

func eqFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func trim(text string, a, b int) lang.Span {
	for a < b && (text[a] == ' ' || text[a] == ',' || text[a] == ';' || text[a] == '-') {
		a++
	}
	for b > a && (text[b-1] == ' ' || text[b-1] == ',' || text[b-1] == ';') {
		b--
	}
	return lang.Span{Start: a, End: b}
}
