package caption

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a speaker name in a "Name: text" prefix may look like. Longer or
// wordier prefixes are sentences that happen to hold a colon.
const (
	maxNameRunes = 40
	maxNameWords = 5
)

// nameMarks are the punctuation marks a display name may hold besides
// letters, digits and spaces: "Dr. Lee", "O'Neil", "Dana Reyes (Acme)",
// "sam@acme.com", "Ana-María", "Lee, Kim", "Sam (he/him)".
const nameMarks = ".'’-_()@&,/+"

// stopLabels are words that open a line with a colon without naming anyone
// ("Note: ...", "Step 2: ..."); compared in lower case, without a trailing number.
var stopLabels = map[string]bool{
	"note": true, "notes": true, "nb": true, "n.b.": true, "ps": true, "p.s.": true,
	"update": true, "warning": true, "caution": true, "important": true, "reminder": true,
	"tip": true, "hint": true, "example": true, "e.g.": true, "i.e.": true,
	"re": true, "fwd": true, "fw": true, "subject": true, "summary": true, "agenda": true,
	"todo": true, "to do": true, "action items": true, "next steps": true,
	"step": true, "part": true, "chapter": true, "section": true, "slide": true, "page": true,
	"question": true, "answer": true, "edit": true, "source": true, "translation": true,
	"ok": true, "okay": true, "yes": true, "no": true, "so": true, "well": true,
	"and": true, "but": true, "now": true, "here": true, "this": true, "that": true,
}

// particles are the lower-case words a capitalised name may hold: "Ludwig
// van Beethoven", "Ana de la Cruz".
var particles = map[string]bool{
	"de": true, "da": true, "das": true, "do": true, "dos": true, "del": true, "della": true,
	"der": true, "den": true, "di": true, "du": true, "la": true, "le": true, "van": true,
	"von": true, "ter": true, "ten": true, "zu": true, "bin": true, "ibn": true, "al": true,
	"el": true, "y": true, "e": true, "of": true,
}

// Label reads a speaker label opening text, "Name: text": a colon followed
// by white space or ending the line, after a name shaped like a display
// name (nameShaped) that is not a word like "Note" or "Step 2"
// (stopLabels). It is the whole rule where every cue opens with a label
// (Zoom); caption text wants CaptionLabel's stricter one.
func Label(text []byte) (name, rest []byte, ok bool) {
	name, rest, ok = splitLabel(text)
	if !ok || isStopLabel(name) {
		return nil, nil, false
	}
	return name, rest, true
}

// RecentLabels is Label with a memory of the last names it accepted: a line
// that opens with one of them, "Name:" followed by white space or the line's
// end, is read without checking the name again. Labels repeat a handful of
// names thousands of times. A name holds no colon, so Label would split
// such a line at the same place.
type RecentLabels struct {
	names [4][]byte // most recent first
}

// Label returns what Label(text) does.
func (r *RecentLabels) Label(text []byte) (name, rest []byte, ok bool) {
	for _, n := range r.names {
		k := len(n)
		if k == 0 || len(text) <= k || text[k] != ':' || !bytes.Equal(text[:k], n) {
			continue
		}
		if rest := text[k+1:]; len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' {
			return text[:k], TrimBlanksLeft(rest), true
		}
	}
	name, rest, ok = Label(text)
	if ok {
		last := r.names[len(r.names)-1]
		copy(r.names[1:], r.names[:])
		r.names[0] = append(last[:0], name...) // text is the caller's: keep a copy
	}
	return name, rest, ok
}

// CaptionLabel reads a speaker label in caption text ("MAN:", "Dana
// Reyes:", "- BOB:"), where most colons are not labels: on top of Label's
// rule the name must be capitalised (isCaptionName), and on any line of the
// cue but its first (line > 0) it must follow a dialogue dash (dashed) or be
// all capitals, since "Kevin: is text here" mid-cue is more often a sentence.
func CaptionLabel(text []byte, line int, dashed bool) (name, rest []byte, ok bool) {
	name, rest, ok = Label(text)
	if !ok || !isCaptionName(name) || !(line == 0 || dashed || isAllCaps(name)) {
		return nil, nil, false
	}
	return name, rest, true
}

// splitLabel splits "Name: text" at its first colon when the colon is
// followed by white space or ends the line (so "10:30" and "https://" never
// split) and the part before it is shaped like a name (nameShaped).
func splitLabel(text []byte) (name, rest []byte, ok bool) {
	look := text
	if len(look) > 4*maxNameRunes+1 {
		look = look[:4*maxNameRunes+1]
	}
	i := bytes.IndexByte(look, ':')
	if i <= 0 {
		return nil, nil, false
	}
	if i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\t' {
		return nil, nil, false
	}
	name = TrimBlanksRight(text[:i])
	if !nameShaped(name) {
		return nil, nil, false
	}
	return name, TrimBlanksLeft(text[i+1:]), true
}

// nameShaped reports whether s could be a display name: 1 to 5 words, at
// most 40 characters, starting with a letter, holding only letters, digits,
// spaces and the marks in nameMarks. Digits-only, times and URLs never are.
func nameShaped(s []byte) bool {
	runes, words, inWord := 0, 0, false
	for i, r := range string(s) {
		runes++
		if runes > maxNameRunes {
			return false
		}
		switch {
		case i == 0 && !unicode.IsLetter(r):
			return false
		case r == ' ' || r == '\t':
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune(nameMarks, r):
			if !inWord {
				words++
				inWord = true
			}
		default:
			return false
		}
	}
	return words >= 1 && words <= maxNameWords
}

// isStopLabel reports whether name is a word like "Note" or "Step 2" rather
// than a speaker.
func isStopLabel(name []byte) bool {
	var buf [16]byte
	if len(name) > len(buf) {
		return false // longer than any stop label
	}
	lower := buf[:len(name)]
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return stopLabels[string(lower)] || stopLabels[string(bytes.TrimRight(lower, "0123456789#. "))]
}

// isCaptionName reports whether a label in a caption file names a speaker:
// all capitals ("MAN", "DR. LEE") or every word capitalised ("Dana Reyes",
// "Ana de la Cruz", "Speaker 2"). Scripts without case count as capitalised.
func isCaptionName(name []byte) bool {
	if isAllCaps(name) {
		return true
	}
	for i, w := range strings.Fields(string(name)) {
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(w, "('\"’"))
		switch {
		case unicode.IsDigit(r), !unicode.IsLower(r):
		case i > 0 && particles[w]:
		default:
			return false
		}
	}
	return true
}

// isAllCaps reports whether name has letters and none of them lower case.
func isAllCaps(name []byte) bool {
	letters := false
	for _, r := range string(name) {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// StripDash drops the dialogue dash that opens a caption line ("- Hi"),
// reporting whether there was one: a dash may precede a speaker label on any
// line of a cue.
func StripDash(text []byte) ([]byte, bool) {
	if len(text) >= 2 && text[0] == '-' && (text[1] == ' ' || text[1] == '\t') {
		return TrimBlanksLeft(text[1:]), true
	}
	return text, false
}
