package webvtt

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/caption"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// mode is the variant being read: where speakers come from.
type mode int

const (
	modeAuto    mode = iota // not decided yet
	modeCaption             // webvtt: caption labels, carried forward
	modeZoom                // webvtt-zoom: "Name: " prefix on each cue
	modeVoice               // webvtt-teams: <v> voice spans only
)

// How many cues detection looks at before deciding the variant: enough to
// see several speakers, small enough to keep Read streaming.
const (
	windowCues  = 32
	windowBytes = 256 << 10
)

// state is where the parser is in the block structure of the file.
type state int

const (
	stHeader      state = iota // before the WEBVTT line
	stHeaderBlock              // after it, up to the first blank line
	stBetween                  // between blocks
	stSkip                     // inside a NOTE or REGION block
	stStyle                    // inside a STYLE block
	stCueID                    // after a cue id, expecting the timing line
	stCueText                  // inside a cue's text
)

// rawCue is a cue as read: its timing and its text lines, each ended by '\n'.
type rawCue struct {
	line       int // line of the timing
	start, end pushback.Seconds
	text       []byte
	lastLine   int // offset in text of the last line
}

type parser struct {
	lines  *caption.LineReader
	forced bool
	mode   mode
	st     state

	styleDepth int    // brace depth inside a STYLE block
	idLine     int    // line of the cue id being read
	idText     []byte // the cue id being read, for errors
	idLike     bool   // the cue id looks like one (numeric, GUID), not stray text

	cue      rawCue
	window   []rawCue // cues held while detecting the variant
	windowSz int

	asm    caption.Assembler
	recent caption.RecentLabels // Zoom's labels
}

func newParser(r io.Reader, m mode, emit func(pushback.Segment, bool) error) *parser {
	p := &parser{lines: caption.NewLineReader(r)}
	p.asm = caption.Assembler{EmitClean: emit, Labels: p.label}
	p.setMode(m)
	return p
}

// setMode sets the variant being read. Only plain WebVTT carries a caption
// label forward to later cues: a Zoom cue without a prefix has no speaker.
func (p *parser) setMode(m mode) {
	p.mode = m
	p.asm.Carry = m == modeCaption
}

func (p *parser) run() error {
	if err := p.lines.Each(p.line); err != nil {
		return err
	}
	return p.finish()
}

// id returns the format id read.
func (p *parser) id() string {
	switch p.mode {
	case modeZoom:
		return IDZoom
	case modeVoice:
		return IDTeams
	}
	if !p.forced && p.asm.SawVoice() {
		return IDTeams
	}
	return IDPlain
}

func (p *parser) line(raw []byte) error {
	line := caption.TrimBlanksRight(raw)
	blank := len(line) == 0
	n := p.lines.Line()
	switch p.st {
	case stHeader:
		if blank {
			return nil
		}
		if isHeader(line) {
			p.st = stHeaderBlock
			return nil
		}
		if p.forced {
			return &pushback.InputError{Line: n, Msg: fmt.Sprintf("found %s where the header should be: expected a WebVTT file starting with \"WEBVTT\"", caption.Quote(line))}
		}
		p.st = stBetween
		return p.blockStart(line)

	case stHeaderBlock:
		// Header metadata ("Kind: captions", "X-TIMESTAMP-MAP=...") is
		// ignored, but a cue written right under the header is read.
		if blank {
			p.st = stBetween
		} else if s, e, ok := validTiming(line); ok {
			p.startCue(s, e)
		}
		return nil

	case stBetween:
		if blank {
			return nil
		}
		return p.blockStart(line)

	case stSkip, stStyle:
		if p.st == stStyle {
			// CSS may hold blank lines inside a rule; the block ends at a
			// blank line outside any braces.
			p.styleDepth += bytes.Count(line, []byte("{")) - bytes.Count(line, []byte("}"))
		}
		switch {
		case blank && (p.st == stSkip || p.styleDepth <= 0):
			p.st = stBetween
		case !blank:
			// Comments and styles cannot hold "-->": a valid timing line
			// means the blank line before a cue is missing.
			if s, e, ok := validTiming(line); ok {
				p.startCue(s, e)
			}
		}
		return nil

	case stCueID:
		if blank {
			if p.idLike {
				return nil // "1", blank line, timing: tolerated
			}
			return p.notACue()
		}
		if !bytes.Contains(line, []byte("-->")) && !caption.LooksLikeTiming(line) {
			if !p.idLike {
				return p.notACue()
			}
			return &pushback.InputError{Line: n, Msg: fmt.Sprintf("found %s after cue id %s (line %d): expected a cue timing \"START --> END\"", caption.Quote(line), caption.Quote(p.idText), p.idLine)}
		}
		return p.timing(line)

	case stCueText:
		if blank {
			p.st = stBetween
			return p.endCue()
		}
		if caption.IsTiming(line) {
			// A new cue without the blank line before it: the line before
			// the timing was the new cue's id if it looks like one.
			if len(p.cue.text) > 0 && isCueID(p.cue.text[p.cue.lastLine:len(p.cue.text)-1]) {
				p.cue.text = p.cue.text[:p.cue.lastLine]
			}
			if err := p.endCue(); err != nil {
				return err
			}
			return p.timing(line)
		}
		if len(p.cue.text)+len(raw) >= caption.MaxCue {
			return &pushback.InputError{Line: n, Msg: fmt.Sprintf("cue at line %d holds more than 4 MiB of text: expected a blank line between cues", p.cue.line)}
		}
		p.cue.lastLine = len(p.cue.text)
		p.cue.text = append(p.cue.text, raw...)
		p.cue.text = append(p.cue.text, '\n')
		return nil
	}
	return nil
}

// blockStart reads the first line of a block: a comment, style or region
// block, a cue timing, or a cue id.
func (p *parser) blockStart(line []byte) error {
	switch {
	case isKeyword(line, "NOTE"), isKeyword(line, "REGION"), bytes.HasPrefix(line, []byte("Region:")):
		// "Region:" is the old draft's region syntax, still written by some tools.
		p.st = stSkip
	case isKeyword(line, "STYLE"):
		p.st, p.styleDepth = stStyle, 0
	case bytes.Contains(line, []byte("-->")):
		return p.timing(line)
	case caption.LooksLikeTiming(line):
		return badTiming(p.lines.Line(), line)
	default:
		p.st = stCueID
		p.idLine, p.idText, p.idLike = p.lines.Line(), append(p.idText[:0], line...), isCueID(line)
	}
	return nil
}

func (p *parser) notACue() error {
	return &pushback.InputError{Line: p.idLine, Msg: fmt.Sprintf("found %s where a cue should be: expected a cue timing \"START --> END\", or a cue id followed by one", caption.Quote(p.idText))}
}

// timing reads a line that must be a cue timing and starts the cue.
func (p *parser) timing(line []byte) error {
	s, e, _, err := timecode.Range(string(line))
	if err != nil {
		return badTiming(p.lines.Line(), line)
	}
	if e < s {
		return caption.EndsBeforeStart(p.lines.Line(), line)
	}
	p.startCue(s, e)
	return nil
}

func badTiming(n int, line []byte) error {
	return &pushback.InputError{Line: n, Msg: fmt.Sprintf("bad cue timing %s: expected \"START --> END\" such as \"00:00:01.000 --> 00:00:04.000\"", caption.Quote(line))}
}

// validTiming parses line as a cue timing, reporting whether it is a
// correct one (end not before start).
func validTiming(line []byte) (start, end pushback.Seconds, ok bool) {
	if !bytes.Contains(line, []byte("-->")) {
		return 0, 0, false
	}
	s, e, _, err := timecode.Range(string(line))
	return s, e, err == nil && e >= s
}

func (p *parser) startCue(s, e pushback.Seconds) {
	p.st = stCueText
	p.cue.line, p.cue.start, p.cue.end = p.lines.Line(), s, e
	p.cue.text, p.cue.lastLine = p.cue.text[:0], 0
}

// endCue hands the finished cue on: to the detection window while the
// variant is undecided, else to the assembler.
func (p *parser) endCue() error {
	c := &p.cue
	if len(c.text) == 0 {
		return nil
	}
	if p.mode != modeAuto {
		return p.asm.Cue(c.start, c.end, c.text)
	}
	held := *c
	held.text = bytes.Clone(c.text)
	p.window = append(p.window, held)
	p.windowSz += len(held.text)
	if len(p.window) >= windowCues || p.windowSz >= windowBytes {
		return p.decide()
	}
	return nil
}

// decide picks the variant from the cues in the window, then reads them.
func (p *parser) decide() error {
	withText, prefixed := 0, 0
	m := modeCaption
	for i := range p.window {
		c := &p.window[i]
		if hasVoiceTag(c.text) {
			m = modeVoice
			break
		}
		named, hasText := p.zoomPrefix(c)
		if hasText {
			withText++
		}
		if named {
			prefixed++
		}
	}
	if m != modeVoice && prefixed >= 2 && 2*prefixed >= withText {
		m = modeZoom
	}
	p.setMode(m)
	window := p.window
	p.window = nil
	for i := range window {
		c := &window[i]
		if err := p.asm.Cue(c.start, c.end, c.text); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) finish() error {
	switch p.st {
	case stHeader:
		if p.forced {
			return &pushback.InputError{Line: max(p.lines.Line(), 1), Msg: "no \"WEBVTT\" header: expected a WebVTT file starting with \"WEBVTT\""}
		}
	case stCueID:
		if !p.idLike {
			return p.notACue()
		}
		return &pushback.InputError{Line: p.idLine, Msg: fmt.Sprintf("cue id %s ends the file: expected a cue timing \"START --> END\" after it", caption.Quote(p.idText))}
	case stCueText:
		if err := p.endCue(); err != nil {
			return err
		}
	}
	if p.mode == modeAuto {
		return p.decide()
	}
	return nil
}

// isKeyword reports whether line is word alone or followed by a space or tab.
func isKeyword(line []byte, word string) bool {
	if !bytes.HasPrefix(line, []byte(word)) {
		return false
	}
	return len(line) == len(word) || line[len(word)] == ' ' || line[len(word)] == '\t'
}

// isCueID reports whether line looks like a cue id rather than text: a
// number, or one word of hex digits, dashes and slashes such as the Teams
// "90a4b0c8-8d7c-4bd4-9c7e-2c7c5e1b1f0a/18-0".
func isCueID(line []byte) bool {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return false
	}
	digits, dash := true, false
	for _, c := range line {
		switch {
		case c >= '0' && c <= '9':
		case c == '-' || c == '/':
			digits, dash = false, true
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			digits = false
		default:
			return false
		}
	}
	return digits || dash && len(line) >= 8
}
