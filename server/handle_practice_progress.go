package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// practiceProgress is a rep's practice: every attempt, oldest first, and
// how they are doing overall and per scenario.
type practiceProgress struct {
	RepID      int64                      `json:"rep_id"`
	Attempts   []json.RawMessage          `json:"attempts"` // each attempt as recorded, with its stored fields
	Total      int                        `json:"total"`
	Mean       *float64                   `json:"mean_overall"`
	Best       *float64                   `json:"best_overall"`
	ByScenario map[string]*scenarioRecord `json:"by_scenario"`
}

type scenarioRecord struct {
	Attempts int       `json:"attempts"`
	Best     *float64  `json:"best_overall"`
	Last     *float64  `json:"last_overall"`
	LastAt   time.Time `json:"last_at"`
}

func (s *Server) handlePracticeProgress(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	var rep int64
	ctx := r.Context()
	if v := q.str("rep"); v != "" && !isDigits(v) {
		// A rep's name, as the practice client sends it.
		found, err := store.FindRep(ctx, s.DB, v)
		if err != nil {
			return err
		}
		rep = found.ID
	} else {
		rep = q.id("rep")
	}
	from, to := q.time("from"), q.time("to")
	if q.err != nil {
		return q.err
	}
	repID, err := practiceRep(ctx, s.DB, principal(r), rep)
	if err != nil {
		return err
	}
	atts, err := store.ListPracticeAttempts(ctx, s.DB, repID, from, to)
	if err != nil {
		return err
	}
	out := practiceProgress{RepID: repID, Total: len(atts), ByScenario: map[string]*scenarioRecord{}}
	for _, a := range atts {
		out.Attempts = append(out.Attempts, attemptJSON(a))
	}
	if out.Attempts == nil {
		out.Attempts = []json.RawMessage{}
	}
	var sum float64
	scored := 0
	for _, a := range atts {
		rec := out.ByScenario[a.ScenarioID]
		if rec == nil {
			rec = &scenarioRecord{}
			out.ByScenario[a.ScenarioID] = rec
		}
		rec.Attempts++
		rec.Last, rec.LastAt = a.Overall, a.At
		if a.Overall != nil {
			sum += *a.Overall
			scored++
			if rec.Best == nil || *a.Overall > *rec.Best {
				rec.Best = a.Overall
			}
			if out.Best == nil || *a.Overall > *out.Best {
				out.Best = a.Overall
			}
		}
	}
	if scored > 0 {
		mean := sum / float64(scored)
		out.Mean = &mean
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// attemptJSON is an attempt as its client recorded it (the payload: reply,
// scores, category, ...) with the fields the server keeps on top.
func attemptJSON(a store.PracticeAttempt) json.RawMessage {
	m := map[string]any{}
	_ = json.Unmarshal(a.Payload, &m) // a payload that is not an object is replaced
	m["id"], m["rep_id"], m["scenario_id"], m["overall"], m["at"], m["created_at"] = a.ID, a.RepID, a.ScenarioID, a.Overall, a.At, a.CreatedAt
	m["payload"] = a.Payload
	b, _ := json.Marshal(m)
	return b
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// practiceRep resolves whose practice a request is about: a rep's own
// (the default), or, for managers and admins, a rep they may see.
func practiceRep(ctx context.Context, h store.Handle, p *auth.Principal, repID int64) (int64, error) {
	own := p.User.RepID
	if repID == 0 {
		if own == nil {
			return 0, pushback.Errorf(pushback.EINVALID, "rep required: you have no rep record of your own")
		}
		return *own, nil
	}
	if p.User.Role == store.RoleRep {
		if own == nil || *own != repID {
			return 0, pushback.Errorf(pushback.EFORBIDDEN, "reps may only see and record their own practice")
		}
		return repID, nil
	}
	ok, err := store.CanSeeRep(ctx, h, p.Scope(), repID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, pushback.Errorf(pushback.ENOTFOUND, "no rep %d", repID)
	}
	return repID, nil
}
