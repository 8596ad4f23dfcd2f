package server

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

// practiceAttemptIn is the part of a practice attempt the server indexes;
// the whole body (reply, scores, feedback, ...) is kept as the payload.
// The practice package's client (practice/doc.go) sends the rep by name and
// the overall score from 0 to 100 ("rep", "score"); both forms are taken.
type practiceAttemptIn struct {
	RepID      int64           `json:"rep_id"` // default: your rep record
	Rep        string          `json:"rep"`    // or the rep's name
	ScenarioID string          `json:"scenario_id"`
	Reply      string          `json:"reply"`
	Scores     json.RawMessage `json:"scores"`
	Overall    *float64        `json:"overall"`
	Score      *float64        `json:"score"` // 0 to 100, when overall is not given
	At         *time.Time      `json:"at"`
}

func (s *Server) handlePracticeAttempt(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	var in practiceAttemptIn
	if err := json.Unmarshal(body, &in); err != nil {
		return pushback.Errorf(pushback.EINVALID, "body: expected a JSON object with scenario_id, reply, scores, overall: %v", err)
	}
	if in.Overall == nil && in.Score != nil {
		o := *in.Score / 100
		in.Overall = &o
	}
	if in.Overall != nil && (*in.Overall < 0 || *in.Overall > 1) {
		return pushback.Errorf(pushback.EINVALID, "overall %v: expected a score between 0 and 1", *in.Overall)
	}
	ctx := r.Context()
	p := principal(r)
	if in.RepID == 0 && in.Rep != "" {
		rep, err := store.FindRep(ctx, s.DB, in.Rep)
		if err != nil {
			return err
		}
		in.RepID = rep.ID
	}
	repID, err := practiceRep(ctx, s.DB, p, in.RepID)
	if err != nil {
		return err
	}
	a := store.PracticeAttempt{RepID: repID, ScenarioID: in.ScenarioID, Overall: in.Overall, Payload: body, CreatedBy: &p.User.ID}
	if in.At != nil {
		a.At = *in.At
	}
	a, err = store.CreatePracticeAttempt(ctx, s.DB, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}
