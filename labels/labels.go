// Package labels reads labelled calls: a transcript beside a NAME.labels.json
// file with the gold moments and the rep's responses (the format of
// docs/labelled-calls.md), optionally naming a playbook. It is what `pushback
// eval` scores against and what the trainer learns from.
package labels

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/transcript"
)

// File is the labels file.
type File struct {
	Rep      []string `json:"rep"`
	Playbook string   `json:"playbook,omitempty"`
	Moments  []Moment `json:"moments"`
	Notes    string   `json:"notes,omitempty"`
}

// Moment is a gold moment.
type Moment struct {
	Quote    string            `json:"quote"`
	Category pushback.Category `json:"category"`
	Response *Response         `json:"response,omitempty"`
}

// Response is the gold verdict on the rep's response.
type Response struct {
	PushedBack bool  `json:"pushed_back"`
	Warning    bool  `json:"warning"`
	Permission bool  `json:"permission"`
	Respectful *bool `json:"respectful,omitempty"`
	Calm       *bool `json:"calm,omitempty"`
}

// Case is a labelled call, read and located.
type Case struct {
	Name       string // the stem, e.g. "a01-relaybook-discovery"
	Transcript string // path
	LabelsPath string
	Labels     File
	Call       *pushback.Call     // parsed with the labelled reps
	Playbook   *pushback.Playbook // the labels' playbook merged over the default, or the default
	Gold       []Gold             // the gold moments located in the call
}

// Gold is a gold moment located in a call.
type Gold struct {
	Moment
	Turn int
	Span [2]int // byte range of the quote in the turn's text
}

// LoadDir reads every labelled call in dir (not recursive): each
// NAME.labels.json with the transcript NAME.<ext> beside it. override, when
// not nil, is used instead of the playbook a labels file names.
func LoadDir(dir string, override *pushback.Playbook) ([]*Case, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "*.labels.json"))
	if err != nil {
		return nil, err
	}
	if len(matches) == 0 {
		return nil, &pushback.InputError{File: dir, Msg: "no labelled calls here: expected NAME.labels.json files beside their transcripts"}
	}
	sort.Strings(matches)
	var cases []*Case
	for _, m := range matches {
		c, err := Load(m, override)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

var playbookCache = map[string]*pushback.Playbook{}

// Load reads one labels file and its transcript.
func Load(labelsPath string, override *pushback.Playbook) (*Case, error) {
	data, err := os.ReadFile(labelsPath)
	if err != nil {
		return nil, &pushback.InputError{File: labelsPath, Msg: err.Error()}
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, &pushback.InputError{File: labelsPath, Line: lineAt(data, err), Msg: "bad labels file: " + err.Error()}
	}
	stem := strings.TrimSuffix(labelsPath, ".labels.json")
	tr, err := findTranscript(stem)
	if err != nil {
		return nil, &pushback.InputError{File: labelsPath, Msg: err.Error()}
	}
	c := &Case{Name: filepath.Base(stem), Transcript: tr, LabelsPath: labelsPath, Labels: f}
	c.Call, err = transcript.ParseFile(tr, transcript.Options{Reps: f.Rep})
	if err != nil {
		return nil, err
	}
	switch {
	case override != nil:
		c.Playbook = override
	case f.Playbook != "":
		p := filepath.Join(filepath.Dir(labelsPath), f.Playbook)
		if pb, ok := playbookCache[p]; ok {
			c.Playbook = pb
		} else if c.Playbook, err = playbook.Load(p); err != nil {
			return nil, err
		} else {
			playbookCache[p] = c.Playbook
		}
	default:
		if c.Playbook, err = playbook.Default(); err != nil {
			return nil, err
		}
	}
	for i, m := range f.Moments {
		if !m.Category.Valid() {
			return nil, &pushback.InputError{File: labelsPath, Path: fmt.Sprintf("$.moments[%d].category", i), Msg: fmt.Sprintf("category %q: expected incorrect_fact, unfounded_conclusion or forward_looking", m.Category)}
		}
		turn, span, ok := Locate(c.Call, m.Quote)
		if !ok {
			return nil, &pushback.InputError{File: labelsPath, Path: fmt.Sprintf("$.moments[%d].quote", i), Msg: fmt.Sprintf("quote %q is in no prospect turn of %s", m.Quote, filepath.Base(tr))}
		}
		c.Gold = append(c.Gold, Gold{Moment: m, Turn: turn, Span: span})
	}
	return c, nil
}

func lineAt(data []byte, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	if errors.As(err, &se) {
		off = se.Offset
	} else if errors.As(err, &te) {
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func findTranscript(stem string) (string, error) {
	for _, ext := range []string{".vtt", ".srt", ".txt", ".json"} {
		if _, err := os.Stat(stem + ext); err == nil {
			return stem + ext, nil
		}
	}
	return "", fmt.Errorf("no transcript beside it: expected %s.vtt, .srt, .txt or .json", filepath.Base(stem))
}

// Locate finds the prospect turn that contains quote, matching case-,
// white-space- and punctuation-insensitively, and the quote's byte range in
// the turn's text.
func Locate(call *pushback.Call, quote string) (int, [2]int, bool) {
	q, _ := Normalize(quote)
	if q == "" {
		return 0, [2]int{}, false
	}
	for _, t := range call.Turns {
		if t.Role != pushback.RoleProspect {
			continue
		}
		n, idx := Normalize(t.Text)
		if k := strings.Index(n, q); k >= 0 {
			return t.Index, [2]int{idx[k], idx[k+len(q)-1] + 1}, true
		}
	}
	return 0, [2]int{}, false
}

// Normalize lower-cases s, drops punctuation and collapses white space. It
// returns the normalised text and, for each of its bytes, the offset in s of
// the byte it came from.
func Normalize(s string) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(s))
	space := true
	for i, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			l := string(unicode.ToLower(r))
			b.WriteString(l)
			for range len(l) {
				idx = append(idx, i)
			}
			space = false
		case unicode.IsSpace(r) || r == '-' || r == '/' || r == '—' || r == '–':
			if !space {
				b.WriteByte(' ')
				idx = append(idx, i)
				space = true
			}
		}
	}
	out := b.String()
	if strings.HasSuffix(out, " ") {
		out = out[:len(out)-1]
		idx = idx[:len(idx)-1]
	}
	return out, idx
}

// Unpunctuated returns a copy of the case as a speech-to-text service that
// adds no punctuation would write it (Deepgram without punctuate, older
// engines): every turn lower-cased and stripped of sentence punctuation by
// Unpunctuate, its sentences to be split again, and the gold moments located
// again. ok is false when a quote cannot be found in the copy.
func (c *Case) Unpunctuated() (out *Case, ok bool) {
	call := *c.Call
	call.Turns = make([]pushback.Turn, len(c.Call.Turns))
	for i, t := range c.Call.Turns {
		t.Text = Unpunctuate(t.Text)
		t.Sentences = nil
		call.Turns[i] = t
	}
	cp := *c
	cp.Call = &call
	cp.Gold = make([]Gold, len(c.Gold))
	for i, g := range c.Gold {
		turn, span, found := Locate(&call, g.Quote)
		if !found || turn != g.Turn {
			return nil, false
		}
		g.Span = span
		cp.Gold[i] = g
	}
	return &cp, true
}

// Unpunctuate lower-cases s and drops its sentence and clause punctuation
// (. , ! ? ; : … quotes and brackets), keeping apostrophes, hyphens,
// slashes, currency and percent signs, and the point of a decimal ("1.5").
func Unpunctuate(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i, r := range s {
		switch r {
		case '.':
			if i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
				b.WriteByte('.')
				space = false
			}
			continue
		case ',', '!', '?', ';', ':', '…', '"', '“', '”', '(', ')', '[', ']', '{', '}', '*':
			continue
		}
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
