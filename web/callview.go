package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

// The call page's view: the transcript as a timeline, each moment's card
// right after the prospect turn that holds it, worded as the HTML report
// words it (report/view.go), with the review and the comment thread.

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
	N           int
	ID          string // the card's anchor: m1, m2, ...
	Key         store.MomentKey
	TurnID      string
	QuoteID     string // the highlighted quote, "" when it was not found in the turn
	ReplyID     string // the rep's first reply, ""
	Time        string
	Speaker     string
	Category    string // as JSON spells it
	Topics      []string
	Quote       string
	Confidence  int
	Reasons     []string
	Verdict     string
	VerdictKind string // pushed, let-go or no-reply
	Checks      []checkView
	Evidence    []evidenceView
	Script      string
	ThenShare   string
	FactID      string
	Feedback    string
	Review      *store.MomentReview
	Comments    []store.Comment
}

type checkView struct {
	Label string
	State string // yes, no, or unknown when not judged
}

type evidenceView struct{ Label, Quote string }

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
		Courage: a.Scores.Courage, Craft: a.Scores.Craft, Headline: clean(a.Scores.Headline)}
	v.Speakers = a.Speakers
	v.RolesGuessed = a.RolesGuessed
	byKey := map[store.MomentKey]*store.MomentReview{}
	for i := range reviews {
		byKey[store.MomentKey{Turn: reviews[i].Turn, Quote: reviews[i].Quote}] = &reviews[i]
	}
	texts := make([]string, len(a.Turns))
	for i, t := range a.Turns {
		texts[i] = clean(t.Text)
		v.Turns = append(v.Turns, turnView{Index: t.Index, ID: fmt.Sprintf("t%d", i), Speaker: clean(t.Speaker), Role: string(t.Role), Time: clock(t.Start)})
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
			if start, end, ok := findQuote(texts[m.Turn], mv.Quote); ok {
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
	mv := &momentView{
		N:          n,
		ID:         fmt.Sprintf("m%d", n),
		Key:        store.MomentKey{Turn: m.Turn, Quote: strings.TrimSpace(m.Quote)},
		Time:       fmt.Sprintf("turn %d", m.Turn),
		Category:   string(m.Category),
		Quote:      clean(m.Quote),
		Confidence: int(math.Round(m.Confidence * 100)),
		Feedback:   clean(m.Feedback),
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
	if r := m.Response; r != nil {
		if r.PushedBack {
			mv.Checks = checks(r)
		}
		mv.Evidence = evidence(r.Evidence)
	}
	return mv
}

// verdict words what the rep did.
func verdict(r *pushback.Response) (text, kind string) {
	switch {
	case r == nil || r.How == pushback.HowNoReply:
		return "No reply from the rep", "no-reply"
	case r.PushedBack:
		return "Pushed back", "pushed"
	}
	return "Let it go: " + howLabel(string(r.How)), "let-go"
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
	permission := checkView{Label: "permission first", State: yes(r.PermissionFirst)}
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
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	out := make([]evidenceView, 0, len(keys))
	for _, k := range keys {
		out = append(out, evidenceView{Label: strings.ReplaceAll(k, "_", " "), Quote: clean(ev[k])})
	}
	return out
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
