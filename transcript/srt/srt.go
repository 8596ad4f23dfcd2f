// Package srt reads SubRip (.srt) subtitles, where a "NAME:" prefix names the
// speaker until the next speaker change.
//
// Read streams: it holds one cue at a time.
package srt

import (
	"bytes"
	"io"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/caption"
)

// ID is the format id this package reads.
const ID = "srt"

// Formats lists the format ids this package reads.
var Formats = []pushback.TranscriptFormat{
	{ID: ID, Name: "SubRip subtitles",
		Keeps: "speakers (\"NAME:\" / \"Name:\" prefix, carried forward to later cues; <v Name> spans), text, times",
		Exts:  []string{".srt"}},
}

// Sniff scores how much head looks like SRT: 0 not at all, 100 certain.
// A cue number over a timing line with ',' fractions is near certain; '.'
// fractions are WebVTT's, so score lower.
func Sniff(head []byte) int {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if bytes.HasPrefix(head, []byte("WEBVTT")) {
		return 0
	}
	first, rest := cutLine(head)
	second, _ := cutLine(rest)
	switch {
	case isDigits(first) && caption.IsTiming(second):
		return pick(second, 95, 60)
	case caption.IsTiming(first):
		return pick(first, 80, 30)
	}
	// A file that opens with something else (a title, a stray line): look
	// a little further for a numbered cue.
	prev := first
	for i := 0; i < 64 && len(rest) > 0; i++ {
		var line []byte
		line, rest = cutLine(rest)
		if isDigits(prev) && caption.IsTiming(line) {
			return pick(line, 50, 20)
		}
		prev = line
	}
	return 0
}

// pick returns comma when the timing line uses SRT's ',' fractions, else dot.
func pick(timing []byte, comma, dot int) int {
	if start, _, _ := bytes.Cut(timing, []byte("-->")); bytes.IndexByte(start, ',') >= 0 {
		return comma
	}
	return dot
}

func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return bytes.TrimRight(b[:i], " \t\r"), b[i+1:]
	}
	return bytes.TrimRight(b, " \t\r"), nil
}

// Read reads SRT from r, calling emit for every cue in order, and returns
// the id it read.
//
// It is lenient with what SRT files in the wild do: missing cue numbers,
// extra blank lines (a cue's text may hold blank lines), a missing final
// blank line, trailing spaces, '.' instead of ',' in times. It is strict
// where text would be lost or misplaced: a broken timing line, a timing that
// ends before it starts, a cue number followed by text instead of a timing,
// text before the first cue.
//
// Speakers: a label opening a cue ("Alban: It is so", "MAN:", "Dana Reyes:"),
// or a "- NAME:" / all-caps "NAME:" label opening any line of it, names the
// speaker of that text and of the cues after it until the next label. The
// label must be capitalised and shaped like a name and not a word like "Note"
// or "Step 2" (see caption.CaptionLabel). A <v Name> span names its own text.
func Read(r io.Reader, id string, emit func(pushback.Segment) error) (string, error) {
	if id != "" && id != ID {
		return "", pushback.Errorf(pushback.EINVALID, "unknown SRT variant %q: expected %s", id, ID)
	}
	p := &parser{lines: caption.NewLineReader(r), asm: newAssembler(emit)}
	if err := p.run(); err != nil {
		return "", err
	}
	return ID, nil
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
