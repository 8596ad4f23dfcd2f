// Package textfmt reads plain-text transcripts: Otter.ai exports, Rev-style
// "Speaker 1 (00:00):" blocks, "Name: text" lines and unlabelled prose.
package textfmt

import (
	"io"

	"github.com/pushback-coach/pushback"
)

// Formats lists the format ids this package reads.
var Formats = []pushback.TranscriptFormat{
	{ID: "otter", Name: "Otter.ai text export", Keeps: "speakers, text, start times", Exts: []string{".txt"}},
	{ID: "rev-text", Name: "Rev-style text (Speaker 1 (00:00):)", Keeps: "speakers, text, start times", Exts: []string{".txt"}},
	{ID: "name-colon", Name: "Name: text lines", Keeps: "speakers, text, times when given", Exts: []string{".txt"}},
	{ID: "text", Name: "Unlabelled prose", Keeps: "text (one speaker)", Exts: []string{".txt"}},
}

// Sniff scores how much head looks like a text transcript: 0 not at all, 100 certain.
func Sniff(head []byte) int { return 0 }

// Read reads text from r as format id ("" detects the variant), calling emit
// for every segment in order, and returns the id it read.
func Read(r io.Reader, id string, emit func(pushback.Segment) error) (string, error) {
	return "", &pushback.InputError{Line: 1, Msg: "text reader not written yet"}
}
