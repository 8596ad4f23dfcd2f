package caption

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// IsTiming reports whether line parses as a cue timing "START --> END"
// (cue settings may follow), even one that ends before it starts: text may
// hold "-->", but not as a whole timing line, so a reader can tell a new cue
// from text and report a backwards timing instead of keeping it as text.
func IsTiming(line []byte) bool {
	if !bytes.Contains(line, []byte("-->")) {
		return false
	}
	_, _, _, err := timecode.Range(string(line))
	return err == nil
}

// LooksLikeTiming reports whether line was meant as a cue timing but is
// broken ("00:00:01.000 -> 00:00:02.000", "00:01 - 00:02"), so that a reader
// reports it instead of reading it as text and losing the cue's times.
func LooksLikeTiming(line []byte) bool {
	if bytes.IndexByte(line, ':') < 0 {
		return false // no clock: the common case of a cue id or text
	}
	if i := bytes.Index(line, []byte("->")); i > 0 {
		if isClock(bytes.TrimRight(line[:i], "- \t")) {
			return true
		}
	}
	a, rest := nextField(line)
	arrow, rest := nextField(rest)
	b, _ := nextField(rest)
	return len(b) > 0 && isClock(a) && isClock(b) && len(bytes.Trim(arrow, "-=>~–—")) == 0
}

// nextField returns the first space-separated field of b and what follows it.
func nextField(b []byte) (field, rest []byte) {
	b = TrimBlanksLeft(b)
	i := bytes.IndexAny(b, " \t")
	if i < 0 {
		return b, nil
	}
	return b[:i], b[i:]
}

// isClock reports whether b is a time stamp with minutes ("01:02",
// "0:0:1.5", "0:0:1,5"): bare seconds are too like any number.
func isClock(b []byte) bool {
	if bytes.IndexByte(b, ':') < 0 {
		return false
	}
	_, err := timecode.Parse(string(b))
	return err == nil
}

// EndsBeforeStart returns the error for the cue timing line timing, on line
// n, that parsed but ends before it starts; it quotes both times as written.
func EndsBeforeStart(n int, timing []byte) error {
	start, end, _ := strings.Cut(string(timing), "-->")
	return &pushback.InputError{Line: n, Msg: fmt.Sprintf("cue ends at %s, before it starts at %s: expected END at or after START",
		strings.Fields(end)[0], strings.TrimSpace(start))}
}
