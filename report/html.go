package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback"
)

//go:embed templates/report.html.tmpl
var htmlSource string

// page is what the HTML template renders.
type page struct {
	Title   string
	Multi   bool
	Summary summaryView
	Calls   []*callView
}

// htmlTemplate is parsed on first use: only --format html needs it, and
// parsing it at every start of the command line cost more than a million
// instructions.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"join": strings.Join,
		"mark": func(state string) string {
			switch state {
			case "yes":
				return "✓"
			case "no":
				return "✗"
			}
			return "?"
		},
		"stateText": func(state string) string {
			if state == "unknown" {
				return "not judged"
			}
			return state
		},
	}).Parse(htmlSource))
})

// HTML writes the analysis of one call as one self-contained HTML file:
// score cards, the timeline of moments and the whole transcript with the
// moments' quotes highlighted, the timeline and the transcript linked both
// ways. Styles are inline; the page loads nothing else and runs no script.
// All transcript text is escaped by html/template.
func HTML(w io.Writer, a *pushback.Analysis) error {
	return HTMLCalls(w, []*pushback.Analysis{a})
}

// HTMLCalls writes several calls as one HTML file: a summary of them all
// (scores over every moment and a line per call, linked to its section),
// then each call in a section of its own. With one call it is HTML.
func HTMLCalls(w io.Writer, as []*pushback.Analysis) error {
	as = nonNil(as)
	p := page{Multi: len(as) > 1}
	for i, a := range as {
		n := 0
		if p.Multi {
			n = i + 1
		}
		p.Calls = append(p.Calls, newCallView(a, n))
	}
	switch len(as) {
	case 0:
		p.Title = "Pushback report: no calls"
		p.Multi = true
		p.Summary = newSummary(as, nil)
	case 1:
		p.Title = "Pushback report: " + p.Calls[0].Title
	default:
		p.Title = fmt.Sprintf("Pushback report: %d calls", len(as))
		p.Summary = newSummary(as, p.Calls)
	}
	ew := &errWriter{w: w}
	if err := htmlTemplate().Execute(ew, p); err != nil {
		if ew.err != nil {
			return ew.err
		}
		return fmt.Errorf("rendering the HTML report: %w", err)
	}
	return ew.err
}
