package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// Practice in the browser, as `pushback practice` does it in a terminal,
// with plain forms: pick a scenario, type a reply, see the scores, one tip
// and the model answer. When the reply only warns or asks permission, the
// prospect answers in character and the rep goes on (the first reply rides
// along in a hidden field). A rep's scored replies are stored with their
// rep record, where the rep dashboard and the API's progress read them.

// practicePage is the scenario library with the rep's progress.
type practicePage struct {
	Summary      practice.Summary
	Records      bool // replies are stored (the user has a rep record)
	Next         *pushback.Scenario
	Scenarios    []pushback.Scenario
	Category     string
	Difficulty   string
	Categories   []option
	Difficulties []option
	Done         map[string]int // attempts by scenario id
}

// scenarioPage is one scenario being played.
type scenarioPage struct {
	Scenario pushback.Scenario
	Earlier  string // the reply so far, when the prospect answered it
	Answer   string // the prospect's answer to a warning or a request for permission
	Reply    string
	Error    string
	Result   *practice.Result
	Checks   []report.Check
	Records  bool
}

// practiceSession opens a practice session for the user: on their rep
// record when they have one, else in memory (managers trying scenarios).
func (a *App) practiceSession(ctx context.Context, p *auth.Principal) (*practice.Session, *practice.Library, bool, error) {
	pb, err := a.svc.Playbook(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	eng, err := a.svc.Engine(ctx)
	if err != nil {
		return nil, nil, false, err
	}
	lib := practice.NewLibrary(pb)
	opts := practice.Options{Judge: eng, Library: lib, Rep: p.User.Name}
	records := false
	if p.User.RepID != nil {
		rep, err := store.GetRep(ctx, a.db, scopeOf(p), *p.User.RepID)
		if err != nil {
			return nil, nil, false, err
		}
		opts.Rep = rep.Name
		opts.Store = &practiceStore{db: a.db, repID: rep.ID, userID: p.User.ID}
		records = true
	}
	if strings.TrimSpace(opts.Rep) == "" {
		opts.Rep = p.User.Username
	}
	s, err := practice.NewSession(ctx, opts)
	return s, lib, records, err
}

func (a *App) handlePractice(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	ctx := r.Context()
	sess, lib, records, err := a.practiceSession(ctx, p)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page := practicePage{Records: records, Category: q.Get("category"), Difficulty: q.Get("difficulty"), Categories: categoryOptions(),
		Difficulties: []option{{"easy", "easy"}, {"medium", "medium"}, {"hard", "hard"}}, Done: map[string]int{}}
	f := practice.Filter{Category: pushback.Category(page.Category), Difficulty: pushback.Difficulty(page.Difficulty)}
	if err := f.Check(lib); err != nil {
		return err
	}
	history := sess.History()
	page.Summary = practice.Summarize(history)
	for _, at := range history {
		page.Done[at.ScenarioID]++
	}
	if next, err := sess.Next(); err == nil {
		page.Next = &next
	}
	page.Scenarios = lib.Filter(f)
	a.render(w, r, http.StatusOK, "practice", view{Title: "Practice", Nav: "practice", D: page})
	return nil
}

func (a *App) handlePracticeScenario(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	_, lib, records, err := a.practiceSession(r.Context(), p)
	if err != nil {
		return err
	}
	sc, ok := lib.Scenario(r.PathValue("id"))
	if !ok {
		return pushback.Errorf(pushback.ENOTFOUND, "no practice scenario %q", r.PathValue("id"))
	}
	a.render(w, r, http.StatusOK, "scenario", view{Title: "Practice: " + sc.Prospect, Nav: "practice", D: scenarioPage{Scenario: sc, Records: records}})
	return nil
}

// handlePracticeReply scores a reply, or passes on the prospect's answer
// when the reply only warned or asked permission.
func (a *App) handlePracticeReply(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return pushback.Errorf(pushback.EINVALID, "form: %v", err)
	}
	sess, lib, records, err := a.practiceSession(ctx, p)
	if err != nil {
		return err
	}
	sc, ok := lib.Scenario(r.PathValue("id"))
	if !ok {
		return pushback.Errorf(pushback.ENOTFOUND, "no practice scenario %q", r.PathValue("id"))
	}
	page := scenarioPage{Scenario: sc, Records: records, Earlier: strings.TrimSpace(r.PostForm.Get("earlier")), Reply: strings.TrimSpace(r.PostForm.Get("reply"))}
	title := "Practice: " + sc.Prospect
	conv := sess.Begin(sc)
	if page.Earlier != "" {
		page.Answer, _ = conv.Say(page.Earlier)
	}
	if page.Reply == "" {
		page.Error = "Type what you would say to " + sc.Prospect + "."
		a.render(w, r, http.StatusBadRequest, "scenario", view{Title: title, Nav: "practice", D: page})
		return nil
	}
	if len([]rune(page.Reply)) > 4000 {
		page.Error = "Keep the reply under 4000 characters: say it as you would on a call."
		a.render(w, r, http.StatusBadRequest, "scenario", view{Title: title, Nav: "practice", D: page})
		return nil
	}
	if answer, done := conv.Say(page.Reply); !done {
		page.Earlier, page.Answer, page.Reply = page.Reply, answer, ""
		a.render(w, r, http.StatusOK, "scenario", view{Title: title, Nav: "practice", D: page})
		return nil
	}
	res, err := sess.Finish(ctx, conv)
	if err != nil && res == nil {
		return err
	}
	if err != nil {
		a.log.Error("practice: recording the attempt", "user", p.User.Username, "err", err)
	}
	page.Result = res
	page.Checks = practiceChecks(res.Scores.Skills)
	a.render(w, r, http.StatusOK, "scenario", view{Title: title, Nav: "practice", D: page})
	return nil
}

// practiceChecks lists the skills of a scored reply.
func practiceChecks(s practice.Skills) []report.Check {
	var out []report.Check
	for _, k := range practice.SkillNames {
		v, known := s.Get(k)
		state := "unknown"
		if known {
			state = "no"
			if v {
				state = "yes"
			}
		}
		out = append(out, report.Check{Label: skillLabel(k), State: state})
	}
	return out
}
