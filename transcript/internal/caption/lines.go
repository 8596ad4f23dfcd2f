package caption

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// Limits that keep memory bounded whatever the input. Real cues are a few
// hundred bytes; these only stop runaway input.
const (
	maxLine = 1 << 20 // longest line
	MaxCue  = 4 << 20 // most text one cue may hold; the readers enforce it
)

// bom is the UTF-8 byte order mark some tools write before the first line.
var bom = []byte("\xEF\xBB\xBF")

// LineReader reads a stream line by line, counting lines so that errors can
// name the line they are about. A line ends at "\n", "\r\n" or a lone "\r"
// (old Mac files and some caption tools), and a UTF-8 byte order mark
// opening the first line is dropped: callers should strip it, but not all do.
type LineReader struct {
	sc   *bufio.Scanner
	n    int  // 1-based number of the line last returned
	long bool // stopped at a line over maxLine
}

// NewLineReader returns a LineReader reading r.
func NewLineReader(r io.Reader) *LineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine+2) // +2: room for the line end
	sc.Split(splitLines)
	return &LineReader{sc: sc}
}

// Each calls fn with each line in turn, without its line end, until fn
// returns an error or the input ends. It returns fn's error, else Err. The
// bytes passed to fn are valid only until it returns; Line numbers them.
func (lr *LineReader) Each(fn func(line []byte) error) error {
	for {
		line, ok := lr.Next()
		if !ok {
			return lr.Err()
		}
		if err := fn(line); err != nil {
			return err
		}
	}
}

// Next returns the next line without its line end. The bytes are valid
// until the following call. It returns false at the end of the input, on a
// read error and on a line longer than 1 MiB; Err tells which.
func (lr *LineReader) Next() ([]byte, bool) {
	if lr.long || !lr.sc.Scan() {
		return nil, false
	}
	line := lr.sc.Bytes()
	if len(line) > maxLine {
		lr.long = true
		return nil, false
	}
	lr.n++
	if lr.n == 1 {
		line = bytes.TrimPrefix(line, bom)
	}
	return line, true
}

// Line returns the 1-based number of the line Next returned last, 0 before
// the first.
func (lr *LineReader) Line() int { return lr.n }

// Err returns the read error that stopped Next, if any: an over-long line
// becomes an *InputError naming it; other errors (such as the caller's size
// limit) are returned unchanged so that the caller can recognise them.
func (lr *LineReader) Err() error {
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
	i := lineEnd(data)
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

// lineEnd returns the index of the first '\r' or '\n' in data, or -1. It
// looks a chunk at a time with the fast bytes.IndexByte, for '\n' and then
// for '\r' before it: bytes.IndexAny goes byte by byte, and looking for
// '\n' in the whole buffer first would rescan it for every line of a
// "\r"-only file.
func lineEnd(data []byte) int {
	const chunk = 512
	for off := 0; off < len(data); off += chunk {
		c := data[off:min(off+chunk, len(data))]
		nl := bytes.IndexByte(c, '\n')
		if nl >= 0 {
			c = c[:nl]
		}
		if cr := bytes.IndexByte(c, '\r'); cr >= 0 {
			return off + cr
		}
		if nl >= 0 {
			return off + nl
		}
	}
	return -1
}

// Quote quotes line for an error message, cut to a readable length on a
// character boundary: the line may be a whole paragraph of stray text.
func Quote(line []byte) string {
	const most = 60
	if len(line) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		return fmt.Sprintf("%q...", line[:cut])
	}
	return fmt.Sprintf("%q", line)
}
