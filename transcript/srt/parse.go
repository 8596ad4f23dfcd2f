package srt

import (
	"bytes"
	"fmt"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/caption"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// rawCue is a cue as read: its timing and its text lines, each ended by '\n'.
type rawCue struct {
	line       int // line of the timing
	start, end pushback.Seconds
	text       []byte
}

// parser reads the block structure of an SRT file. A cue runs from its
// timing line to the next timing line; a number on the line before a timing
// line is the next cue's number, not text.
type parser struct {
	lines   *caption.LineReader
	started bool // a cue timing has been read
	blank   bool // a blank line came since the last line with text

	// A number line is held back until the next line says whether it is a
	// cue number (a timing follows) or text.
	held        bool // a number line is held back
	number      []byte
	numberLine  int
	numberAtTop bool // it opened a block (first in the file, or after a blank line)
	numberBlank bool // a blank line followed it

	cue rawCue
	asm caption.Assembler
}

func (p *parser) run() error {
	if err := p.lines.Each(p.line); err != nil {
		return err
	}
	if p.held && !p.numberAtTop {
		if err := p.numberIsText(); err != nil {
			return err
		}
	}
	return p.endCue()
}

func (p *parser) line(raw []byte) error {
	n := p.lines.Line()
	line := bytes.TrimSpace(raw)
	if len(line) == 0 {
		p.blank = true
		if p.held {
			p.numberBlank = true
		}
		return nil
	}
	// Where a cue may start, a broken timing line is an error; within a
	// cue's text, a line that is not a whole timing is text ("sales --> up").
	atTop := !p.started || p.blank || p.held
	if bytes.Contains(line, []byte("-->")) {
		s, e, _, err := timecode.Range(string(line))
		if err == nil || atTop {
			return p.timing(line, s, e, err)
		}
	} else if atTop && caption.LooksLikeTiming(line) {
		return p.timing(line, 0, 0, timecode.ErrSyntax)
	}
	if p.held {
		if err := p.numberIsText(); err != nil {
			return err
		}
	}
	if isDigits(line) {
		p.held, p.number = true, append(p.number[:0], line...)
		p.numberLine, p.numberAtTop, p.numberBlank = n, atTop, false
		p.blank = false
		return nil
	}
	if !p.started {
		return &pushback.InputError{Line: n, Msg: fmt.Sprintf("found %s where the first cue should be: expected a cue number or a timing \"START --> END\"", caption.Quote(line))}
	}
	p.blank = false
	return p.addText(line)
}

// numberIsText handles a held-back number line that no timing followed.
func (p *parser) numberIsText() error {
	number := p.number
	p.held = false
	if p.numberAtTop && !p.numberBlank {
		return &pushback.InputError{Line: p.numberLine + 1, Msg: fmt.Sprintf("cue %s has no timing line: expected \"START --> END\" on the line after the cue number", number)}
	}
	if !p.started {
		return &pushback.InputError{Line: p.numberLine, Msg: fmt.Sprintf("found %s where the first cue should be: expected a cue number followed by a timing \"START --> END\"", caption.Quote(number))}
	}
	return p.addText(number)
}

func (p *parser) addText(line []byte) error {
	if len(p.cue.text)+len(line) >= caption.MaxCue {
		return &pushback.InputError{Line: p.lines.Line(), Msg: fmt.Sprintf("cue at line %d holds more than 4 MiB of text: expected a timing line between cues", p.cue.line)}
	}
	p.cue.text = append(p.cue.text, line...)
	p.cue.text = append(p.cue.text, '\n')
	return nil
}

// timing starts the cue whose timing line was parsed as s, e and err.
func (p *parser) timing(line []byte, s, e pushback.Seconds, err error) error {
	n := p.lines.Line()
	if err != nil {
		return &pushback.InputError{Line: n, Msg: fmt.Sprintf("bad cue timing %s: expected \"START --> END\" such as \"00:00:01,000 --> 00:00:04,000\"", caption.Quote(line))}
	}
	if e < s {
		return caption.EndsBeforeStart(n, line)
	}
	p.held = false // it was this cue's number
	if err := p.endCue(); err != nil {
		return err
	}
	p.started, p.blank = true, false
	p.cue.line, p.cue.start, p.cue.end = n, s, e
	p.cue.text = p.cue.text[:0]
	return nil
}

func (p *parser) endCue() error {
	if !p.started || len(p.cue.text) == 0 {
		return nil
	}
	err := p.asm.Cue(p.cue.start, p.cue.end, p.cue.text)
	p.cue.text = p.cue.text[:0]
	return err
}
