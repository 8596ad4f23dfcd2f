package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

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
	Moment // what the moment's card says

	N           int
	ID          string // anchor of the moment in the timeline
	QuoteID     string // anchor of the quote in the transcript, "" when it was not found there
	TurnID      string // anchor of the moment's turn
	ReplyID     string // anchor of the rep's first reply, ""
	Category    string // as people read it
	CategoryKey string // as JSON spells it, for styling
}

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

func newCallView(a *pushback.Analysis, n int) *callView {
	v := &callView{
		N:            n,
		Title:        sourceTitle(a.Source),
		Format:       Clean(a.Format),
		Duration:     Clock(a.Duration),
		RolesGuessed: a.RolesGuessed,
		Playbook:     playbookName(a.Playbook),
		Scores:       newScoresView(a.Scores, "This call"),
	}
	if n > 0 {
		v.Prefix = fmt.Sprintf("c%d-", n)
	}
	for _, s := range a.Speakers {
		v.Speakers = append(v.Speakers, speakerView{Name: Clean(s.Name), Role: string(s.Role)})
	}
	for i := range a.Turns {
		t := &a.Turns[i]
		v.Turns = append(v.Turns, turnView{
			Index:   t.Index,
			ID:      fmt.Sprintf("%st%d", v.Prefix, i),
			Speaker: Clean(t.Speaker),
			Role:    string(t.Role),
			Time:    Clock(t.Start),
		})
	}
	spans := make([][]quoteSpan, len(a.Turns))
	texts := make([]string, len(a.Turns))
	for i := range a.Turns {
		texts[i] = Clean(a.Turns[i].Text)
	}
	for i := range a.Moments {
		m := &a.Moments[i]
		mv := newMomentView(a, m, i+1, v.Prefix)
		ref := momentRef{N: mv.N, ID: mv.ID, QuoteID: mv.QuoteID}
		if m.Turn >= 0 && m.Turn < len(a.Turns) {
			mv.TurnID = v.Turns[m.Turn].ID
			if start, end, ok := FindQuote(texts[m.Turn], mv.Quote); ok {
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
	return momentView{
		N:           n,
		ID:          fmt.Sprintf("%sm%d", prefix, n),
		QuoteID:     fmt.Sprintf("%sq%d", prefix, n),
		Category:    Clean(m.Category.Label()),
		CategoryKey: string(m.Category),
		Moment:      NewMoment(a, m),
	}
}

func newScoresView(s pushback.Scores, label string) scoresView {
	v := scoresView{
		Label:      label,
		Headline:   Clean(s.Headline),
		Moments:    s.Moments,
		PushedBack: s.PushedBack,
		Courage:    Percent(s.Courage),
		Craft:      Percent(s.Craft),
		CouragePct: Percentage(s.Courage),
		CraftPct:   Percentage(s.Craft),
	}
	reps := make([]string, 0, len(s.ByRep))
	for r := range s.ByRep {
		reps = append(reps, r)
	}
	slices.Sort(reps)
	for _, r := range reps {
		if rs := s.ByRep[r]; rs != nil {
			v.ByRep = append(v.ByRep, row(Clean(r), rs))
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
			v.ByCategory = append(v.ByCategory, row(Clean(c.Label()), rs))
		}
	}
	return v
}

func row(label string, rs *pushback.RepScores) scoreRow {
	return scoreRow{Label: label, Moments: rs.Moments, PushedBack: rs.PushedBack, Courage: Percent(rs.Courage), Craft: Percent(rs.Craft)}
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

func sourceTitle(src string) string {
	src = Clean(src)
	if src == "" || src == "-" {
		return "standard input"
	}
	return src
}

func playbookName(p pushback.PlaybookRef) string {
	name := Clean(p.Name)
	ver := Clean(p.Version)
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

// quoteSpan is where a moment's quote is in its turn's text.
type quoteSpan struct {
	start, end int
	ref        momentRef
	kept       bool
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
