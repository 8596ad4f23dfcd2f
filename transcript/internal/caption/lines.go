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
	crs  crSearch
}

// NewLineReader returns a LineReader reading r.
func NewLineReader(r io.Reader) *LineReader {
	lr := &LineReader{sc: bufio.NewScanner(r), crs: crSearch{at: -1}}
	lr.sc.Buffer(make([]byte, 0, 64<<10), maxLine+2) // +2: room for the line end
	lr.sc.Split(lr.crs.splitLines)
	return lr
}

// crSearch remembers, across the calls of a Scanner's split function, where
// the next '\r' is in the unread input, so that each line needs only a
// search for '\n' up to there: most files hold no '\r' at all (transcript.
// Parse turns them into '\n'), and searching for it on every line would read
// the whole buffer again each time.
type crSearch struct {
	at      int // offset of the next '\r' in the unread input, or -1
	scanned int // with at < 0, the bytes known to hold no '\r'
}

// splitLines is a bufio.SplitFunc for lines ended by "\n", "\r\n" or "\r".
// The data it is given must be the unread input, as a Scanner gives it.
func (c *crSearch) splitLines(data []byte, atEOF bool) (int, []byte, error) {
	if c.at < 0 && c.scanned < len(data) {
		if j := bytes.IndexByte(data[c.scanned:], '\r'); j >= 0 {
			c.at = c.scanned + j
		} else {
			c.scanned = len(data)
		}
	}
	// The first '\r' or '\n'.
	limit := len(data)
	if c.at >= 0 {
		limit = c.at
	}
	i := bytes.IndexByte(data[:limit], '\n')
	if i < 0 && c.at >= 0 {
		i = c.at
	}
	advance, token, err := splitAt(data, atEOF, i)
	// The unread input now starts advance bytes later.
	if c.at >= 0 {
		c.at -= advance
		if c.at < 0 {
			c.at, c.scanned = -1, 0 // the '\r' was read: look for the next
		}
	} else {
		c.scanned = max(c.scanned-advance, 0)
	}
	return advance, token, err
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

// splitAt splits the line off data whose first '\r' or '\n' is at i (-1:
// none).
func splitAt(data []byte, atEOF bool, i int) (int, []byte, error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
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
