package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/pushback-coach/pushback"
)

// Text writes the analysis of one call for a terminal: a header, the
// timeline of moments, then the scores, wrapped at opt.Width and coloured
// when opt.Colour is set.
func Text(w io.Writer, a *pushback.Analysis, opt Options) error {
	return TextCalls(w, []*pushback.Analysis{a}, opt)
}

// TextCalls writes several calls as one text report: each call in turn, then,
// when there is more than one, a summary of them all.
func TextCalls(w io.Writer, as []*pushback.Analysis, opt Options) error {
	as = nonNil(as)
	t := &textWriter{ew: &errWriter{w: w}, width: opt.Width, colour: opt.Colour}
	if t.width == 0 {
		t.width = DefaultWidth
	}
	t.width = max(t.width, MinWidth)
	views := make([]*callView, len(as))
	for i, a := range as {
		n := 0
		if len(as) > 1 {
			n = i + 1
		}
		views[i] = newCallView(a, n)
		if i > 0 {
			t.rule()
		}
		t.call(views[i])
	}
	if len(as) > 1 {
		t.rule()
		t.summary(newSummary(as, views))
	}
	return t.ew.err
}

// ANSI select-graphic-rendition parameters.
const (
	plain  = ""
	bold   = "1"
	dim    = "2"
	red    = "31"
	green  = "32"
	yellow = "33"
	purple = "35"
	cyan   = "36"
)

// span is text in one style; a paragraph is a list of spans, wrapped by
// word. A whole span is never broken across lines.
type span struct {
	text, style string
	whole       bool
}

func s(text string) span          { return span{text: text} }
func st(style, text string) span  { return span{text: text, style: style} }
func quoted(style, q string) span { return span{text: "“" + q + "”", style: style} }
func whole(style, text string) span {
	return span{text: text, style: style, whole: true}
}

type textWriter struct {
	ew     *errWriter
	width  int
	colour bool
}

func (t *textWriter) blank() { t.ew.print("\n") }

func (t *textWriter) rule() {
	t.blank()
	t.ew.print(t.paint(dim, strings.Repeat("─", t.width)) + "\n")
	t.blank()
}

func (t *textWriter) paint(style, text string) string {
	if !t.colour || style == plain || text == "" {
		return text
	}
	return "\x1b[" + style + "m" + text + "\x1b[0m"
}

// para writes spans as one paragraph wrapped at the width: the first line
// starts with first, the others with indent (both plain).
func (t *textWriter) para(first, indent string, spans ...span) {
	type styledWord struct{ text, style string }
	var line []styledWord
	lineWidth := 0
	prefix := first
	flush := func() {
		var b strings.Builder
		b.WriteString(prefix)
		for i := 0; i < len(line); {
			j := i
			var run []string
			for j < len(line) && line[j].style == line[i].style {
				run = append(run, line[j].text)
				j++
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t.paint(line[i].style, strings.Join(run, " ")))
			i = j
		}
		t.ew.print(strings.TrimRight(b.String(), " ") + "\n")
		line, lineWidth, prefix = line[:0], 0, indent
	}
	for _, sp := range spans {
		words := strings.Fields(sp.text)
		if sp.whole {
			words = []string{strings.Join(words, " ")}
		}
		for _, word := range words {
			ww := displayWidth(word)
			need := ww
			if len(line) > 0 {
				need++
			}
			if len(line) > 0 && displayWidth(prefix)+lineWidth+need > t.width {
				flush()
				need = ww
			}
			line = append(line, styledWord{word, sp.style})
			lineWidth += need
		}
	}
	if len(line) > 0 || first != "" {
		flush()
	}
}

// displayWidth counts terminal columns: wide East Asian characters take
// two, combining marks none.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x300:
			n++
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200b:
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}

func (t *textWriter) call(v *callView) {
	t.para("", "", st(bold, "Pushback report: "+v.Title))
	var meta []string
	if v.Format != "" {
		meta = append(meta, v.Format)
	}
	if v.Duration != "" {
		meta = append(meta, v.Duration)
	}
	if v.Playbook != "" {
		meta = append(meta, "playbook "+v.Playbook)
	}
	if len(meta) > 0 {
		t.para("", "", st(dim, strings.Join(meta, " · ")))
	}
	if len(v.Speakers) > 0 {
		spans := []span{s("Speakers:")}
		for i, sp := range v.Speakers {
			name := sp.Name
			if sp.Role != "" {
				name += " (" + sp.Role + ")"
			}
			if i < len(v.Speakers)-1 {
				name += ","
			}
			spans = append(spans, s(name))
		}
		t.para("", "  ", spans...)
	}
	if v.RolesGuessed {
		t.para("", "  ", st(dim, "Roles were guessed; name the reps with --rep if they are wrong."))
	}

	t.blank()
	t.para("", "", st(bold, fmt.Sprintf("Moments (%d)", len(v.Moments))))
	if len(v.Moments) == 0 {
		t.para("", "", s("No push-back moments found."))
	}
	numWidth := len(fmt.Sprint(len(v.Moments))) + 2
	indent := strings.Repeat(" ", numWidth)
	for _, m := range v.Moments {
		t.blank()
		t.moment(m, indent)
	}

	t.blank()
	t.scores(v.Scores, nil)
}

func (t *textWriter) moment(m momentView, indent string) {
	num := fmt.Sprintf("%d.", m.N)
	num += strings.Repeat(" ", len(indent)-len(num))
	head := []span{st(bold, m.Time)}
	if m.Speaker != "" {
		head = append(head, s("· "+m.Speaker))
	}
	head = append(head, s("·"), st(purple, m.Category))
	if len(m.Topics) > 0 {
		head = append(head, s("· "+strings.Join(m.Topics, ", ")))
	}
	t.para(num, indent, head...)
	t.para(indent, indent+" ", quoted(bold, m.Quote))
	if len(m.Reasons) > 0 {
		t.para(indent, indent+"  ", st(dim, "Flagged: "+strings.Join(m.Reasons, "; ")+" (confidence "+m.Confidence+")"))
	}

	verdictStyle := map[string]string{"pushed": green, "let-go": yellow, "no-reply": red}[m.VerdictKind]
	verdict := m.Verdict
	if len(m.Checks) > 0 {
		verdict += ":"
	}
	vs := []span{st(bold+";"+verdictStyle, verdict)}
	for _, c := range m.Checks {
		mark, style := "✓", green
		switch c.State {
		case "no":
			mark, style = "✗", red
		case "unknown":
			mark, style = "?", dim
		}
		vs = append(vs, whole(style, mark+" "+c.Label))
	}
	t.para(indent, indent+"  ", vs...)
	for _, e := range m.Evidence {
		t.para(indent+"  ", indent+"    ", st(dim, e.Label+":"), quoted(plain, e.Quote))
	}
	if m.Script != "" {
		t.para(indent, indent+"  ", st(bold, "Try:"), quoted(cyan, m.Script))
	}
	if m.ThenShare != "" {
		share := []span{st(bold, "Then share:"), s(m.ThenShare)}
		if m.FactID != "" {
			share = append(share, st(dim, "(fact "+m.FactID+")"))
		}
		t.para(indent, indent+"  ", share...)
	}
	if m.Feedback != "" {
		t.para(indent, indent+"  ", st(bold, "Feedback:"), s(m.Feedback))
	}
}

// scores writes the score table; calls, when given, adds a line per call
// (the summary of several calls).
func (t *textWriter) scores(v scoresView, calls []summaryRow) {
	t.para("", "", st(bold, "Scores"))
	type line struct {
		label string
		r     scoreRow
		head  bool
	}
	lines := []line{{label: v.Label, r: scoreRow{Moments: v.Moments, PushedBack: v.PushedBack, Courage: v.Courage, Craft: v.Craft}}}
	group := func(title string, rows []scoreRow) {
		if len(rows) == 0 {
			return
		}
		lines = append(lines, line{label: title, head: true})
		for _, r := range rows {
			lines = append(lines, line{label: "  " + r.Label, r: r})
		}
	}
	var callRows []scoreRow
	for _, c := range calls {
		callRows = append(callRows, c.scoreRow)
	}
	group("By call", callRows)
	group("By rep", v.ByRep)
	group("By category", v.ByCategory)

	const cols = "  moments  pushed back  courage  craft"
	labelWidth := 0
	for _, l := range lines {
		labelWidth = max(labelWidth, displayWidth(l.label))
	}
	labelWidth = max(min(labelWidth, t.width-2-len(cols)), 8)
	pad := func(s string) string {
		if displayWidth(s) > labelWidth {
			r := []rune(s)
			for len(r) > 0 && displayWidth(string(r))+1 > labelWidth {
				r = r[:len(r)-1]
			}
			s = string(r) + "…"
		}
		return s + strings.Repeat(" ", labelWidth-displayWidth(s))
	}
	t.ew.print("  " + strings.Repeat(" ", labelWidth) + t.paint(dim, cols) + "\n")
	for i, l := range lines {
		if l.head {
			t.ew.print("  " + t.paint(dim, l.label) + "\n")
			continue
		}
		label := pad(l.label)
		if i == 0 {
			label = t.paint(bold, label)
		}
		t.ew.printf("  %s  %7d  %11d  %7s  %5s\n", label, l.r.Moments, l.r.PushedBack, l.r.Courage, l.r.Craft)
	}
	if v.Headline != "" {
		t.blank()
		t.para("  ", "  ", st(bold, v.Headline))
	}
}

func (t *textWriter) summary(s summaryView) {
	t.para("", "", st(bold, fmt.Sprintf("All calls (%d)", len(s.Calls))))
	t.blank()
	t.scores(s.Scores, s.Calls)
}
