// Package textfmt reads plain-text transcripts: Otter.ai exports, Rev-style
// "Speaker 1 (00:00):" blocks, "Name: text" lines and unlabelled prose.
//
// # Variants
//
//   - otter: blocks separated by blank lines, each under a header line
//     "Name  M:SS" or "Name  H:MM:SS" (two or more spaces, or one, before the
//     time), ending with the footer "Transcribed by https://otter.ai", which
//     is skipped (and may be missing). A header starts a block at the start
//     of the file or after a blank line; inside a block only a header with
//     Otter's two-space gap or an already seen speaker starts a new one, so a
//     text line such as "Meet Bob 3:30" stays text.
//   - rev-text: "Speaker 1 (00:00):" or "Jane Doe (01:02:03):" labels, the
//     text on the following lines or after the colon.
//   - name-colon: "Name: text" lines, optionally timed: "[00:01:02] Name:",
//     "Name [00:01:02]:", "(00:12) Name:", "Name (00:12):", "00:01:02 Name:".
//     Also Rev's untimed export, a "Name:" line above the text. A file whose
//     labels are all "Name (00:12):" is reported as rev-text (read the same).
//   - text: anything readable; one unnamed speaker, no times.
//
// In every labelled variant, lines without a label continue the previous
// speaker and blank lines only separate blocks. A segment runs from one
// label to the next; it ends (End) where the next timed segment starts when
// that is not earlier, otherwise its end is unknown. Times come from the
// labels only: text has none.
//
// # Telling a speaker label from a colon in prose
//
// A "Name: text" label needs a name before the first colon that is followed
// by white space (so "10:30" and "https://" never split a line): 1 to 4 words,
// at most 40 characters, starting with a letter, each later word capitalised
// or a particle such as "van" or "de", and not a word that introduces a note
// or field ("Note", "Update", "Time", "Step", ...). Because a single such line
// proves nothing, a file is read as name-colon only when most of its lines
// carry a label, or at least two names label two lines or more; see classify
// for the exact rules. Names beside a time stamp may have up to 6 words and
// 60 characters.
//
// Lines end in "\n" or "\r\n"; a leading byte order mark is ignored. Read
// decides the variant from the first 64 KiB (the same rules as Sniff)
// and then streams the rest line by line. When detected, lines before the
// first label are kept as text of an unnamed speaker (a title, say); when the
// variant is forced, they are an error.
package textfmt

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
	"unsafe"

	"github.com/pushback-coach/pushback"
)

// maxLine is the longest line Read accepts. Transcripts break lines at least
// at every speaker change; a longer line means the input is not one.
const maxLine = 1 << 20

// Formats lists the format ids this package reads.
var Formats = []pushback.TranscriptFormat{
	{ID: "otter", Name: "Otter.ai text export (Name  0:03 blocks)", Keeps: "speakers, text, start times (a block ends where the next starts)", Exts: []string{".txt"}},
	{ID: "rev-text", Name: "Rev-style text (Speaker 1 (00:00):)", Keeps: "speakers, text, start times (a block ends where the next starts)", Exts: []string{".txt"}},
	{ID: "name-colon", Name: "Name: text lines, optionally timed", Keeps: "speakers, text, start times when given (a line ends where the next timed one starts)", Exts: []string{".txt"}},
	{ID: "text", Name: "Unlabelled prose", Keeps: "text only: one unnamed speaker, no times", Exts: []string{".txt"}},
}

// Sniff scores how much head looks like a text transcript: 0 not at all, 100
// certain. Readable text always scores at least 10, so that prose is read;
// the labelled variants score 40 to 60.
func Sniff(head []byte) int {
	if !readable(head) {
		return 0
	}
	_, score := classify(head)
	return score
}

// Read reads text from r as format id ("" detects the variant), calling emit
// for every segment in order, and returns the id it read.
func Read(r io.Reader, id string, emit func(pushback.Segment) error) (string, error) {
	return ReadClean(r, id, func(s pushback.Segment, _ bool) error { return emit(s) })
}

// ReadClean is Read with emit told, for each segment, whether its text is
// known to be clean: printable ASCII with no space at either end and none
// next to another, which lang.CleanSpace would return as it is. The check
// takes the place of the UTF-8 check the text needs anyway, so a caller
// that cleans texts can skip CleanSpace's own pass over them.
func ReadClean(r io.Reader, id string, emit func(seg pushback.Segment, clean bool) error) (string, error) {
	forced := id != ""
	if !forced {
		// Detect from the head, then stream on from the same buffer. A
		// *bufio.Reader of this size (the core's) is used as it is.
		br := bufio.NewReaderSize(r, headSize)
		head, err := br.Peek(headSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return "", err
		}
		id, _ = classify(bytes.TrimPrefix(head, bom))
		r = br
	}
	p := parser{forced: forced, emit: emit, start: pushback.NoTime, afterBlank: true}
	switch id {
	case "otter":
		p.readLine = p.otterLine
	case "rev-text":
		p.readLine = p.revLine
	case "name-colon":
		p.readLine = p.nameColonLine
	case "text":
		p.readLine = p.textLine
	default:
		return "", pushback.Errorf(pushback.EINVALID, "unknown text transcript format %q (known: otter, rev-text, name-colon, text)", id)
	}
	p.variant = id
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 16<<10), maxLine)
	for sc.Scan() {
		p.line++
		b := sc.Bytes()
		if p.line == 1 {
			b = bytes.TrimPrefix(b, bom)
		}
		if err := p.readLine(trimSpace(b)); err != nil {
			return id, err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return id, &pushback.InputError{Line: p.line + 1, Msg: fmt.Sprintf("line longer than %d MiB: expected a text transcript with line breaks", maxLine>>20)}
		}
		return id, err
	}
	if err := p.finish(pushback.NoTime); err != nil {
		return id, err
	}
	return id, nil
}

var bom = []byte("\uFEFF")

// parser turns lines into segments. A block (a label and the lines that
// continue it) is emitted when the next one starts, so that its end can be
// the next block's start.
type parser struct {
	variant  string
	forced   bool
	emit     func(pushback.Segment, bool) error
	readLine func(line []byte) error
	line     int

	labelled   bool // a label was seen
	open       bool // a block is being collected
	afterBlank bool // the previous line was blank or this is the first line
	speaker    string
	start      pushback.Seconds
	text       []byte            // the open block's text, at the free end of the current text chunk
	names      map[string]string // speaker names, interned
	recent     [4]string         // the last names of plain "Name:" labels, most recent first
}

// textChunk is the size of the chunks segment texts are cut from, and
// minFree the room a chunk must have left for another block's text.
const (
	textChunk = 64 << 10
	minFree   = 4 << 10
)

// begin starts a block for speaker name at start, emitting the previous one.
func (p *parser) begin(name []byte, start pushback.Seconds) error {
	return p.beginAs(p.intern(name), start)
}

// beginAs is begin for a name already interned.
func (p *parser) beginAs(speaker string, start pushback.Seconds) error {
	if err := p.finish(start); err != nil {
		return err
	}
	p.labelled = true
	p.open = true
	p.speaker = speaker
	p.start = start
	return nil
}

// finish emits the open block, if it has text, ending it at next when that
// is a known time not before its start.
func (p *parser) finish(next pushback.Seconds) error {
	if !p.open {
		return nil
	}
	p.open = false
	if len(p.text) == 0 {
		return nil
	}
	end := pushback.NoTime
	if p.start.Known() && next.Known() && next >= p.start {
		end = next
	}
	text, clean := p.takeText()
	seg := pushback.Segment{Speaker: p.speaker, Start: p.start, End: end, Text: text}
	return p.emit(seg, clean)
}

// takeText returns the open block's text as a string and empties it.
//
// The texts are collected one after another in shared chunks, and each
// string points into its chunk instead of being a copy: one allocation per
// chunk rather than per segment. This is safe because a chunk's bytes are
// never written again once a string points at them: the next block's text
// starts after them.
func (p *parser) takeText() (string, bool) {
	t := p.text
	clean := cleanASCII(t)
	if !clean && !utf8.Valid(t) {
		p.text = t[:0] // nothing points at these bytes: reuse them
		return string(bytes.ToValidUTF8(t, []byte("\uFFFD"))), false
	}
	s := unsafe.String(&t[0], len(t))
	if cap(t)-len(t) >= minFree {
		p.text = t[len(t):len(t)]
	} else {
		p.text = make([]byte, 0, textChunk)
	}
	return s, clean
}

// cleanASCII reports whether t is printable ASCII (bytes 0x20 to 0x7f)
// with no space at either end and no two spaces in a row: valid UTF-8 that
// lang.CleanSpace returns unchanged. It may report false for text that is
// clean (a control byte CleanSpace keeps), never true for text that is not.
func cleanASCII(t []byte) bool {
	n := len(t)
	if n == 0 || t[0] == ' ' || t[n-1] == ' ' {
		return false
	}
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	var prev uint64 // 0x80 when the byte before the word is a space
	i := 0
	// Sixteen bytes a turn while they pass, with one test of each kind:
	// fewer loop and branch instructions than eight at a time.
	for ; i+16 <= n; i += 16 {
		w := t[i : i+16]
		x, y := binary.LittleEndian.Uint64(w[:8]), binary.LittleEndian.Uint64(w[8:])
		if (x|y|(x-ones*0x20)|(y-ones*0x20))&highs != 0 {
			return false
		}
		sx, sy := x^ones*' ', y^ones*' '
		px := ^((sx&lows + lows) | sx | lows)
		py := ^((sy&lows + lows) | sy | lows)
		if px&(px<<8)|py&(py<<8)|prev&px|px>>56&py != 0 {
			return false
		}
		prev = py >> 56
	}
	for ; i+8 <= n; i += 8 {
		x := binary.LittleEndian.Uint64(t[i : i+8])
		// A byte of 0x80 or more, or one below 0x20 (the subtraction
		// borrows only past such a byte).
		if (x|(x-ones*0x20))&highs != 0 {
			return false
		}
		s := x ^ ones*' '
		sp := ^((s&lows + lows) | s | lows) // the high bit of each space byte
		if sp&(sp<<8)|prev&sp != 0 {
			return false
		}
		prev = sp >> 56
	}
	for ; i < n; i++ {
		c := t[i]
		if c < 0x20 || c >= 0x80 || c == ' ' && prev != 0 {
			return false
		}
		prev = 0
		if c == ' ' {
			prev = 0x80
		}
	}
	return true
}

// add appends a line of text to the open block, opening one for an unnamed
// speaker when there is none (prose, or a title above the first label).
func (p *parser) add(line []byte) {
	if !p.open {
		p.open = true
		p.speaker = ""
		p.start = pushback.NoTime
	}
	if len(p.text) > 0 {
		p.text = append(p.text, ' ')
	}
	p.text = append(p.text, line...)
}

func (p *parser) intern(name []byte) string {
	if p.speaker == string(name) {
		return p.speaker
	}
	if s, ok := p.names[string(name)]; ok {
		return s
	}
	if p.names == nil {
		p.names = make(map[string]string)
	}
	s := validText(name)
	p.names[s] = s
	return s
}

func (p *parser) known(name []byte) bool {
	_, ok := p.names[string(name)]
	return ok
}

// skip handles the lines every variant ignores: blank lines and Otter's
// footer. It reports whether the line was one.
func (p *parser) skip(line []byte) bool {
	if len(line) == 0 || isOtterFooter(line) {
		p.afterBlank = true
		return true
	}
	return false
}

// unlabelled handles a line that carries no label: it continues the current
// block, or, before the first label, is an error when the variant was forced.
func (p *parser) unlabelled(line []byte, want string) error {
	if !p.labelled && p.forced {
		return &pushback.InputError{Line: p.line, Msg: fmt.Sprintf("found %s before any speaker label: expected %s", quote(line), want)}
	}
	p.add(line)
	return nil
}

func (p *parser) textLine(line []byte) error {
	if p.skip(line) {
		if err := p.finish(pushback.NoTime); err != nil { // a paragraph ends
			return err
		}
		return nil
	}
	p.add(line)
	return nil
}

const (
	wantOtter = `an Otter header line such as "Jane Doe  0:03" (a name, spaces, M:SS or H:MM:SS)`
	wantRev   = `a Rev label such as "Speaker 1 (00:00):" or "Jane Doe (01:02:03): text"`
	wantName  = `a "Name: text" line such as "Dana Reyes: Hi Bob" (optionally timed: "[00:01:02] Dana Reyes: Hi Bob")`
)

func (p *parser) otterLine(line []byte) error {
	if p.skip(line) {
		return nil
	}
	afterBlank := p.afterBlank
	p.afterBlank = false
	if h, ok := parseOtterHeader(line); ok && (afterBlank || h.wide || p.known(h.name)) {
		if h.badTime != nil {
			return badTime(p.line, h.badTime, "M:SS or H:MM:SS with minutes and seconds below 60")
		}
		return p.begin(h.name, h.start)
	}
	return p.unlabelled(line, wantOtter)
}

func (p *parser) revLine(line []byte) error {
	if p.skip(line) {
		return nil
	}
	if l, ok := parseLabel(line); ok && l.shape == shapeRev {
		return p.labelLine(&l)
	}
	return p.unlabelled(line, wantRev)
}

func (p *parser) nameColonLine(line []byte) error {
	if p.skip(line) {
		return nil
	}
	if name, text, ok := p.recentLabel(line); ok {
		// What labelLine does with the label parseLabel would return.
		if err := p.beginAs(name, pushback.NoTime); err != nil {
			return err
		}
		if text := trimSpace(text); len(text) > 0 {
			p.add(text)
		}
		return nil
	}
	if l, ok := parseLabel(line); ok {
		if err := p.labelLine(&l); err != nil {
			return err
		}
		if l.shape == shapePlain {
			copy(p.recent[1:], p.recent[:])
			p.recent[0] = p.speaker
		}
		return nil
	}
	return p.unlabelled(line, wantName)
}

// recentLabel reads a line that starts with the plain label of one of the
// last speakers, "Name:" followed by white space or the line's end, and
// returns the (interned) name and the text after the colon. Most lines of a
// call start so, and this spares checking the name again: it passed
// parseLabel before, and holds no colon, so parseLabel would find the same
// label.
func (p *parser) recentLabel(line []byte) (string, []byte, bool) {
	for _, name := range p.recent {
		n := len(name)
		if n == 0 || len(line) <= n || line[n] != ':' || string(line[:n]) != name {
			continue
		}
		if rest := line[n+1:]; len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' {
			return name, rest, true
		}
	}
	return "", nil, false
}

func (p *parser) labelLine(l *label) error {
	if l.badTime != nil {
		return badTime(p.line, l.badTime, "MM:SS or HH:MM:SS with minutes and seconds below 60")
	}
	if err := p.begin(l.name, l.start); err != nil {
		return err
	}
	if text := trimSpace(l.text); len(text) > 0 {
		p.add(text)
	}
	return nil
}

func badTime(line int, stamp []byte, want string) error {
	return &pushback.InputError{Line: line, Msg: fmt.Sprintf("found time stamp %s in a speaker label: expected %s", quote(stamp), want)}
}

// quote returns the start of b for an error message.
func quote(b []byte) string {
	const max = 40
	s := validText(b)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// validText returns b as a string with invalid UTF-8 replaced.
func validText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}
