package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
)

// playbookPage shows the team's playbook: the YAML to edit, each problem
// next to it with its line, the facts and cue lists it adds up to, and how
// a sample sentence is classified with it.
type playbookPage struct {
	YAML      string
	Builtin   bool // no team playbook saved: the built-in default is in use
	Version   string
	UpdatedAt *time.Time
	CanEdit   bool
	Draft     bool // YAML is an unsaved draft
	Errors    []yamlProblem
	Playbook  *pushback.Playbook // what the facts and cues below show
	Facts     []pushback.Fact    // the team's facts about the seller
	World     []pushback.Fact    // the built-in facts about the world
	Cues      []cueList
	Sample    string
	Check     *engine.ProspectCheck
	CheckedOn string // "the draft" or "the saved playbook"
}

// yamlProblem is one problem of a playbook, with the lines around it.
type yamlProblem struct {
	Line    int
	Message string
	Excerpt []excerptLine
}

type excerptLine struct {
	N    int
	Text string
	Bad  bool
}

type cueList struct {
	Name     string
	Patterns []string
}

// samplePlaceholder is the sentence the preview starts with.
const samplePlaceholder = "You guys will probably jack up the price after the first year."

func (a *App) handlePlaybook(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	page, err := a.playbookPage(r, p)
	if err != nil {
		return err
	}
	if s := strings.TrimSpace(r.URL.Query().Get("sample")); s != "" {
		eng, err := a.svc.Engine(r.Context())
		if err != nil {
			return err
		}
		page.Sample = s
		c := eng.CheckProspect(s)
		page.Check, page.CheckedOn = &c, "the saved playbook"
	}
	a.render(w, r, http.StatusOK, "playbook", view{Title: "Playbook", Nav: "playbook", D: page})
	return nil
}

// playbookPage reads the saved playbook (or the built-in default).
func (a *App) playbookPage(r *http.Request, p *auth.Principal) (playbookPage, error) {
	page := playbookPage{CanEdit: p.User.Role == store.RoleAdmin, Sample: samplePlaceholder}
	sp, err := store.GetPlaybook(r.Context(), a.db, ingest.ActivePlaybook)
	switch {
	case pushback.ErrorCode(err) == pushback.ENOTFOUND:
		page.Builtin = true
		page.YAML = string(playbook.Starter())
	case err != nil:
		return page, err
	default:
		page.YAML, page.Version, page.UpdatedAt = sp.YAML, sp.Version, &sp.UpdatedAt
	}
	pb, err := a.svc.Playbook(r.Context())
	if err != nil {
		return page, err
	}
	page.setPlaybook(pb)
	if page.Builtin {
		page.Version = pb.Version
	}
	return page, nil
}

func (page *playbookPage) setPlaybook(pb *pushback.Playbook) {
	page.Playbook = pb
	page.Facts, page.World = pushback.SplitFacts(pb.Facts)
	page.Cues = page.Cues[:0]
	for name, pats := range pb.Cues {
		page.Cues = append(page.Cues, cueList{Name: name, Patterns: pats})
	}
	slices.SortFunc(page.Cues, func(a, b cueList) int { return strings.Compare(a.Name, b.Name) })
}

// handlePlaybookSave validates and saves the playbook (admins), as PUT
// /api/v1/playbooks/default does; problems are shown next to the text.
func (a *App) handlePlaybookSave(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	page, pb, ok, err := a.draft(r, p)
	if err != nil {
		return err
	}
	if !ok {
		a.render(w, r, http.StatusBadRequest, "playbook", view{Title: "Playbook", Nav: "playbook", D: page})
		return nil
	}
	by := p.User.ID
	if err := store.PutPlaybook(r.Context(), a.db, store.StoredPlaybook{Name: ingest.ActivePlaybook, YAML: page.YAML, Version: pb.Version, UpdatedBy: &by}); err != nil {
		return err
	}
	a.log.Info("playbook saved in the browser", "user", p.User.Username, "version", pb.Version)
	redirect(w, r, "/playbook?done=playbook")
	return nil
}

// handlePlaybookCheck validates a draft without saving it and classifies
// the sample sentence with it.
func (a *App) handlePlaybookCheck(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	page, pb, ok, err := a.draft(r, p)
	if err != nil {
		return err
	}
	if !ok {
		a.render(w, r, http.StatusBadRequest, "playbook", view{Title: "Playbook", Nav: "playbook", D: page})
		return nil
	}
	if page.Sample != "" {
		eng, err := a.engines.get(pb)
		if err != nil {
			return err
		}
		c := eng.CheckProspect(page.Sample)
		page.Check, page.CheckedOn = &c, "the draft"
	}
	page.setPlaybook(pb)
	a.render(w, r, http.StatusOK, "playbook", view{Title: "Playbook", Nav: "playbook", D: page})
	return nil
}

// draft reads the posted YAML and sample; ok is false when the YAML has
// problems, which the page then lists.
func (a *App) draft(r *http.Request, p *auth.Principal) (page playbookPage, pb *pushback.Playbook, ok bool, err error) {
	if err := r.ParseForm(); err != nil {
		return page, nil, false, pushback.Errorf(pushback.EINVALID, "form: %v", err)
	}
	if page, err = a.playbookPage(r, p); err != nil {
		return page, nil, false, err
	}
	page.YAML = strings.ReplaceAll(r.PostForm.Get("yaml"), "\r\n", "\n")
	page.Sample = strings.TrimSpace(r.PostForm.Get("sample"))
	page.Draft = true
	pb, err = playbook.Parse(ingest.ActivePlaybook+".yaml", []byte(page.YAML))
	var errs playbook.Errors
	switch {
	case errors.As(err, &errs):
		page.Errors = problems(page.YAML, errs)
		return page, nil, false, nil
	case err != nil && pushback.ErrorCode(err) == pushback.EINVALID:
		page.Errors = []yamlProblem{{Message: pushback.ErrorMessage(err)}}
		return page, nil, false, nil
	case err != nil:
		return page, nil, false, err
	}
	return page, pb, true, nil
}

// problems pairs each playbook error with the lines around it.
func problems(text string, errs playbook.Errors) []yamlProblem {
	lines := strings.Split(text, "\n")
	out := make([]yamlProblem, 0, len(errs))
	for _, e := range errs {
		pr := yamlProblem{Line: e.Line, Message: e.Msg}
		if e.Line > 0 {
			for n := max(1, e.Line-1); n <= min(len(lines), e.Line+1); n++ {
				pr.Excerpt = append(pr.Excerpt, excerptLine{N: n, Text: lines[n-1], Bad: n == e.Line})
			}
		}
		out = append(out, pr)
	}
	return out
}

// engineCache keeps the engines of recently checked drafts, by playbook
// version: building one compiles the cues and loads the models.
type engineCache struct {
	mu      sync.Mutex
	engines map[string]*engine.Engine
}

func newEngineCache() *engineCache { return &engineCache{engines: map[string]*engine.Engine{}} }

func (c *engineCache) get(pb *pushback.Playbook) (*engine.Engine, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.engines[pb.Version]; ok {
		return e, nil
	}
	e, err := engine.New(pb)
	if err != nil {
		return nil, err
	}
	if len(c.engines) >= 4 {
		clear(c.engines)
	}
	c.engines[pb.Version] = e
	return e, nil
}
