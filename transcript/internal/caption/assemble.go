package caption

import (
	"bytes"
	"encoding/binary"
	"html"
	"unsafe"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// MaxTag is the longest tag read, "<" and ">" included: a voice span with a
// long name and classes fits; a longer run is text, and the bound keeps a
// line of many '<' from being scanned again for every one. Readers bound
// their own markup (SRT's "{\an8}") the same way.
const MaxTag = 512

// maxNames bounds the table that lets repeated speaker names share one string.
const maxNames = 1024

// A LabelRule reads the speaker label that may open a line of a cue, as the
// format allows: Label, CaptionLabel, or none at all. text is the line's text
// after any dialogue dash, line its 0-based number within the cue, and
// dashed whether a dash opened it. It returns the name and the text after
// the label.
type LabelRule func(text []byte, line int, dashed bool) (name, rest []byte, ok bool)

// Assembler turns the text of a cue into segments: it strips tags, decodes
// character references, and splits the cue where a voice span or a speaker
// label starts. Its buffers are reused from cue to cue, so reading a file
// allocates little more than the segments' strings.
//
// Set Emit and Labels before the first cue; Carry and Override as the format
// needs.
type Assembler struct {
	// Emit receives each segment; its error stops the reading.
	Emit func(pushback.Segment) error
	// EmitClean, when set, is called instead of Emit, with clean true when
	// the text is ASCII: squeezed, it is then as lang.CleanSpace leaves it.
	EmitClean func(seg pushback.Segment, clean bool) error
	// Labels reads speaker labels at the start of a line; nil reads none.
	Labels LabelRule
	// Carry makes a label name the speaker of the cues after it too, until
	// the next label, as caption files name a speaker only when it changes.
	Carry bool
	// Override, when set, is called at each '{' with the text from there
	// and returns the length of the markup it starts, to drop, or 0 when
	// the '{' is text. SRT sets it for ASS overrides ("{\an8}").
	Override func(b []byte) int

	carried  string // the speaker the last label named, with Carry
	sawVoice bool   // a voice span with a name was read

	names  map[string]string
	pieces []piece
	buf    []byte  // text of the cue's pieces, one after another
	line   []byte  // one line with tags stripped and references decoded
	events []event // voice spans and time stamps found in line
	texts  []string
	name   []byte // scratch: a voice name being cleaned
	text   []byte // scratch: a voice name being squeezed
	chunk  []byte // the segment texts, one after another; see flush
}

// textChunk is the size of the chunks segment texts are cut from.
const textChunk = 64 << 10

// piece is the text of one speaker within a cue.
type piece struct {
	speaker string
	from    int              // start of its text in buf
	said    bool             // it has text besides white space
	stamp   pushback.Seconds // time stamp tag before its first word, NoTime if none
	ascii   bool             // its squeezed text is ASCII (set by flush)
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

// SawVoice reports whether a voice span with a name has been read, which
// makes a WebVTT file read as plain captions a Teams transcript after all.
func (a *Assembler) SawVoice() bool { return a.sawVoice }

// Cue splits the cue timed start to end, whose text is lines each ended by
// '\n', into segments and emits them.
func (a *Assembler) Cue(start, end pushback.Seconds, text []byte) error {
	a.pieces, a.buf = a.pieces[:0], a.buf[:0]
	a.open(a.carried) // "" unless Carry
	voiceOpen := false
	stamp := pushback.NoTime
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
	return a.flush(start, end)
}

// open starts a piece for speaker, or renames the current one if it has no
// text yet.
func (a *Assembler) open(speaker string) {
	if n := len(a.pieces); n > 0 && !a.pieces[n-1].said {
		a.pieces[n-1].speaker = speaker
		return
	}
	a.pieces = append(a.pieces, piece{speaker: speaker, from: len(a.buf), stamp: pushback.NoTime})
}

// add appends text to the current piece. At the start of a line it first
// drops a dialogue dash and reads a speaker label. It reports whether the
// line is still at its start (text was only white space).
func (a *Assembler) add(text []byte, lineStart bool, li int, stamp pushback.Seconds) bool {
	if lineStart {
		text = TrimBlanksLeft(text)
		if len(text) == 0 {
			return true
		}
		var dashed bool
		text, dashed = StripDash(text)
		if a.Labels != nil {
			if name, rest, ok := a.Labels(text, li, dashed); ok {
				speaker := a.intern(name)
				a.open(speaker)
				if a.Carry {
					a.carried = speaker
				}
				text = rest
			}
		}
	}
	p := &a.pieces[len(a.pieces)-1]
	if !p.said && HasText(text) {
		p.said, p.stamp = true, stamp
	}
	a.buf = append(a.buf, text...)
	return false
}

// flush emits the cue's pieces that have text. Pieces share the cue's times,
// except that a piece starting after a time stamp tag starts there, and the
// piece before it ends there.
func (a *Assembler) flush(cueStart, cueEnd pushback.Seconds) error {
	kept, texts := a.pieces[:0], a.texts[:0]
	for i, p := range a.pieces {
		end := len(a.buf)
		if i+1 < len(a.pieces) {
			end = a.pieces[i+1].from
		}
		// The texts are squeezed one after another into a shared chunk,
		// and each string points into it rather than being a copy: one
		// allocation per chunk, not per segment. A chunk's bytes are never
		// written again once a string points at them, as the next text
		// goes after them, and squeeze never writes more than it is given,
		// so the chunk is not outgrown (and copied) under a string.
		piece := a.buf[p.from:end]
		if cap(a.chunk)-len(a.chunk) < len(piece) {
			a.chunk = make([]byte, 0, max(textChunk, len(piece)))
		}
		from := len(a.chunk)
		var ascii bool
		a.chunk, ascii = squeeze(a.chunk, piece)
		if len(a.chunk) == from {
			continue
		}
		t := unsafe.String(&a.chunk[from], len(a.chunk)-from)
		p.ascii = ascii
		kept = append(kept, p)
		texts = append(texts, t)
	}
	a.texts = texts
	start := cueStart
	for i, p := range kept {
		if i > 0 && p.stamp.Known() && p.stamp >= start && p.stamp <= cueEnd {
			start = p.stamp
		}
		end := cueEnd
		if n := i + 1; n < len(kept) && kept[n].stamp.Known() && kept[n].stamp >= start && kept[n].stamp <= cueEnd {
			end = kept[n].stamp
		}
		seg := pushback.Segment{Speaker: p.speaker, Start: start, End: end, Text: texts[i]}
		var err error
		if a.EmitClean != nil {
			err = a.EmitClean(seg, p.ascii)
		} else {
			err = a.Emit(seg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Clean returns raw, one line of cue text, with tags (and overrides, with
// Override) stripped and character references decoded: the text a reader
// sees, for deciding the variant of a file before reading it. The result is
// valid until the next call to Clean or Cue.
func (a *Assembler) Clean(raw []byte) []byte {
	a.clean(raw)
	return a.line
}

// clean copies raw into a.line with tags stripped and character references
// decoded, noting voice spans and time stamps in a.events.
func (a *Assembler) clean(raw []byte) {
	a.line, a.events = a.line[:0], a.events[:0]
	// Most lines hold no markup: IndexByte, much faster than IndexAny, finds
	// that out.
	if bytes.IndexByte(raw, '<') < 0 && bytes.IndexByte(raw, '&') < 0 &&
		(a.Override == nil || bytes.IndexByte(raw, '{') < 0) {
		a.line = append(a.line, raw...)
		return
	}
	special := "<&"
	if a.Override != nil {
		special = "<&{"
	}
	tagsEnd := bytes.LastIndexByte(raw, '>') + 1 // no tag starts at or after it
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, special)
		if i < 0 {
			a.line = append(a.line, raw...)
			break
		}
		a.line = append(a.line, raw[:i]...)
		raw, tagsEnd = raw[i:], tagsEnd-i
		n := 0
		switch raw[0] {
		case '&':
			a.line, n = appendReference(a.line, raw)
		case '<':
			if tagsEnd > 0 {
				n = a.tag(raw)
			}
		case '{':
			n = a.Override(raw)
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
func (a *Assembler) tag(b []byte) int {
	end := bytes.IndexByte(b[:min(len(b), MaxTag)], '>')
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
func (a *Assembler) voiceName(annotation []byte) string {
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
	a.text, _ = squeeze(a.text[:0], dec)
	return a.intern(a.text)
}

// intern returns name as a string, sharing one copy per distinct name: a
// call names a handful of speakers thousands of times.
func (a *Assembler) intern(name []byte) string {
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

// HasText reports whether b holds anything but ASCII white space: a cue of
// blank lines says nothing.
func HasText(b []byte) bool {
	for _, c := range b {
		if !asciiSpace[c] {
			return true
		}
	}
	return false
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// asciiSpace marks the ASCII white space bytes: ' ', '\t', '\r', '\n',
// '\f' and '\v'.
var asciiSpace = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, '\f': true, '\v': true}

// squeeze appends b to dst with runs of ASCII white space made one space
// and white space (any kind) trimmed from both ends, and reports whether
// what it appended is ASCII: lang.CleanSpace then returns it unchanged.
func squeeze(dst, b []byte) ([]byte, bool) {
	b = bytes.TrimSpace(b)
	var or uint64 // the bytes read, or-ed: a high bit is a byte not ASCII
	// Copy the stretches between white space that is not a lone ' ' in
	// one go, rather than byte by byte. b neither starts nor ends with
	// white space, so a space is followed by something.
	start := 0
	for i := 0; i < len(b); i++ {
		// Eight bytes at a time while they hold no white space but lone
		// spaces: no control byte, no two spaces in a row, and no space
		// last, as what follows it is not checked. The tests may flag
		// bytes that are fine (then the loop below looks closer), never
		// miss one that is not.
		for i+8 <= len(b) {
			w := b[i : i+8]
			x := binary.LittleEndian.Uint64(w)
			ctrl := (x - ones*0x20) &^ x & highs // a byte below 0x20
			t := x ^ (ones * ' ')
			sp := (t - ones) &^ t & highs // a space
			// x>>56 is w[7]: reading that byte again would split the load.
			if ctrl|sp&(sp>>8) != 0 || x>>56 == ' ' {
				break
			}
			or |= x
			i += 8
		}
		if i == len(b) {
			break
		}
		or |= uint64(b[i])
		if !asciiSpace[b[i]] || b[i] == ' ' && !asciiSpace[b[i+1]] {
			continue
		}
		dst = append(dst, b[start:i]...)
		dst = append(dst, ' ')
		for i+1 < len(b) && asciiSpace[b[i+1]] {
			i++
		}
		start = i + 1
	}
	return append(dst, b[start:]...), or&highs == 0
}

// TrimBlanksLeft and TrimBlanksRight trim spaces and tabs, as
// bytes.TrimLeft(b, " \t") and bytes.TrimRight(b, " \t") do, at a fraction
// of the cost on the short runs lines have.
func TrimBlanksLeft(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	return b
}

func TrimBlanksRight(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
