package webvtt

import (
	"bytes"

	"github.com/pushback-coach/pushback/transcript/internal/caption"
)

// label reads a speaker label at the start of a line of a cue, as the
// variant allows; it is the assembler's caption.LabelRule. Teams files name
// speakers only with voice spans; Zoom files with a "Name: " prefix on the
// first line of each cue, any capitalisation; plain WebVTT with caption
// labels.
func (p *parser) label(text []byte, li int, dashed bool) (name, rest []byte, ok bool) {
	switch p.mode {
	case modeVoice:
		return nil, nil, false
	case modeZoom:
		if li > 0 {
			return nil, nil, false
		}
		return p.recent.Label(text)
	}
	return caption.CaptionLabel(text, li, dashed)
}

// zoomPrefix reports whether the first line of c opens with a Zoom-style
// "Name: " prefix, and whether c has any text at all.
func (p *parser) zoomPrefix(c *rawCue) (named, anyText bool) {
	if !caption.HasText(c.text) {
		return false, false
	}
	first := c.text
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	line := caption.TrimBlanksLeft(p.asm.Clean(first))
	line, _ = caption.StripDash(line)
	_, _, ok := caption.Label(line)
	return ok, true
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
