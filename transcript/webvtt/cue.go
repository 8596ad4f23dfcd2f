package webvtt

import (
	"bytes"
	"html"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// maxTag is the longest tag read, "<" and ">" included: a voice span with a
// long name and classes fits; a longer run is text, and the bound keeps a
// line of many '<' from being scanned again for every one.
const maxTag = 512

// maxNames bounds the table that lets repeated speaker names share one string.
const maxNames = 1024

// assembler turns the text of a cue into segments: it strips tags, decodes
// character references, and splits the cue where a voice span or a speaker
// label starts. Its buffers are reused from cue to cue.
type assembler struct {
	mode     mode
	emit     func(pushback.Segment) error
	carried  string // modeCaption: the speaker the last label named
	sawVoice bool   // a voice span with a name was read

	names  map[string]string
	pieces []piece
	buf    []byte  // text of the cue's pieces, one after another
	line   []byte  // one line with tags stripped and references decoded
	events []event // voice spans and time stamps found in line
	texts  []string
	name   []byte // scratch: a voice name being cleaned
	text   []byte // scratch: a piece's text being squeezed
}

// piece is the text of one speaker within a cue.
type piece struct {
	speaker string
	from    int              // start of its text in buf
	said    bool             // it has text besides white space
	stamp   pushback.Seconds // time stamp tag before its first word, NoTime if none
}

type eventKind int

const (
	evVoice    eventKind = iota // <v Name>
	evVoiceEnd                  // </v>
	evStamp                     // <00:00:01.000>
)

// event is a tag that matters, at an offset in the cleaned line.
type event struct {
	at    int
	kind  eventKind
	name  string
	stamp pushback.Seconds
}

// cue splits c into segments and emits them.
func (a *assembler) cue(c *rawCue) error {
	a.pieces, a.buf = a.pieces[:0], a.buf[:0]
	first := ""
	if a.mode == modeCaption {
		first = a.carried
	}
	a.open(first)
	voiceOpen := false
	stamp := pushback.NoTime
	text := c.text
	for li := 0; len(text) > 0; li++ {
		raw := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			raw, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		a.clean(raw)
		atStart, from := true, 0
		for k := 0; k <= len(a.events); k++ {
			to := len(a.line)
			if k < len(a.events) {
				to = a.events[k].at
			}
			if from < to {
				atStart = a.add(a.line[from:to], atStart && !voiceOpen, li, stamp)
			}
			if k == len(a.events) {
				break
			}
			switch e := &a.events[k]; e.kind {
			case evVoice:
				a.open(e.name)
				voiceOpen, atStart = true, false
				if e.name != "" {
					a.sawVoice = true
				}
			case evVoiceEnd:
				voiceOpen = false
			case evStamp:
				stamp = e.stamp
			}
			from = to
		}
		a.buf = append(a.buf, ' ') // the line break
	}
	return a.flush(c)
}

// open starts a piece for speaker, or renames the current one if it has no
// text yet.
func (a *assembler) open(speaker string) {
	if n := len(a.pieces); n > 0 && !a.pieces[n-1].said {
		a.pieces[n-1].speaker = speaker
		return
	}
	a.pieces = append(a.pieces, piece{speaker: speaker, from: len(a.buf), stamp: pushback.NoTime})
}

// add appends text to the current piece. At the start of a line it first
// drops a dialogue dash and reads a speaker label. It reports whether the
// line is still at its start (text was only white space).
func (a *assembler) add(text []byte, lineStart bool, li int, stamp pushback.Seconds) bool {
	if lineStart {
		text = bytes.TrimLeft(text, " \t")
		if len(text) == 0 {
			return true
		}
		var dashed bool
		text, dashed = stripDash(text)
		if name, rest, ok := a.label(text, li, dashed); ok {
			a.open(name)
			if a.mode == modeCaption {
				a.carried = name
			}
			text = rest
		}
	}
	p := &a.pieces[len(a.pieces)-1]
	if !p.said && hasText(text) {
		p.said, p.stamp = true, stamp
	}
	a.buf = append(a.buf, text...)
	return false
}

// label reads a speaker label at the start of a line, as the mode allows.
func (a *assembler) label(text []byte, li int, dashed bool) (string, []byte, bool) {
	if a.mode == modeVoice || a.mode == modeZoom && li > 0 {
		return "", nil, false
	}
	name, rest, ok := splitLabel(text)
	if !ok || isStopLabel(name) {
		return "", nil, false
	}
	if a.mode == modeCaption && !(isCaptionName(name) && (li == 0 || dashed || isAllCaps(name))) {
		return "", nil, false
	}
	return a.intern(name), rest, true
}

// zoomPrefix reports whether the first line of c opens with a Zoom-style
// "Name: " prefix, and whether c has any text at all.
func (a *assembler) zoomPrefix(c *rawCue) (named, anyText bool) {
	if !hasText(c.text) {
		return false, false
	}
	first := c.text
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	a.clean(first)
	line := bytes.TrimLeft(a.line, " \t")
	line, _ = stripDash(line)
	name, _, ok := splitLabel(line)
	return ok && !isStopLabel(name), true
}

// flush emits the cue's pieces that have text. Pieces share the cue's times,
// except that a piece starting after a time stamp tag starts there, and the
// piece before it ends there.
func (a *assembler) flush(c *rawCue) error {
	kept, texts := a.pieces[:0], a.texts[:0]
	for i, p := range a.pieces {
		end := len(a.buf)
		if i+1 < len(a.pieces) {
			end = a.pieces[i+1].from
		}
		a.text = squeeze(a.text[:0], a.buf[p.from:end])
		if len(a.text) == 0 {
			continue
		}
		t := string(a.text)
		kept = append(kept, p)
		texts = append(texts, t)
	}
	a.texts = texts
	start := c.start
	for i, p := range kept {
		if i > 0 && p.stamp.Known() && p.stamp >= start && p.stamp <= c.end {
			start = p.stamp
		}
		end := c.end
		if n := i + 1; n < len(kept) && kept[n].stamp.Known() && kept[n].stamp >= start && kept[n].stamp <= c.end {
			end = kept[n].stamp
		}
		if err := a.emit(pushback.Segment{Speaker: p.speaker, Start: start, End: end, Text: texts[i]}); err != nil {
			return err
		}
	}
	return nil
}

// clean copies raw into a.line with tags stripped and character references
// decoded, noting voice spans and time stamps in a.events.
func (a *assembler) clean(raw []byte) {
	a.line, a.events = a.line[:0], a.events[:0]
	tagsEnd := bytes.LastIndexByte(raw, '>') + 1 // no tag starts at or after it
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, "<&")
		if i < 0 {
			a.line = append(a.line, raw...)
			break
		}
		a.line = append(a.line, raw[:i]...)
		raw, tagsEnd = raw[i:], tagsEnd-i
		n := 0
		switch {
		case raw[0] == '&':
			a.line, n = appendReference(a.line, raw)
		case tagsEnd > 0:
			n = a.tag(raw)
		}
		if n == 0 {
			a.line = append(a.line, raw[0])
			n = 1
		}
		raw, tagsEnd = raw[n:], tagsEnd-n
	}
}

// tag reads the tag that b starts with, returning its length, or 0 when the
// '<' is text ("a < b", "<3").
func (a *assembler) tag(b []byte) int {
	end := bytes.IndexByte(b[:min(len(b), maxTag)], '>')
	if end < 2 {
		return 0
	}
	inner := b[1:end]
	switch c := inner[0]; {
	case c == '/':
		if len(inner) < 2 || !isASCIILetter(inner[1]) {
			return 0
		}
		if name, _, _ := bytes.Cut(inner[1:], []byte(".")); string(bytes.TrimSpace(name)) == "v" {
			a.events = append(a.events, event{at: len(a.line), kind: evVoiceEnd})
		}
	case c >= '0' && c <= '9':
		t, err := timecode.Parse(string(inner))
		if err != nil {
			return 0
		}
		a.events = append(a.events, event{at: len(a.line), kind: evStamp, stamp: t})
	case isASCIILetter(c):
		name, annotation := inner, []byte(nil)
		if i := bytes.IndexAny(inner, " \t"); i >= 0 {
			name, annotation = inner[:i], inner[i+1:]
		}
		if base, _, _ := bytes.Cut(name, []byte(".")); string(base) == "v" {
			a.events = append(a.events, event{at: len(a.line), kind: evVoice, name: a.voiceName(annotation)})
		}
	default:
		return 0
	}
	return end + 1
}

// voiceName cleans a voice annotation: references decoded, white space squeezed.
func (a *assembler) voiceName(annotation []byte) string {
	dec := a.name[:0]
	for len(annotation) > 0 {
		i := bytes.IndexByte(annotation, '&')
		if i < 0 {
			dec = append(dec, annotation...)
			break
		}
		dec = append(dec, annotation[:i]...)
		var n int
		dec, n = appendReference(dec, annotation[i:])
		if n == 0 {
			dec, n = append(dec, '&'), 1
		}
		annotation = annotation[i+n:]
	}
	a.name = dec
	a.text = squeeze(a.text[:0], dec)
	return a.intern(a.text)
}

// intern returns name as a string, sharing one copy per distinct name.
func (a *assembler) intern(name []byte) string {
	if s, ok := a.names[string(name)]; ok {
		return s
	}
	s := string(name)
	if a.names == nil {
		a.names = make(map[string]string)
	}
	if len(a.names) < maxNames {
		a.names[s] = s
	}
	return s
}

// appendReference decodes the character reference ("&amp;", "&#237;",
// "&#x1F600;") that b starts with onto dst, returning its length in b, or 0
// when b does not start with one. Only references ended by ';' count, so
// "AT&T" and "Q&A" stay as they are.
func appendReference(dst, b []byte) ([]byte, int) {
	const longest = 32 // "&CounterClockwiseContourIntegral;"
	end := -1
	for i := 1; i < len(b) && i <= longest; i++ {
		c := b[i]
		if c == ';' {
			end = i
			break
		}
		if !isASCIILetter(c) && !(c >= '0' && c <= '9') && c != '#' {
			return dst, 0
		}
	}
	if end < 2 {
		return dst, 0
	}
	ref := string(b[:end+1])
	dec := html.UnescapeString(ref)
	if dec == ref {
		return dst, 0
	}
	return append(dst, dec...), end + 1
}

// hasVoiceTag reports whether text holds a voice span start: "<v " or "<v.".
func hasVoiceTag(text []byte) bool {
	for {
		i := bytes.Index(text, []byte("<v"))
		if i < 0 || i+2 >= len(text) {
			return false
		}
		if c := text[i+2]; c == ' ' || c == '\t' || c == '.' || c == '>' {
			return true
		}
		text = text[i+2:]
	}
}

// hasText reports whether b holds anything but ASCII white space.
func hasText(b []byte) bool {
	return len(bytes.TrimLeft(b, " \t\r\n\f\v")) > 0
}

// squeeze appends b to dst with runs of ASCII white space made one space
// and white space (any kind) trimmed from both ends.
func squeeze(dst, b []byte) []byte {
	b = bytes.TrimSpace(b)
	space := false
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
