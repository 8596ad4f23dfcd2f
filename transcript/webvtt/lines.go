package webvtt

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"github.com/pushback-coach/pushback"
)

// Limits that keep memory bounded whatever the input. Real cues are a few
// hundred bytes; these only stop runaway input.
const (
	maxLine = 1 << 20 // longest line
	maxCue  = 4 << 20 // most text one cue may hold
)

// lineReader reads a stream line by line, counting lines. A line ends at
// "\n", "\r\n" or a lone "\r".
type lineReader struct {
	sc   *bufio.Scanner
	n    int  // 1-based number of the line last returned
	long bool // stopped at a line over maxLine
}

func newLineReader(r io.Reader) *lineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine+2) // +2: room for the line end
	sc.Split(splitLines)
	return &lineReader{sc: sc}
}

// next returns the next line without its line end. The bytes are valid
// until the following call.
func (lr *lineReader) next() ([]byte, bool) {
	if lr.long || !lr.sc.Scan() {
		return nil, false
	}
	if len(lr.sc.Bytes()) > maxLine {
		lr.long = true
		return nil, false
	}
	lr.n++
	return lr.sc.Bytes(), true
}

// err returns the read error that stopped next, if any: an over-long line
// becomes an *InputError; other errors (such as the caller's size limit) are
// returned unchanged.
func (lr *lineReader) err() error {
	err := lr.sc.Err()
	if lr.long || errors.Is(err, bufio.ErrTooLong) {
		return &pushback.InputError{Line: lr.n + 1, Msg: "line longer than 1 MiB: expected a transcript with line breaks"}
	}
	return err
}

func splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	// One scan for either byte: looking for '\n' first and then '\r' before
	// it would rescan the whole buffer on every line of a "\r"-only file.
	i := bytes.IndexAny(data, "\r\n")
	switch {
	case i >= 0 && data[i] == '\n':
		return i + 1, data[:i], nil
	case i >= 0 && i+1 < len(data) && data[i+1] == '\n':
		return i + 2, data[:i], nil
	case i >= 0 && (i+1 < len(data) || atEOF):
		return i + 1, data[:i], nil
	case i >= 0:
		return 0, nil, nil // a "\n" may follow the "\r"
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
