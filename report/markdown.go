package report

import (
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback"
)

// Markdown writes the analysis of one call as Markdown: a header, the scores
// as a table, then the timeline of moments with quotes as blockquotes.
// Transcript text is escaped, so it renders as the words that were said,
// never as markup or HTML.
func Markdown(w io.Writer, a *pushback.Analysis) error {
	return MarkdownCalls(w, []*pushback.Analysis{a})
}

// MarkdownCalls writes several calls as one Markdown document: a summary of
// them all first when there is more than one, then each call.
func MarkdownCalls(w io.Writer, as []*pushback.Analysis) error {
	as = nonNil(as)
	m := &mdWriter{ew: &errWriter{w: w}}
	views := make([]*callView, len(as))
	for i, a := range as {
		n := 0
		if len(as) > 1 {
			n = i + 1
		}
		views[i] = newCallView(a, n)
	}
	level := 1
	if len(as) > 1 {
		m.printf("# Pushback report: %d calls\n\n", len(as))
		sum := newSummary(as, views)
		m.printf("## All calls\n\n")
		m.scores(sum.Scores, sum.Calls)
		level = 2
	}
	for _, v := range views {
		m.call(v, level)
	}
	return m.ew.err
}

type mdWriter struct{ ew *errWriter }

func (m *mdWriter) printf(format string, args ...any) { m.ew.printf(format, args...) }

func heading(level int) string { return strings.Repeat("#", min(level, 6)) + " " }

func (m *mdWriter) call(v *callView, level int) {
	if level == 1 {
		m.printf("%sPushback report: %s\n\n", heading(level), md(v.Title))
	} else {
		m.printf("%s%s\n\n", heading(level), md(v.Title))
	}
	var meta []string
	if v.Format != "" {
		meta = append(meta, md(v.Format))
	}
	if v.Duration != "" {
		meta = append(meta, v.Duration)
	}
	if v.Playbook != "" {
		meta = append(meta, "playbook "+md(v.Playbook))
	}
	if len(meta) > 0 {
		m.printf("%s\n\n", strings.Join(meta, " · "))
	}
	if len(v.Speakers) > 0 {
		names := make([]string, len(v.Speakers))
		for i, s := range v.Speakers {
			names[i] = md(s.Name)
			if s.Role != "" {
				names[i] += " (" + md(s.Role) + ")"
			}
		}
		m.printf("**Speakers:** %s\n\n", strings.Join(names, ", "))
	}
	if v.RolesGuessed {
		m.printf("*Roles were guessed; name the reps with `--rep` if they are wrong.*\n\n")
	}

	m.printf("%sScores\n\n", heading(level+1))
	m.scores(v.Scores, nil)

	m.printf("%sMoments (%d)\n\n", heading(level+1), len(v.Moments))
	if len(v.Moments) == 0 {
		m.printf("No push-back moments found.\n\n")
	}
	for _, mv := range v.Moments {
		m.moment(mv, level+2)
	}
}

func (m *mdWriter) moment(v momentView, level int) {
	head := []string{v.Time}
	if v.Speaker != "" {
		head = append(head, md(v.Speaker))
	}
	head = append(head, md(v.Category))
	if len(v.Topics) > 0 {
		head = append(head, md(strings.Join(v.Topics, ", ")))
	}
	m.printf("%s%d. %s\n\n", heading(level), v.N, strings.Join(head, " · "))
	m.printf("> %s\n\n", md(v.Quote))
	if len(v.Reasons) > 0 {
		m.printf("Flagged: %s (confidence %s)\n\n", md(strings.Join(v.Reasons, "; ")), v.Confidence)
	}
	line := "**" + md(v.Verdict) + "**"
	if len(v.Checks) > 0 {
		parts := make([]string, len(v.Checks))
		for i, c := range v.Checks {
			mark := map[string]string{"yes": "✓", "no": "✗", "unknown": "?"}[c.State]
			parts[i] = mark + " " + md(c.Label)
		}
		line += ": " + strings.Join(parts, " · ")
	}
	m.printf("%s\n\n", line)
	for _, e := range v.Evidence {
		m.printf("- %s: “%s”\n", md(e.Label), md(e.Quote))
	}
	if len(v.Evidence) > 0 {
		m.printf("\n")
	}
	if v.Script != "" {
		m.printf("**Try saying:**\n\n> %s\n\n", md(v.Script))
	}
	if v.ThenShare != "" {
		m.printf("**Then share:** %s", md(v.ThenShare))
		if v.FactID != "" {
			m.printf(" (fact `%s`)", strings.ReplaceAll(v.FactID, "`", "'"))
		}
		m.printf("\n\n")
	}
	if v.Feedback != "" {
		m.printf("**Feedback:** %s\n\n", md(v.Feedback))
	}
}

func (m *mdWriter) scores(v scoresView, calls []summaryRow) {
	if v.Headline != "" {
		m.printf("**%s**\n\n", md(v.Headline))
	}
	m.printf("| | Moments | Pushed back | Courage | Craft |\n|:--|--:|--:|--:|--:|\n")
	row := func(label string, r scoreRow) {
		m.printf("| %s | %d | %d | %s | %s |\n", label, r.Moments, r.PushedBack, r.Courage, r.Craft)
	}
	row("**"+md(v.Label)+"**", scoreRow{Moments: v.Moments, PushedBack: v.PushedBack, Courage: v.Courage, Craft: v.Craft})
	group := func(title string, rows []scoreRow) {
		if len(rows) == 0 {
			return
		}
		m.printf("| *%s* | | | | |\n", title)
		for _, r := range rows {
			row(md(r.Label), r)
		}
	}
	var callRows []scoreRow
	for _, c := range calls {
		callRows = append(callRows, c.scoreRow)
	}
	group("By call", callRows)
	group("By rep", v.ByRep)
	group("By category", v.ByCategory)
	m.printf("\n")
}

// entity matches what a Markdown renderer would read as a character
// reference, so a literal "&amp;" in a transcript stays literal. It is
// compiled on first use, not at every start of the command line.
var entity = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`) })

// mdEscaper escapes what Markdown (CommonMark with GitHub's tables and
// strikethrough) would read as markup; "<" and ">" become character
// references so no renderer sees HTML.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`|`, `\|`, `~`, `\~`, `<`, `&lt;`, `>`, `&gt;`,
)

// md escapes one line of text for Markdown.
func md(s string) string {
	s = entity().ReplaceAllString(s, "&amp;$1;")
	s = mdEscaper.Replace(s)
	// Block markers only matter at the start of a line: "# ", "- ", "1. ".
	if s != "" {
		switch s[0] {
		case '#', '-', '+', '=':
			s = `\` + s
		}
		if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') {
			s = s[:i] + `\` + s[i:]
		}
	}
	return s
}
