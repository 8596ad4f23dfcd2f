package textfmt

import (
	"bytes"
	"unicode/utf8"
)

// Sniff scores. They rank the variants against each other and stay below the
// scores of formats with unmistakable markers (a WEBVTT header, an SRT
// index and arrow line, a JSON document: about 90), which are all text too.
const (
	scoreOtter      = 60 // blocks under "Name  0:03" headers
	scoreRev        = 55 // "Name (00:12):" labels
	scoreNameTimed  = 50 // "[00:01:02] Name: text" and the other timed labels
	scoreNamePlain  = 40 // "Name: text" lines
	scoreText       = 10 // any readable text: read as one speaker's prose
	headSize        = 64 << 10
	maxSniffedLines = 2000
	maxUnreadable   = 10 // percent of control bytes or invalid UTF-8 that makes text unreadable
)

// tally counts the line shapes of the start of a file.
type tally struct {
	nonBlank     int
	blocks       int // runs of non-blank lines (the Otter footer not counted)
	otterStarts  int // blocks whose first line is an Otter header
	revLabels    int // "Name (00:12):" lines
	timedLabels  int // other timed labels
	plainLabels  int // "Name: text" with text
	headerLabels int // "Name:" alone on its line
	headerStarts int // blocks whose first line is "Name:" alone
	firstLabel   shape
	names        map[string]*int // plain label names and their counts
}

// classify returns the variant the start of a file is written in and its
// sniff score. The rules, first match wins:
//
//   - otter: at least 80% of the blank-line separated blocks start with an
//     Otter header ("Name  0:03"), or all blocks but one do and there are at
//     least two headers (a title above the transcript).
//   - rev-text: at least two "Name (00:12):" labels (or one on the first
//     line), no other timed label, and fewer plain "Name: text" lines than
//     half as many (those are colons in the text).
//   - name-colon: two timed labels of any shape (or one on the first line);
//     or, for plain "Name: text" labels, more than half of the non-blank lines
//     carry one, or at least two different names label two lines or more
//     and labels are at least a fifth of the lines; or at least two blocks,
//     80% of them, start with a "Name:" line alone (Rev's untimed export).
//   - text: anything else.
func classify(head []byte) (string, int) {
	if len(head) >= headSize && head[len(head)-1] != '\n' {
		// the last line is cut off: judge the complete ones
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	// Lines shaped as labels count even when their time is invalid, so that
	// Read reports the bad time rather than reading the file as prose.
	t := tally{firstLabel: shapeNone}
	blockStart := true
	for len(head) > 0 && t.nonBlank < maxSniffedLines {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			line, head = head, nil
		}
		line = trimSpace(line)
		if len(line) == 0 {
			blockStart = true
			continue
		}
		if isOtterFooter(line) {
			blockStart = true
			continue
		}
		t.nonBlank++
		first := t.nonBlank == 1
		if blockStart {
			t.blocks++
		}
		if _, ok := parseOtterHeader(line); ok {
			if blockStart {
				t.otterStarts++
			}
		} else if l, ok := parseLabel(line); ok {
			t.count(&l, blockStart)
			if first {
				t.firstLabel = l.shape
			}
		}
		blockStart = false
	}
	return t.decide()
}

func (t *tally) count(l *label, blockStart bool) {
	switch {
	case l.shape == shapeRev:
		t.revLabels++
	case l.timed():
		t.timedLabels++
	case len(trimSpace(l.text)) == 0:
		t.headerLabels++
		if blockStart {
			t.headerStarts++
		}
		t.countName(l.name)
	default:
		t.plainLabels++
		t.countName(l.name)
	}
}

func (t *tally) countName(name []byte) {
	if t.names == nil {
		t.names = make(map[string]*int)
	}
	// Counting through a pointer: storing m[string(name)] would copy the
	// name to a new string each time, where a lookup does not.
	if n := t.names[string(name)]; n != nil {
		*n++
	} else if len(t.names) < 256 {
		one := 1
		t.names[string(name)] = &one
	}
}

func (t *tally) decide() (string, int) {
	if t.nonBlank == 0 {
		return "text", scoreText
	}
	if t.otterStarts > 0 && (t.otterStarts*5 >= t.blocks*4 || (t.otterStarts >= 2 && t.blocks-t.otterStarts <= 1)) {
		return "otter", scoreOtter
	}
	plain := t.plainLabels + t.headerLabels
	if (t.revLabels >= 2 || t.firstLabel == shapeRev) && t.timedLabels == 0 && plain*2 < t.revLabels {
		return "rev-text", scoreRev
	}
	timed := t.revLabels + t.timedLabels
	if timed >= 2 || (timed == 1 && t.firstLabel != shapeNone && t.firstLabel != shapePlain) {
		return "name-colon", scoreNameTimed
	}
	labels := timed + plain
	repeated := 0
	for _, n := range t.names {
		if *n >= 2 {
			repeated++
		}
	}
	switch {
	case labels >= 2 && labels*2 > t.nonBlank,
		repeated >= 2 && labels*5 >= t.nonBlank,
		t.headerStarts >= 2 && t.headerStarts*5 >= t.blocks*4:
		return "name-colon", scoreNamePlain
	}
	return "text", scoreText
}

// readable reports whether head is text a person could read: something other
// than white space, no NUL, and at most maxUnreadable percent of control
// bytes or invalid UTF-8 (a sequence cut off at the very end is not counted).
func readable(head []byte) bool {
	bad, n, visible := 0, 0, false
	for i := 0; i < len(head); {
		c := head[i]
		n++
		if c < utf8.RuneSelf {
			switch {
			case c == 0:
				return false
			case c < 0x20 && c != '\n' && c != '\t' && c != '\r' && c != '\f':
				bad++
			case c > ' ' && c != 0x7f:
				visible = true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size == 1 {
			if !utf8.FullRune(head[i:]) {
				break
			}
			bad++
		} else {
			visible = true
		}
		i += size
	}
	return visible && bad*100 <= n*maxUnreadable
}
