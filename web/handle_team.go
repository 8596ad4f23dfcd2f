package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// teamPage is the managers' dashboard: each rep's courage and craft, how
// they moved since the period before, and who needs coaching on what.
type teamPage struct {
	Teams   []store.Team
	Team    int64
	Days    int
	Periods []option
	Cards   scoreCards
	Calls   int
	Rows    []teamRow
	Chart   barChart
	Kinds   []kindRow
}

type teamRow struct {
	RepID          int64
	Name           string
	Calls, Moments int
	Courage, Craft *float64
	CourageTrend   trend
	CraftTrend     trend
	Needs          []string // what to coach, most important first; empty: on track
	Enough         bool     // enough moments to judge
}

// trend is a score's move since the period before, in percentage points.
type trend struct {
	Known bool
	Delta int
}

// Words says the move for people: "up 12 points".
func (t trend) Words() string {
	switch {
	case !t.Known:
		return "no earlier figure"
	case t.Delta > 0:
		return fmt.Sprintf("up %d points", t.Delta)
	case t.Delta < 0:
		return fmt.Sprintf("down %d points", -t.Delta)
	}
	return "unchanged"
}

// Arrow is the move as a symbol.
func (t trend) Arrow() string {
	switch {
	case !t.Known:
		return "–"
	case t.Delta > 0:
		return "↑"
	case t.Delta < 0:
		return "↓"
	}
	return "→"
}

// Coaching thresholds: below these a rep needs coaching on it.
const (
	minMomentsToJudge = 3   // fewer moments say little
	courageTarget     = 0.5 // push back on at least half
	craftPartTarget   = 0.5 // each part of the craft in at least half the push-backs
	minPushBacks      = 2
)

func (a *App) handleTeam(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	ctx := r.Context()
	scope := scopeOf(p)
	q := r.URL.Query()
	page := teamPage{Periods: periods}
	var err error
	if page.Teams, err = store.ListTeams(ctx, a.db, scope); err != nil {
		return err
	}
	if v := q.Get("team"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return pushback.Errorf(pushback.ENOTFOUND, "no team %q", v)
		}
		if _, err := store.GetTeam(ctx, a.db, scope, id); err != nil {
			return err
		}
		page.Team = id
	}
	now := time.Now()
	var from time.Time
	page.Days, from = period(q.Get("days"), now)
	sum, err := store.Summarize(ctx, a.db, scope, store.SummaryFilter{TeamID: page.Team, From: from})
	if err != nil {
		return err
	}
	var before map[int64]store.RepTotals
	if page.Days > 0 {
		prev, err := store.Summarize(ctx, a.db, scope, store.SummaryFilter{TeamID: page.Team, From: from.AddDate(0, 0, -page.Days), To: from})
		if err != nil {
			return err
		}
		before = map[int64]store.RepTotals{}
		for _, rt := range prev.ByRep {
			before[rt.RepID] = rt
		}
	}
	page.Calls = sum.ByStatus[store.StatusDone]
	page.Cards = scoreCards{Moments: sum.Moments, PushedBack: sum.PushedBack, LetGo: sum.Moments - sum.PushedBack, Courage: sum.Courage, Craft: sum.Craft}

	groups, err := store.BreakdownMoments(ctx, a.db, scope, store.BreakdownFilter{TeamID: page.Team, From: from})
	if err != nil {
		return err
	}
	page.Kinds, _ = momentKinds(groups)
	byRep := map[int64][]store.MomentGroup{}
	for _, g := range groups {
		if g.RepID != nil {
			byRep[*g.RepID] = append(byRep[*g.RepID], g)
		}
	}
	repIDs := map[string]int64{}
	for _, rt := range sum.ByRep {
		repIDs[store.RepKey(rt.Name)] = rt.RepID
	}
	craft, err := a.craftByRep(ctx, scope, store.CallFilter{TeamID: page.Team, From: from}, repIDs)
	if err != nil {
		return err
	}
	var chartRows []barIn
	for _, rt := range sum.ByRep {
		row := teamRow{RepID: rt.RepID, Name: report.Clean(rt.Name), Calls: rt.Calls, Moments: rt.Moments, Courage: rt.Courage, Craft: rt.Craft,
			Enough: rt.Moments >= minMomentsToJudge}
		if b, ok := before[rt.RepID]; ok {
			row.CourageTrend = trendOf(rt.Courage, b.Courage)
			row.CraftTrend = trendOf(rt.Craft, b.Craft)
		}
		row.Needs = coachingNeeds(rt, byRep[rt.RepID], craft[rt.RepID])
		page.Rows = append(page.Rows, row)
		chartRows = append(chartRows, barIn{Label: row.Name, Values: []float64{float64(report.Percentage(rt.Courage)), float64(report.Percentage(rt.Craft))},
			Tips:  []string{row.Name + ": courage " + report.Percent(rt.Courage), row.Name + ": craft " + report.Percent(rt.Craft)},
			Total: report.Percent(rt.Courage) + " / " + report.Percent(rt.Craft)})
	}
	page.Chart = newBarChart("team", "Courage and craft by rep", "Each rep's courage (share of moments pushed back on) and craft "+periodWords(page.Days)+".",
		[]string{"Courage", "Craft"}, []string{"courage", "craft"}, chartRows, false, 100)
	a.render(w, r, http.StatusOK, "team", view{Title: "Team dashboard", Nav: "team", D: page})
	return nil
}

func trendOf(now, before *float64) trend {
	if now == nil || before == nil {
		return trend{}
	}
	return trend{Known: true, Delta: int(math.Round((*now - *before) * 100))}
}

// coachingNeeds says what a rep most needs coaching on: courage on the kind
// of moment they let go most, then the weakest part of the craft of their
// push-backs. Nothing when they are on track or there is too little to say.
func coachingNeeds(rt store.RepTotals, groups []store.MomentGroup, craft *craftParts) []string {
	var needs []string
	if rt.Moments >= minMomentsToJudge && rt.Courage != nil && *rt.Courage < courageTarget {
		kinds, _ := momentKinds(groups)
		worst := -1
		for i, k := range kinds {
			if k.LetGo > 0 && (worst < 0 || k.LetGo > kinds[worst].LetGo) {
				worst = i
			}
		}
		if worst >= 0 {
			k := kinds[worst]
			needs = append(needs, fmt.Sprintf("Courage: lets %ss go (%d of %d)", categoryLabel(k.Category), k.LetGo, k.Moments))
		} else {
			needs = append(needs, "Courage: pushes back on "+report.Percent(rt.Courage)+" of moments")
		}
	}
	if craft != nil && craft.PushBacks >= minPushBacks {
		parts := []struct {
			label string
			n     int
		}{
			{"ask permission before sharing", craft.PermissionFirst},
			{"warn before challenging", craft.Warning},
			{"stay respectful", craft.Respectful},
			{"stay calm", craft.Calm},
		}
		worst := -1
		for i, part := range parts {
			share := float64(part.n) / float64(craft.PushBacks)
			if share < craftPartTarget && (worst < 0 || part.n < parts[worst].n) {
				worst = i
			}
		}
		if worst >= 0 {
			needs = append(needs, fmt.Sprintf("Craft: %s (%d of %d push-backs)", parts[worst].label, parts[worst].n, craft.PushBacks))
		}
	}
	return needs
}
