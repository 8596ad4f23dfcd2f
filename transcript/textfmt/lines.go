package textfmt

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// Limits of a speaker name. A name before a bare colon must look like a name
// (short, few words) because prose is full of colons; a name beside a time
// stamp is already marked as a label by the time, so it may be longer.
const (
	maxLabelBytes    = 256 // how far into a line the "Name:" colon is looked for
	maxNameWords     = 4   // "Name: text"
	maxNameRunes     = 40
	maxTimedWords    = 6 // "Name (00:12):", "Jane Doe  0:03", "[00:01] Name:"
	maxTimedRunes    = 60
	maxTimeStampSize = 16 // "123:59:59.999" and some room
)

// notSpeakers are first words of "Word: text" labels that introduce a note,
// a heading or a field in prose rather than a speaker ("Note: this", "Time:
// 10:30", "Step 1: sign"). Lower case; they never start a speaker in a
// "Name: text" line.
var notSpeakers = map[string]bool{
	"note": true, "notes": true, "nb": true, "ps": true, "fyi": true, "re": true, "fw": true, "fwd": true,
	"update": true, "summary": true, "agenda": true, "subject": true, "title": true, "topic": true,
	"date": true, "time": true, "when": true, "where": true, "location": true, "attendees": true, "participants": true,
	"warning": true, "important": true, "tip": true, "example": true, "reminder": true, "todo": true,
	"step": true, "part": true, "chapter": true, "section": true, "phase": true, "item": true,
	"action": true, "next": true, "edit": true, "source": true, "link": true, "url": true,
	"email": true, "e-mail": true, "phone": true, "tel": true, "cc": true, "bcc": true, "to": true, "from": true,
	"http": true, "https": true, "mailto": true, "transcript": true, "recording": true, "meeting": true,
}

// nameParticles are lower-case words allowed inside a name ("Ana de la Cruz",
// "Jan van der Berg"); any other lower-case word after the first makes the
// label a phrase ("Call me at"), not a name.
var nameParticles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"di": true, "da": true, "das": true, "dos": true, "du": true, "la": true, "le": true,
	"bin": true, "binti": true, "ibn": true, "al": true, "el": true, "ter": true, "ten": true,
	"zu": true, "af": true,
}

// isName reports whether b looks like a speaker name: 1 to maxWords words,
// at most maxRunes characters, starting with a letter, made of letters,
// digits and the marks names use (. - ' ’ _ and @ in e-mail addresses), each
// word after the first capitalised (or caseless, a digit, or a particle such
// as "van"), and dots only in abbreviations ("Dr.", "J.R."). So "Dana Reyes",
// "Speaker 1", "José Núñez", "Dr. Ana de la Cruz" and "dana@acme.com" are
// names; "Call me at", "Here is the thing" and "Thanks. Bob" are not.
func isName(b []byte, maxWords, maxRunes int) bool {
	if len(b) == 0 || len(b) > maxRunes*utf8.UTFMax {
		return false
	}
	first, _ := utf8.DecodeRune(b)
	if !unicode.IsLetter(first) {
		return false
	}
	words, runes := 0, 0
	for len(b) > 0 {
		if b[0] == ' ' {
			b = b[1:]
			runes++
			continue
		}
		end := bytes.IndexByte(b, ' ')
		if end < 0 {
			end = len(b)
		}
		word := b[:end]
		b = b[end:]
		words++
		if words > maxWords {
			return false
		}
		n, ok := nameWord(word, words == 1)
		if !ok {
			return false
		}
		runes += n
		if runes > maxRunes {
			return false
		}
	}
	return words > 0
}

// nameWord checks one word of a name and returns its length in runes.
func nameWord(w []byte, first bool) (int, bool) {
	email := bytes.IndexByte(w, '@') > 0
	n, part, dots := 0, 0, false
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return 0, false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			part++
		case r == '.':
			dots = true
			if !email && part > 3 {
				return 0, false // a sentence end ("Thanks."), not "Dr." or "J.R."
			}
			part = 0
		case r == '-' || r == '\'' || r == '’' || r == '_':
		case email && (r == '@' || r == '+'):
		default:
			return 0, false
		}
		n++
		i += size
	}
	if dots && !email && part > 3 {
		return 0, false // "etc.Then"
	}
	if first || email {
		return n, true
	}
	r, size := utf8.DecodeRune(w)
	if !unicode.IsLower(r) {
		return n, true // capitalised, caseless script or digit
	}
	if r2, _ := utf8.DecodeRune(w[size:]); r2 == '\'' || r2 == '’' {
		return n, true // "d'Artagnan"
	}
	return n, nameParticles[string(w)]
}

// notSpeaker reports whether a "Word...: text" label starts with a word of
// notSpeakers.
func notSpeaker(name []byte) bool {
	w := name
	if i := bytes.IndexByte(w, ' '); i >= 0 {
		w = w[:i]
	}
	var buf [16]byte
	if len(w) > len(buf) {
		return false
	}
	for i, c := range w {
		if c >= 0x80 {
			return false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return notSpeakers[string(buf[:len(w)])]
}

// shape is the kind of speaker label a line starts with.
type shape uint8

const (
	shapeNone      shape = iota
	shapePlain           // "Name: text"
	shapeLeadTime        // "[00:01:02] Name: text", "(00:12) Name: text", "00:01:02 Name: text"
	shapeTrailTime       // "Name [00:01:02]: text"
	shapeRev             // "Name (00:12): text", Rev's "Speaker 1 (00:00):"
)

// label is a parsed "Name: text" line.
type label struct {
	shape   shape
	name    []byte
	start   pushback.Seconds
	text    []byte
	badTime []byte // a time stamp in a label position that does not parse
}

func (l *label) timed() bool {
	return l.shape == shapeLeadTime || l.shape == shapeTrailTime || l.shape == shapeRev
}

// parseLabel reads the speaker label at the start of a trimmed line in any
// of the shapes above. The separator is the first colon followed by white
// space or the end of the line, so "10:30", "https://" and "a:b" never
// separate a name from its text.
func parseLabel(line []byte) (label, bool) {
	sep := -1
	lim := min(len(line), maxLabelBytes)
	for i := 0; i < lim; {
		j := bytes.IndexByte(line[i:lim], ':')
		if j < 0 {
			break
		}
		i += j
		if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
			sep = i
			break
		}
		i++
	}
	if sep <= 0 {
		return label{}, false
	}
	l := label{shape: shapePlain, start: pushback.NoTime, text: line[sep+1:]}
	head := trimSpace(line[:sep])
	if len(head) == 0 {
		return label{}, false
	}
	var stamp []byte
	switch c := head[0]; {
	case c == '[' || c == '(':
		closer := byte(']')
		if c == '(' {
			closer = ')'
		}
		end := bytes.IndexByte(head, closer)
		if end < 0 || !looksLikeTime(head[1:end]) {
			return label{}, false
		}
		stamp, l.name, l.shape = head[1:end], trimSpace(head[end+1:]), shapeLeadTime
	case c >= '0' && c <= '9':
		end := bytes.IndexAny(head, " \t")
		if end < 0 || !looksLikeTime(head[:end]) {
			return label{}, false
		}
		stamp, l.name, l.shape = head[:end], trimSpace(head[end+1:]), shapeLeadTime
	default:
		last := head[len(head)-1]
		if last == ']' || last == ')' {
			opener := byte('[')
			l.shape = shapeTrailTime
			if last == ')' {
				opener, l.shape = '(', shapeRev
			}
			open := bytes.LastIndexByte(head, opener)
			if open < 0 || !looksLikeTime(head[open+1:len(head)-1]) {
				return label{}, false
			}
			stamp, l.name = head[open+1:len(head)-1], trimSpace(head[:open])
		} else {
			l.name = head
		}
	}
	if l.shape == shapePlain {
		if !isName(l.name, maxNameWords, maxNameRunes) || notSpeaker(l.name) {
			return label{}, false
		}
		return l, true
	}
	if !isName(l.name, maxTimedWords, maxTimedRunes) {
		return label{}, false
	}
	t, err := timecode.Parse(string(stamp))
	if err != nil {
		l.badTime = stamp
	}
	l.start = t
	return l, true
}

// looksLikeTime reports whether b is shaped like a clock time stamp: digits
// with one or two colons, optionally a fraction ("0:03", "01:02:03.5"). It
// need not be valid: "00:75" looks like a time and is reported as a bad one.
func looksLikeTime(b []byte) bool {
	if len(b) < 3 || len(b) > maxTimeStampSize || b[0] < '0' || b[0] > '9' {
		return false
	}
	colons := 0
	for _, c := range b {
		switch {
		case c == ':':
			colons++
		case c >= '0' && c <= '9', c == '.', c == ',':
		default:
			return false
		}
	}
	return colons == 1 || colons == 2
}

// otterHeader is a parsed Otter block header "Name  0:03".
type otterHeader struct {
	name    []byte
	start   pushback.Seconds
	wide    bool // two or more spaces before the time, as Otter writes it
	badTime []byte
}

// parseOtterHeader reads a line that is a name, white space and an M:SS,
// MM:SS or H:MM:SS time stamp, and nothing else.
func parseOtterHeader(line []byte) (otterHeader, bool) {
	i := bytes.LastIndexAny(line, " \t")
	if i <= 0 {
		return otterHeader{}, false
	}
	stamp := line[i+1:]
	if !otterTimeShape(stamp) {
		return otterHeader{}, false
	}
	j := i
	for j > 0 && (line[j-1] == ' ' || line[j-1] == '\t') {
		j--
	}
	h := otterHeader{name: trimSpace(line[:j]), wide: i-j >= 1 || line[i] == '\t'}
	if !isName(h.name, maxTimedWords, maxTimedRunes) {
		return otterHeader{}, false
	}
	t, err := timecode.Parse(string(stamp))
	if err != nil {
		h.badTime = stamp
	}
	h.start = t
	return h, true
}

// otterTimeShape reports whether b is M:SS, MM:SS or H:MM:SS (at most three
// digits before the first colon, two after each colon).
func otterTimeShape(b []byte) bool {
	if len(b) < 4 || len(b) > 10 {
		return false
	}
	field, fields := 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			field++
		case c == ':':
			if field == 0 || field > 3 || (fields > 0 && field != 2) {
				return false
			}
			fields++
			field = 0
		default:
			return false
		}
	}
	return (fields == 1 || fields == 2) && field == 2
}

// isOtterFooter reports whether the line is Otter's closing
// "Transcribed by https://otter.ai".
func isOtterFooter(line []byte) bool {
	const prefix = "transcribed by "
	if len(line) < len(prefix)+8 || len(line) > 64 {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := line[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	rest := bytes.ToLower(line[len(prefix):])
	return bytes.Contains(rest, []byte("otter.ai"))
}

// trimSpace trims ASCII blanks, and Unicode ones only when the ends are not
// ASCII, keeping the common case allocation- and decode-free.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\v' || b[0] == '\f') {
		b = b[1:]
	}
	for len(b) > 0 {
		c := b[len(b)-1]
		if c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f' {
			break
		}
		b = b[:len(b)-1]
	}
	if len(b) > 0 && (b[0] >= 0x80 || b[len(b)-1] >= 0x80) {
		return bytes.TrimSpace(b)
	}
	return b
}
