package web

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// The call page's view: the transcript as a timeline, each moment's card
// right after the prospect turn that holds it, with the review and the
// comment thread. The card's words (report.Moment: time, quote, verdict,
// craft checks, evidence, suggestion) come from package report, so the page
// says what the reports say.

type callView struct {
	Call         store.Call
	Analysed     bool
	Scores       scoreCards
	Speakers     []pushback.Speaker
	RolesGuessed bool
	Moments      []*momentView
	Turns        []turnView
	Added        []addedView
	Orphans      []store.Comment // comments on moments a reanalysis no longer finds
	Reviewed     int             // detected moments with a verdict
	Right, Wrong int
	Categories   []option
}

type option struct{ Value, Label string }

// categoryOptions are the categories for the review forms.
func categoryOptions() []option {
	out := make([]option, len(pushback.Categories))
	for i, c := range pushback.Categories {
		out[i] = option{string(c), c.Label()}
	}
	return out
}

// scoreCards are a call's (or a rep's) headline scores.
type scoreCards struct {
	Moments, PushedBack, LetGo int
	Courage, Craft             *float64
	Headline                   string
}

type momentView struct {
	report.Moment // what the card says

	N        int
	ID       string // the card's anchor: m1, m2, ...
	Key      store.MomentKey
	TurnID   string
	QuoteID  string // the highlighted quote, "" when it was not found in the turn
	ReplyID  string // the rep's first reply, ""
	Category string // as JSON spells it
	Review   *store.MomentReview
	Comments []store.Comment
}

type turnView struct {
	Index    int
	ID       string
	Speaker  string
	Role     string
	Time     string
	Segments []segment
	Moments  []*momentView // the moments in this turn, shown after it
	Replies  []*momentView // the moments this rep turn answers
	Added    []addedView
}

// segment is a piece of a turn's text; a highlighted quote has its moment.
type segment struct {
	Text   string
	Moment *momentView
}

type addedView struct {
	store.AddedMoment
	TurnID string
}

// newCallView builds the call page from the stored analysis and review.
func newCallView(c store.Call, a *pushback.Analysis, reviews []store.MomentReview, comments []store.Comment, added []store.AddedMoment) *callView {
	v := &callView{Call: c, Categories: categoryOptions()}
	if a == nil {
		return v
	}
	v.Analysed = true
	v.Scores = scoreCards{Moments: a.Scores.Moments, PushedBack: a.Scores.PushedBack, LetGo: a.Scores.Moments - a.Scores.PushedBack,
		Courage: a.Scores.Courage, Craft: a.Scores.Craft, Headline: report.Clean(a.Scores.Headline)}
	v.Speakers = a.Speakers
	v.RolesGuessed = a.RolesGuessed
	byKey := map[store.MomentKey]*store.MomentReview{}
	for i := range reviews {
		byKey[store.MomentKey{Turn: reviews[i].Turn, Quote: reviews[i].Quote}] = &reviews[i]
	}
	texts := make([]string, len(a.Turns))
	for i, t := range a.Turns {
		texts[i] = report.Clean(t.Text)
		v.Turns = append(v.Turns, turnView{Index: t.Index, ID: fmt.Sprintf("t%d", i), Speaker: report.Clean(t.Speaker), Role: string(t.Role), Time: report.Clock(t.Start)})
	}
	spans := make([][]quoteSpan, len(a.Turns))
	momentByKey := map[store.MomentKey]*momentView{}
	for i := range a.Moments {
		m := &a.Moments[i]
		mv := newMomentView(a, m, i+1)
		mv.Review = byKey[mv.Key]
		if mv.Review != nil {
			v.Reviewed++
			if mv.Review.Verdict == store.VerdictRight {
				v.Right++
			} else {
				v.Wrong++
			}
		}
		momentByKey[mv.Key] = mv
		if m.Turn >= 0 && m.Turn < len(a.Turns) {
			mv.TurnID = v.Turns[m.Turn].ID
			if start, end, ok := report.FindQuote(texts[m.Turn], mv.Quote); ok {
				spans[m.Turn] = append(spans[m.Turn], quoteSpan{start: start, end: end, m: mv})
			}
			v.Turns[m.Turn].Moments = append(v.Turns[m.Turn].Moments, mv)
		}
		if r := m.Response; r != nil {
			for k, t := range r.Turns {
				if t < 0 || t >= len(a.Turns) {
					continue
				}
				if k == 0 {
					mv.ReplyID = v.Turns[t].ID
				}
				v.Turns[t].Replies = append(v.Turns[t].Replies, mv)
			}
		}
		v.Moments = append(v.Moments, mv)
	}
	for i := range v.Turns {
		v.Turns[i].Segments = segments(texts[i], spans[i])
	}
	for _, c := range comments {
		if mv := momentByKey[c.MomentKey]; mv != nil {
			mv.Comments = append(mv.Comments, c)
		} else {
			v.Orphans = append(v.Orphans, c)
		}
	}
	for _, am := range added {
		av := addedView{AddedMoment: am}
		if am.Turn >= 0 && am.Turn < len(v.Turns) {
			av.TurnID = v.Turns[am.Turn].ID
			v.Turns[am.Turn].Added = append(v.Turns[am.Turn].Added, av)
		}
		v.Added = append(v.Added, av)
	}
	return v
}

func newMomentView(a *pushback.Analysis, m *pushback.Moment, n int) *momentView {
	return &momentView{
		N:        n,
		ID:       fmt.Sprintf("m%d", n),
		Key:      store.MomentKey{Turn: m.Turn, Quote: strings.TrimSpace(m.Quote)},
		Category: string(m.Category),
		Moment:   report.NewMoment(a, m),
	}
}

// quoteSpan is where a moment's quote is in its turn's text.
type quoteSpan struct {
	start, end int
	m          *momentView
}

// segments cuts text at the quotes; overlapping quotes keep the first, and
// a moment whose quote was not kept links to its turn instead.
func segments(text string, spans []quoteSpan) []segment {
	slices.SortStableFunc(spans, func(a, b quoteSpan) int { return cmp.Compare(a.start, b.start) })
	var out []segment
	at := 0
	for _, s := range spans {
		if s.start < at {
			continue
		}
		s.m.QuoteID = fmt.Sprintf("q%d", s.m.N)
		if s.start > at {
			out = append(out, segment{Text: text[at:s.start]})
		}
		out = append(out, segment{Text: text[s.start:s.end], Moment: s.m})
		at = s.end
	}
	if at < len(text) || len(out) == 0 {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}
