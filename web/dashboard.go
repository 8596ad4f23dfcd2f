package web

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// What the rep and team dashboards work out from the store: periods,
// score history points, moments by kind, and the parts of the craft.

// periods are the windows the dashboards look back over, in days (0: all).
var periods = []option{{"30", "last 30 days"}, {"90", "last 90 days"}, {"365", "last year"}, {"0", "all time"}}

const defaultPeriod = 90

// period reads ?days= and returns the window [from, now) (from zero for all time).
func period(v string, now time.Time) (days int, from time.Time) {
	days = defaultPeriod
	if n, err := strconv.Atoi(v); err == nil && slices.ContainsFunc(periods, func(o option) bool { return o.Value == v }) {
		days = n
	}
	if days > 0 {
		from = now.AddDate(0, 0, -days)
	}
	return days, from
}

// historyPoint is one point of a rep's courage and craft over time: a call,
// or a week of calls when there are many.
type historyPoint struct {
	At         time.Time
	Label      string // the call's title, or "week of 3 Mar"
	CallID     int64  // 0 for a week
	Moments    int
	PushedBack int
	Courage    *float64
	Craft      *float64
}

// maxPoints is how many calls the chart shows one by one; beyond, weeks.
const maxPoints = 30

// historyPoints turns a rep's score history into chart points.
func historyPoints(h []store.ScorePoint) []historyPoint {
	if len(h) <= maxPoints {
		out := make([]historyPoint, len(h))
		for i, p := range h {
			out[i] = historyPoint{At: p.OccurredAt, Label: report.Clean(p.Title), CallID: p.CallID, Moments: p.Moments, PushedBack: p.PushedBack, Courage: p.Courage, Craft: p.Craft}
		}
		return out
	}
	var out []historyPoint
	var craftSum float64
	var craftN int
	flush := func() {
		if len(out) == 0 {
			return
		}
		last := &out[len(out)-1]
		last.Courage = ratio(float64(last.PushedBack), last.Moments)
		last.Craft = ratio(craftSum, craftN)
		craftSum, craftN = 0, 0
	}
	for _, p := range h {
		week := weekStart(p.OccurredAt)
		if len(out) == 0 || !out[len(out)-1].At.Equal(week) {
			flush()
			out = append(out, historyPoint{At: week, Label: "week of " + week.Format("2 Jan 2006")})
		}
		last := &out[len(out)-1]
		last.Moments += p.Moments
		last.PushedBack += p.PushedBack
		if p.Craft != nil {
			craftSum += *p.Craft * float64(p.PushedBack)
			craftN += p.PushedBack
		}
	}
	flush()
	return out
}

func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func ratio(num float64, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := num / float64(den)
	return &v
}

// kindRow is one kind of moment for a rep or a team.
type kindRow struct {
	Category   string
	Moments    int
	PushedBack int
	LetGo      int
	Courage    *float64
}

// letGoRow is a kind of moment (and what it was about) the rep lets go.
type letGoRow struct {
	Category string
	Topic    string
	LetGo    int
	Of       int
	Hows     []howCount // what the rep did instead, most often first
}

type howCount struct {
	How string
	N   int
}

// momentKinds sums a breakdown by category, in the method's order, and
// ranks the kinds of moment (category and topic) most often let go.
func momentKinds(groups []store.MomentGroup) ([]kindRow, []letGoRow) {
	byCat := map[string]*kindRow{}
	type ct struct{ cat, topic string }
	letGo := map[ct]*letGoRow{}
	hows := map[ct]map[string]int{}
	for _, g := range groups {
		k := byCat[g.Category]
		if k == nil {
			k = &kindRow{Category: g.Category}
			byCat[g.Category] = k
		}
		k.Moments += g.Moments
		if g.PushedBack {
			k.PushedBack += g.Moments
		}
		topics := g.Topics
		if len(topics) == 0 {
			topics = []string{""}
		}
		for _, t := range topics {
			key := ct{g.Category, t}
			l := letGo[key]
			if l == nil {
				l = &letGoRow{Category: g.Category, Topic: t}
				letGo[key] = l
				hows[key] = map[string]int{}
			}
			l.Of += g.Moments
			if !g.PushedBack {
				l.LetGo += g.Moments
				hows[key][g.How] += g.Moments
			}
		}
	}
	var kinds []kindRow
	for _, c := range pushback.Categories {
		if k := byCat[string(c)]; k != nil {
			k.LetGo = k.Moments - k.PushedBack
			k.Courage = ratio(float64(k.PushedBack), k.Moments)
			kinds = append(kinds, *k)
		}
	}
	var ranked []letGoRow
	for key, l := range letGo {
		if l.LetGo == 0 {
			continue
		}
		for h, n := range hows[key] {
			l.Hows = append(l.Hows, howCount{How: h, N: n})
		}
		slices.SortFunc(l.Hows, func(a, b howCount) int {
			if a.N != b.N {
				return b.N - a.N
			}
			return strings.Compare(a.How, b.How)
		})
		ranked = append(ranked, *l)
	}
	slices.SortFunc(ranked, func(a, b letGoRow) int {
		switch {
		case a.LetGo != b.LetGo:
			return b.LetGo - a.LetGo
		case a.Of != b.Of:
			return a.Of - b.Of // the same number let go out of fewer is worse
		case a.Category != b.Category:
			return strings.Compare(a.Category, b.Category)
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	if len(ranked) > 5 {
		ranked = ranked[:5]
	}
	return kinds, ranked
}

// craftParts counts, over a rep's push-backs, how often each part of the
// craft was there.
type craftParts struct {
	PushBacks       int
	Warning         int
	PermissionFirst int
	Respectful      int
	Calm            int
}

// craftByRep reads the analyses of the calls and counts the craft of each
// rep's push-backs, by rep id (matched by name, as the store matches them).
func (a *App) craftByRep(ctx context.Context, scope store.Scope, f store.CallFilter, repIDs map[string]int64) (map[int64]*craftParts, error) {
	out := map[int64]*craftParts{}
	f.Status, f.Limit = store.StatusDone, store.MaxLimit
	var ids []int64
	for page := 0; page < 4; page++ { // the most recent 2000 calls are plenty
		calls, next, err := store.ListCalls(ctx, a.db, scope, f)
		if err != nil {
			return nil, err
		}
		for _, c := range calls {
			ids = append(ids, c.ID)
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	docs, err := store.GetAnalyses(ctx, a.db, scope, ids)
	if err != nil {
		return nil, err
	}
	for id, doc := range docs {
		var an pushback.Analysis
		if err := json.Unmarshal(doc, &an); err != nil {
			return nil, fmt.Errorf("call %d: stored analysis: %w", id, err)
		}
		for _, m := range an.Moments {
			r := m.Response
			if r == nil || !r.PushedBack {
				continue
			}
			repID, ok := int64(0), false
			for _, t := range r.Turns {
				if t >= 0 && t < len(an.Turns) && an.Turns[t].Role == pushback.RoleRep {
					repID, ok = repIDs[store.RepKey(an.Turns[t].Speaker)]
					break
				}
			}
			if !ok {
				continue
			}
			c := out[repID]
			if c == nil {
				c = &craftParts{}
				out[repID] = c
			}
			c.PushBacks++
			if r.Warning {
				c.Warning++
			}
			if r.PermissionFirst {
				c.PermissionFirst++
			}
			if r.Respectful != nil && *r.Respectful {
				c.Respectful++
			}
			if r.Calm != nil && *r.Calm {
				c.Calm++
			}
		}
	}
	return out, nil
}
