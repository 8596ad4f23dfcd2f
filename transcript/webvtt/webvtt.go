// Package webvtt reads WebVTT captions and transcripts: plain, Zoom (speaker
// as a "Name:" prefix), Microsoft Teams (<v Name> voice spans).
//
// Read streams: it holds one cue at a time, plus the first few cues of a file
// while it decides which variant the file is when none is forced.
package webvtt

import (
	"bytes"
	"io"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// The format ids this package reads.
const (
	IDPlain = "webvtt"
	IDZoom  = "webvtt-zoom"
	IDTeams = "webvtt-teams"
)

// Formats lists the format ids this package reads.
var Formats = []pushback.TranscriptFormat{
	{ID: IDPlain, Name: "WebVTT",
		Keeps: "text, times; speakers from caption labels (\"MAN:\", \"- Dana:\", carried forward) and <v> voice spans",
		Exts:  []string{".vtt"}},
	{ID: IDZoom, Name: "Zoom transcript (WebVTT)",
		Keeps: "speakers (\"Name: \" prefix on each cue), text, times",
		Exts:  []string{".vtt"}},
	{ID: IDTeams, Name: "Microsoft Teams transcript (WebVTT voice spans)",
		Keeps: "speakers (<v Name> voice spans, also from WhisperX and podcast tools), text, times",
		Exts:  []string{".vtt"}},
}

// Sniff scores how much head looks like WebVTT: 0 not at all, 100 certain.
// The WEBVTT header is certain; cue timings with '.' fractions and no header
// are a weak guess (SRT uses ',').
func Sniff(head []byte) int {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if isHeader(firstLine(head)) {
		return 100
	}
	if bytes.HasPrefix(head, []byte("WEBVTT")) {
		return 60 // "WEBVTTX": not the spec's header, but nothing else writes it
	}
	// Headerless: look at the first few lines for a timing line.
	for i := 0; i < 8 && len(head) > 0; i++ {
		line := firstLine(head)
		head = head[min(len(line)+1, len(head)):]
		if !bytes.Contains(line, []byte("-->")) {
			continue
		}
		if _, _, _, err := timecode.Range(string(line)); err != nil {
			return 0
		}
		if a, _, _ := bytes.Cut(line, []byte("-->")); bytes.IndexByte(a, ',') >= 0 {
			return 10
		}
		return 40
	}
	return 0
}

// firstLine returns b up to its first line end.
func firstLine(b []byte) []byte {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return b[:i]
	}
	return b
}

// isHeader reports whether line is the WebVTT header: "WEBVTT" alone or
// followed by a space or tab and any text.
func isHeader[T string | []byte](line T) bool {
	const magic = "WEBVTT"
	if len(line) < len(magic) || string(line[:len(magic)]) != magic {
		return false
	}
	return len(line) == len(magic) || line[len(magic)] == ' ' || line[len(magic)] == '\t'
}

// Read reads WebVTT from r as format id ("" detects the variant), calling
// emit for every cue in order, and returns the id it read.
//
// Variants differ only in where speakers come from; <v Name> voice spans
// name the speaker in every variant, since they are standard WebVTT:
//   - webvtt: caption labels, "MAN:" or "Dana Reyes:" opening a cue, or a
//     "- NAME:" / all-caps "NAME:" opening any of its lines; a label names
//     the speaker of the cues after it too, until the next label.
//   - webvtt-zoom: a "Name: " prefix on the first line of each cue, any
//     capitalisation; a cue without one has no speaker (nothing carries over).
//   - webvtt-teams: voice spans only; "Name:" in the text stays text.
//
// Detection looks at the first 32 cues (at most 256 KiB of text), holding
// them back until it decides: a voice span among them means webvtt-teams;
// else, when at least 2 of them, and at least half of those with text, open
// with a "Name: " prefix shaped like a name (caption.Label: 1-5 words, at most
// 40 characters, starting with a letter, colon followed by a space; not a
// stop word like "Note"), webvtt-zoom; else webvtt. A file read as webvtt
// whose later cues have voice spans reports webvtt-teams.
func Read(r io.Reader, id string, emit func(pushback.Segment) error) (string, error) {
	return ReadClean(r, id, func(s pushback.Segment, _ bool) error { return emit(s) })
}

// ReadClean is Read with emit told, for each segment, whether its text is
// known to be clean: ASCII with white space squeezed and trimmed, which
// lang.CleanSpace would return as it is, so a caller can skip cleaning it.
func ReadClean(r io.Reader, id string, emit func(seg pushback.Segment, clean bool) error) (string, error) {
	var m mode
	switch id {
	case "":
		m = modeAuto
	case IDPlain:
		m = modeCaption
	case IDZoom:
		m = modeZoom
	case IDTeams:
		m = modeVoice
	default:
		return "", pushback.Errorf(pushback.EINVALID, "unknown WebVTT variant %q: expected %s, %s or %s", id, IDPlain, IDZoom, IDTeams)
	}
	p := newParser(r, m, emit)
	p.forced = id != ""
	if err := p.run(); err != nil {
		return "", err
	}
	return p.id(), nil
}
