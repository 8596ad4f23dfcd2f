package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
)

// The view types hold what a report shows, already worded and cleaned of
// control characters, so the three formats say the same things.

type callView struct {
	N            int    // position in a report on several calls, from 1; 0 alone
	Prefix       string // anchor prefix: "" alone, "c2-" for the second of several
	Title        string // the source as the user named it
	Format       string
	Duration     string // "30:34", "" when the transcript has no times
	Speakers     []speakerView
	RolesGuessed bool
	Playbook     string
	Moments      []momentView
	Scores       scoresView
	Turns        []turnView
}

type speakerView struct{ Name, Role string }

type momentView struct {
	N           int
	ID          string // anchor of the moment in the timeline
	QuoteID     string // anchor of the quote in the transcript, "" when it was not found there
	TurnID      string // anchor of the moment's turn
	ReplyID     string // anchor of the rep's first reply, ""
	Time        string // "2:13", or "turn 12" without times
	Speaker     string
	Category    string // as people read it
	CategoryKey string // as JSON spells it, for styling
	Topics      []string
	Quote       string
	Confidence  string
	Reasons     []string
	Verdict     string
	VerdictKind string // pushed, let-go or no-reply
	Checks      []checkView
	Evidence    []evidenceView
	Script      string
	ThenShare   string
	FactID      string
	Feedback    string
}

type checkView struct {
	Label string
	State string // yes, no, or unknown when not judged
}

type evidenceView struct{ Label, Quote string }

type scoresView struct {
	Label               string // the total's row: "This call", "All calls"
	Headline            string
	Moments, PushedBack int
	Courage, Craft      string // "50%", or "–" when there is nothing to divide
	CouragePct          int    // for the score bars; 0 when none
	CraftPct            int
	ByRep               []scoreRow
	ByCategory          []scoreRow
}

type scoreRow struct {
	Label               string
	Moments, PushedBack int
	Courage, Craft      string
}

type turnView struct {
	Index    int
	ID       string
	Speaker  string
	Role     string
	Time     string
	Segments []segment
	Replies  []momentRef // moments this rep turn answers
	Moments  []momentRef // moments in this turn
}

// segment is a piece of a turn's text; a highlighted quote has its moment.
type segment struct {
	Text   string
	Moment *momentRef
}

type momentRef struct {
	N       int
	ID      string // the moment in the timeline
	QuoteID string // the quote in the transcript
}

// noValue stands for a score with nothing to divide.
const noValue = "–"

func newCallView(a *pushback.Analysis, n int) *callView {
	v := &callView{
		N:            n,
		Title:        sourceTitle(a.Source),
		Format:       clean(a.Format),
		Duration:     clock(a.Duration),
		RolesGuessed: a.RolesGuessed,
		Playbook:     playbookName(a.Playbook),
		Scores:       newScoresView(a.Scores, "This call"),
	}
	if n > 0 {
		v.Prefix = fmt.Sprintf("c%d-", n)
	}
	for _, s := range a.Speakers {
		v.Speakers = append(v.Speakers, speakerView{Name: clean(s.Name), Role: string(s.Role)})
	}
	for i := range a.Turns {
		t := &a.Turns[i]
		v.Turns = append(v.Turns, turnView{
			Index:   t.Index,
			ID:      fmt.Sprintf("%st%d", v.Prefix, i),
			Speaker: clean(t.Speaker),
			Role:    string(t.Role),
			Time:    clock(t.Start),
		})
	}
	spans := make([][]quoteSpan, len(a.Turns))
	texts := make([]string, len(a.Turns))
	for i := range a.Turns {
		texts[i] = clean(a.Turns[i].Text)
	}
	for i := range a.Moments {
		m := &a.Moments[i]
		mv := newMomentView(a, m, i+1, v.Prefix)
		ref := momentRef{N: mv.N, ID: mv.ID, QuoteID: mv.QuoteID}
		if m.Turn >= 0 && m.Turn < len(a.Turns) {
			mv.TurnID = v.Turns[m.Turn].ID
			if start, end, ok := findQuote(texts[m.Turn], mv.Quote); ok {
				spans[m.Turn] = append(spans[m.Turn], quoteSpan{start: start, end: end, ref: ref})
			}
			v.Turns[m.Turn].Moments = append(v.Turns[m.Turn].Moments, ref)
		}
		if r := m.Response; r != nil {
			for k, t := range r.Turns {
				if t < 0 || t >= len(a.Turns) {
					continue
				}
				if k == 0 {
					mv.ReplyID = v.Turns[t].ID
				}
				v.Turns[t].Replies = append(v.Turns[t].Replies, ref)
			}
		}
		v.Moments = append(v.Moments, mv)
	}
	for i := range v.Turns {
		v.Turns[i].Segments = segments(texts[i], spans[i])
	}
	// A quote found in its turn gets an anchor there; one not found links
	// to the turn instead.
	for i := range v.Moments {
		mv := &v.Moments[i]
		if !quoteFound(spans, mv.N) {
			mv.QuoteID = ""
		}
	}
	for i := range v.Turns {
		for k := range v.Turns[i].Moments {
			if !quoteFound(spans, v.Turns[i].Moments[k].N) {
				v.Turns[i].Moments[k].QuoteID = ""
			}
		}
	}
	return v
}

func quoteFound(spans [][]quoteSpan, n int) bool {
	for _, ss := range spans {
		for _, s := range ss {
			if s.ref.N == n && s.kept {
				return true
			}
		}
	}
	return false
}

func newMomentView(a *pushback.Analysis, m *pushback.Moment, n int, prefix string) momentView {
	mv := momentView{
		N:           n,
		ID:          fmt.Sprintf("%sm%d", prefix, n),
		QuoteID:     fmt.Sprintf("%sq%d", prefix, n),
		Time:        fmt.Sprintf("turn %d", m.Turn),
		Category:    clean(m.Category.Label()),
		CategoryKey: string(m.Category),
		Quote:       clean(m.Quote),
		Confidence:  fmt.Sprintf("%d%%", int(math.Round(m.Confidence*100))),
		Feedback:    clean(m.Feedback),
	}
	if m.Turn >= 0 && m.Turn < len(a.Turns) {
		t := &a.Turns[m.Turn]
		mv.Speaker = clean(t.Speaker)
		if c := clock(t.Start); c != "" {
			mv.Time = c
		}
	}
	for _, t := range m.Topics {
		mv.Topics = append(mv.Topics, clean(string(t)))
	}
	for _, r := range m.Reasons {
		mv.Reasons = append(mv.Reasons, clean(r))
	}
	if m.Fact != nil {
		mv.FactID = clean(m.Fact.ID)
	}
	if s := m.Suggestion; s != nil {
		mv.Script = clean(s.Script)
		mv.ThenShare = clean(s.ThenShare)
	}
	if mv.ThenShare == "" && m.Fact != nil {
		mv.ThenShare = clean(m.Fact.Claim)
	}
	mv.Verdict, mv.VerdictKind = verdict(m.Response)
	if r := m.Response; r != nil && r.PushedBack {
		mv.Checks = checks(r)
	}
	if r := m.Response; r != nil {
		mv.Evidence = evidence(r.Evidence)
	}
	return mv
}

// verdict words what the rep did.
func verdict(r *pushback.Response) (text, kind string) {
	if r == nil {
		return "No reply from the rep", "no-reply"
	}
	if r.PushedBack {
		return "Pushed back", "pushed"
	}
	switch r.How {
	case pushback.HowAgreed:
		return "Let it go: agreed", "let-go"
	case pushback.HowConceded:
		return "Let it go: conceded", "let-go"
	case pushback.HowIgnored:
		return "Let it go: ignored it or changed the subject", "let-go"
	case pushback.HowClarifyingQuestion:
		return "Let it go: asked a clarifying question only", "let-go"
	case pushback.HowNoReply:
		return "No reply from the rep", "no-reply"
	case "":
		return "Let it go", "let-go"
	}
	return "Let it go: " + clean(strings.ReplaceAll(string(r.How), "_", " ")), "let-go"
}

// checks are the parts of the craft of a push-back, in the method's order.
func checks(r *pushback.Response) []checkView {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	opt := func(b *bool) string {
		if b == nil {
			return "unknown"
		}
		return yes(*b)
	}
	permission := checkView{Label: "permission", State: yes(r.PermissionFirst)}
	if r.Permission && !r.PermissionFirst {
		permission.Label = "permission (after the challenge)"
	}
	return []checkView{
		{Label: "warning", State: yes(r.Warning)},
		permission,
		{Label: "respectful", State: opt(r.Respectful)},
		{Label: "calm", State: opt(r.Calm)},
		{Label: "reason given", State: yes(r.GaveReason)},
	}
}

// evidenceOrder is the order the words behind the verdicts are shown in.
var evidenceOrder = []string{"warning", "permission", "challenge", "reason", "respectful", "disrespect", "calm", "uncalm"}

func evidence(ev map[string]string) []evidenceView {
	keys := make([]string, 0, len(ev))
	for k, q := range ev {
		if strings.TrimSpace(q) != "" {
			keys = append(keys, k)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(evidenceOrder, k); i >= 0 {
			return i
		}
		return len(evidenceOrder)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	out := make([]evidenceView, 0, len(keys))
	for _, k := range keys {
		out = append(out, evidenceView{Label: clean(strings.ReplaceAll(k, "_", " ")), Quote: clean(ev[k])})
	}
	return out
}

func newScoresView(s pushback.Scores, label string) scoresView {
	v := scoresView{
		Label:      label,
		Headline:   clean(s.Headline),
		Moments:    s.Moments,
		PushedBack: s.PushedBack,
		Courage:    percent(s.Courage),
		Craft:      percent(s.Craft),
		CouragePct: pct(s.Courage),
		CraftPct:   pct(s.Craft),
	}
	reps := make([]string, 0, len(s.ByRep))
	for r := range s.ByRep {
		reps = append(reps, r)
	}
	slices.Sort(reps)
	for _, r := range reps {
		if rs := s.ByRep[r]; rs != nil {
			v.ByRep = append(v.ByRep, row(clean(r), rs))
		}
	}
	cats := make([]pushback.Category, 0, len(s.ByCategory))
	for c := range s.ByCategory {
		cats = append(cats, c)
	}
	slices.SortFunc(cats, func(a, b pushback.Category) int {
		ia, ib := slices.Index(pushback.Categories, a), slices.Index(pushback.Categories, b)
		if ia < 0 {
			ia = len(pushback.Categories)
		}
		if ib < 0 {
			ib = len(pushback.Categories)
		}
		return cmp.Or(cmp.Compare(ia, ib), strings.Compare(string(a), string(b)))
	})
	for _, c := range cats {
		if rs := s.ByCategory[c]; rs != nil {
			v.ByCategory = append(v.ByCategory, row(clean(c.Label()), rs))
		}
	}
	return v
}

func row(label string, rs *pushback.RepScores) scoreRow {
	return scoreRow{Label: label, Moments: rs.Moments, PushedBack: rs.PushedBack, Courage: percent(rs.Courage), Craft: percent(rs.Craft)}
}

// summaryView is the part of a report on several calls that sums them up.
type summaryView struct {
	Scores scoresView
	Calls  []summaryRow
}

type summaryRow struct {
	scoreRow
	ID string // anchor of the call's section
}

func newSummary(as []*pushback.Analysis, views []*callView) summaryView {
	s := summaryView{Scores: newScoresView(coach.ScoreCalls(as), "All calls")}
	for i, a := range as {
		rs := pushback.RepScores{Moments: a.Scores.Moments, PushedBack: a.Scores.PushedBack, Courage: a.Scores.Courage, Craft: a.Scores.Craft}
		s.Calls = append(s.Calls, summaryRow{scoreRow: row(views[i].Title, &rs), ID: views[i].Prefix + "call"})
	}
	return s
}

func percent(f *float64) string {
	if f == nil {
		return noValue
	}
	return fmt.Sprintf("%d%%", pct(f))
}

func pct(f *float64) int {
	if f == nil || math.IsNaN(*f) {
		return 0
	}
	return int(math.Round(min(max(*f, 0), 1) * 100))
}

// clock formats a time as m:ss or h:mm:ss, or "" when unknown.
func clock(s pushback.Seconds) string {
	if !s.Known() {
		return ""
	}
	total := int(math.Round(float64(s)))
	h, m, sec := total/3600, total/60%60, total%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

func sourceTitle(src string) string {
	src = clean(src)
	if src == "" || src == "-" {
		return "standard input"
	}
	return src
}

func playbookName(p pushback.PlaybookRef) string {
	name := clean(p.Name)
	ver := clean(p.Version)
	if ver == "" {
		return name
	}
	if algo, hex, ok := strings.Cut(ver, ":"); ok && len(hex) > 12 {
		ver = algo + ":" + hex[:12]
	}
	if name == "" {
		return ver
	}
	return name + " (" + ver + ")"
}

// clean makes transcript text safe to show: control characters (a terminal
// escape sequence in a transcript must not reach the terminal) become
// spaces, and runs of white space become one space.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			ok = false
			break
		}
	}
	if ok && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return ' '
		}
		if r == utf8.RuneError {
			return '�'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// quoteSpan is where a moment's quote is in its turn's text.
type quoteSpan struct {
	start, end int
	ref        momentRef
	kept       bool
}

// findQuote finds quote in text, ignoring case (both are cleaned, so white
// space already agrees), and failing that without its final punctuation.
func findQuote(text, quote string) (start, end int, ok bool) {
	for _, q := range []string{quote, strings.TrimRight(quote, ".,;:!?…")} {
		if q == "" {
			continue
		}
		if i := strings.Index(text, q); i >= 0 {
			return i, i + len(q), true
		}
		n := utf8.RuneCountInString(q)
		for i := range text {
			j, k := i, 0
			for k < n && j < len(text) {
				_, size := utf8.DecodeRuneInString(text[j:])
				j += size
				k++
			}
			if k == n && strings.EqualFold(text[i:j], q) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}

// segments cuts text at the quotes; overlapping quotes keep the first.
func segments(text string, spans []quoteSpan) []segment {
	slices.SortStableFunc(spans, func(a, b quoteSpan) int { return cmp.Compare(a.start, b.start) })
	var out []segment
	at := 0
	for i := range spans {
		s := &spans[i]
		if s.start < at {
			continue
		}
		s.kept = true
		if s.start > at {
			out = append(out, segment{Text: text[at:s.start]})
		}
		ref := s.ref
		out = append(out, segment{Text: text[s.start:s.end], Moment: &ref})
		at = s.end
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}
