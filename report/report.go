// Package report renders analysed calls for people: text for the terminal
// (optionally in colour), Markdown, and one self-contained HTML file.
//
// Every format shows the same things in the same words: who was on the call,
// a timeline of the push-back moments (the quote, why it was flagged, what
// the rep did and how well, the suggested push-back and the feedback), and
// the scores. The terminal report puts the scores last, where the eye lands
// after scrolling; Markdown and HTML are documents and put them first. The
// HTML report adds the whole transcript with the moments highlighted.
//
// A report renders what the analysis says; it judges nothing. Transcript
// text is shown as text in every format: control characters are dropped,
// Markdown and HTML are escaped.
//
// Several calls make one report (pushback analyze a.vtt b.vtt --format html
// writes one file): the calls one after another, each with its own
// timeline and scores, and a summary of them all (scores over every moment
// from coach.ScoreCalls, and a line per call). The *Calls functions and
// Write do that; with one call they give exactly the single-call output.
// JSON is not a report: the command writes one analysis per line itself.
//
// The words themselves are exported for the web app's call page, so that it
// says what the reports say: NewMoment words a moment's card (Verdict,
// Checks and Evidence its parts), and Percent, Percentage, Clock, HowLabel,
// Clean and FindQuote the pieces around it.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/pushback-coach/pushback"
)

// Options shape the text report.
type Options struct {
	// Colour turns on ANSI colour. The caller decides: a terminal, and no
	// NO_COLOR in the environment.
	Colour bool
	// Width is the column to wrap at; 0 means DefaultWidth. Widths under
	// MinWidth are raised to it.
	Width int
}

// Wrapping limits of the text report.
const (
	DefaultWidth = 80
	MinWidth     = 40
)

// Format names a report format, as --format spells it.
type Format string

// The report formats.
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

// Formats lists the report formats.
var Formats = []Format{FormatText, FormatMarkdown, FormatHTML}

// Write renders the analyses in format f as one report. It returns a
// *pushback.Error with code EINVALID for an unknown format.
func Write(w io.Writer, f Format, as []*pushback.Analysis, opt Options) error {
	switch f {
	case FormatText:
		return TextCalls(w, as, opt)
	case FormatMarkdown:
		return MarkdownCalls(w, as)
	case FormatHTML:
		return HTMLCalls(w, as)
	}
	names := make([]string, len(Formats))
	for i, x := range Formats {
		names[i] = string(x)
	}
	return pushback.Errorf(pushback.EINVALID, "report format %q: expected one of %s", f, strings.Join(names, ", "))
}

// errWriter remembers the first write error, so renderers can write freely
// and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

func (e *errWriter) print(s string) { io.WriteString(e, s) }

// nonNil drops nil analyses.
func nonNil(as []*pushback.Analysis) []*pushback.Analysis {
	out := make([]*pushback.Analysis, 0, len(as))
	for _, a := range as {
		if a != nil {
			out = append(out, a)
		}
	}
	return out
}
