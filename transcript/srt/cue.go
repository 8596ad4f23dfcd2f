package srt

import (
	"bytes"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/caption"
)

// newAssembler returns the assembler for SRT cue text: caption labels
// ("MAN:", "- Dana:") carried forward to later cues, since subtitles name a
// speaker only when it changes, and ASS overrides stripped along with tags.
func newAssembler(emit func(pushback.Segment) error) caption.Assembler {
	return caption.Assembler{Emit: emit, Labels: caption.CaptionLabel, Carry: true, Override: override}
}

// override returns the length of the ASS override ("{\an8}", "{\i1}") that
// b starts with, or 0. Subtitle tools copy them from .ass files into SRT;
// they are styling, not speech.
func override(b []byte) int {
	if len(b) < 3 || b[1] != '\\' {
		return 0
	}
	return bytes.IndexByte(b[:min(len(b), caption.MaxTag)], '}') + 1
}
