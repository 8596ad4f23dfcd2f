package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// repPage is a rep's dashboard: courage and craft over time, moments by
// kind, the kinds most often let go, and practice progress.
type repPage struct {
	Rep      store.RepSummary
	Own      bool
	Days     int
	Periods  []option
	Cards    scoreCards
	Calls    int
	History  []historyPoint
	Trend    lineChart
	Kinds    []kindRow
	KindsBar barChart
	LetGo    []letGoRow
	Practice practiceView
}

// practiceView is a rep's practice progress.
type practiceView struct {
	Summary practice.Summary
	Recent  []practice.Attempt // newest first
	Scores  lineChart
	Skills  []skillRow
}

type skillRow struct {
	Name  string
	Share *float64
}

// handleDashboard sends people to their dashboard: reps to their own,
// managers and admins to the team's.
func (a *App) handleDashboard(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	if isManager(p) {
		redirect(w, r, "/team")
		return nil
	}
	if p.User.RepID == nil {
		return pushback.Errorf(pushback.ENOTFOUND, "you have no rep record yet")
	}
	redirect(w, r, fmt.Sprintf("/reps/%d", *p.User.RepID))
	return nil
}

func (a *App) handleRep(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, err := pathID(r, "id", "rep")
	if err != nil {
		return err
	}
	ctx := r.Context()
	scope := scopeOf(p)
	rep, err := store.GetRep(ctx, a.db, scope, id)
	if err != nil {
		return err
	}
	page := repPage{Rep: rep, Own: p.User.RepID != nil && *p.User.RepID == id, Periods: periods}
	var from time.Time
	page.Days, from = period(r.URL.Query().Get("days"), time.Now())
	hist, err := store.RepHistory(ctx, a.db, id, from, time.Time{})
	if err != nil {
		return err
	}
	var craftSum float64
	var craftN int
	for _, h := range hist {
		page.Calls++
		page.Cards.Moments += h.Moments
		page.Cards.PushedBack += h.PushedBack
		if h.Craft != nil {
			craftSum += *h.Craft * float64(h.PushedBack)
			craftN += h.PushedBack
		}
	}
	page.Cards.LetGo = page.Cards.Moments - page.Cards.PushedBack
	page.Cards.Courage = ratio(float64(page.Cards.PushedBack), page.Cards.Moments)
	page.Cards.Craft = ratio(craftSum, craftN)

	page.History = historyPoints(hist)
	xs := make([]time.Time, len(page.History))
	courage, craft := make([]*float64, len(page.History)), make([]*float64, len(page.History))
	for i, h := range page.History {
		xs[i], courage[i], craft[i] = h.At, h.Courage, h.Craft
	}
	name := report.Clean(rep.Name)
	page.Trend = newLineChart("trend", "Courage and craft over time",
		fmt.Sprintf("%s's courage (share of moments pushed back on) and craft (warning, permission first, respect, calm) %s, %s.",
			name, periodWords(page.Days), pointWords(len(hist), len(page.History))),
		xs, seriesIn{"Courage", "courage", courage}, seriesIn{"Craft", "craft", craft})

	groups, err := store.BreakdownMoments(ctx, a.db, scope, store.BreakdownFilter{RepID: id, From: from})
	if err != nil {
		return err
	}
	page.Kinds, page.LetGo = momentKinds(groups)
	rows := make([]barIn, len(page.Kinds))
	for i, k := range page.Kinds {
		rows[i] = barIn{Label: categoryLabel(k.Category), Values: []float64{float64(k.PushedBack), float64(k.LetGo)},
			Tips:  []string{fmt.Sprintf("%s: pushed back on %d", categoryLabel(k.Category), k.PushedBack), fmt.Sprintf("%s: let %d go", categoryLabel(k.Category), k.LetGo)},
			Total: fmt.Sprintf("%d of %d", k.PushedBack, k.Moments)}
	}
	page.KindsBar = newBarChart("kinds", "Moments by kind", fmt.Sprintf("How many moments of each kind %s pushed back on and let go, %s.", name, periodWords(page.Days)),
		[]string{"Pushed back", "Let go"}, []string{"pushed", "letgo"}, rows, true, 0)

	if page.Practice, err = a.practiceProgress(r, id, rep.Name); err != nil {
		return err
	}
	title := name
	if page.Own {
		title = "Your dashboard"
	}
	a.render(w, r, http.StatusOK, "rep", view{Title: title, Nav: "dashboard", D: page})
	return nil
}

// practiceProgress sums up a rep's practice.
func (a *App) practiceProgress(r *http.Request, repID int64, rep string) (practiceView, error) {
	atts, err := practiceAttempts(r.Context(), a.db, repID, rep)
	if err != nil {
		return practiceView{}, err
	}
	v := practiceView{Summary: practice.Summarize(atts)}
	for i := len(atts) - 1; i >= 0 && len(v.Recent) < 8; i-- {
		v.Recent = append(v.Recent, atts[i])
	}
	for _, k := range practice.SkillNames {
		if share, ok := v.Summary.Skills[k]; ok {
			v.Skills = append(v.Skills, skillRow{Name: k, Share: &share})
		}
	}
	xs := make([]time.Time, len(atts))
	scores := make([]*float64, len(atts))
	for i, at := range atts {
		s := float64(at.Score) / 100
		xs[i], scores[i] = at.At, &s
	}
	v.Scores = newLineChart("practice", "Practice scores", fmt.Sprintf("The overall score of each of %s's %s, oldest first.", report.Clean(rep), plural(len(atts), "practice reply", "practice replies")),
		xs, seriesIn{"Score", "score", scores})
	return v, nil
}

func periodWords(days int) string {
	if days == 0 {
		return "over all time"
	}
	return fmt.Sprintf("over the last %d days", days)
}

func pointWords(calls, points int) string {
	if calls == points {
		return "one point per call (" + plural(calls, "call", "calls") + ")"
	}
	return fmt.Sprintf("one point per week (%s over %s)", plural(calls, "call", "calls"), plural(points, "week", "weeks"))
}

// skillLabel is how people read a practice skill.
func skillLabel(name string) string { return strings.ToLower(practice.SkillLabel(name)) }
