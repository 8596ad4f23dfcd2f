package web

import (
	"context"
	"encoding/json"
	"time"

	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/store"
)

// practiceStore keeps one rep's practice attempts in the server's
// practice_attempts table, as POST /api/v1/practice/attempts does: the
// payload is the practice.Attempt JSON (the shape practice/remote sends),
// overall its score as a share.
type practiceStore struct {
	db     *store.DB
	repID  int64
	userID int64
}

var _ practice.Store = (*practiceStore)(nil)

func (s *practiceStore) Record(ctx context.Context, a practice.Attempt) error {
	if err := a.Validate(); err != nil {
		return err
	}
	payload, err := json.Marshal(a)
	if err != nil {
		return err
	}
	overall := float64(a.Score) / 100
	by := s.userID
	_, err = store.CreatePracticeAttempt(ctx, s.db, store.PracticeAttempt{RepID: s.repID, ScenarioID: a.ScenarioID, Overall: &overall,
		At: a.At, Payload: payload, CreatedBy: &by})
	return err
}

// Attempts returns the rep's attempts, oldest first; rep is the name the
// session uses, the store knows the rep by id.
func (s *practiceStore) Attempts(ctx context.Context, rep string) ([]practice.Attempt, error) {
	return practiceAttempts(ctx, s.db, s.repID, rep)
}

// practiceAttempts reads a rep's stored attempts as practice attempts.
// The columns (scenario, time, score) win over the payload; attempts
// stored by other clients without a kind of moment are left out.
func practiceAttempts(ctx context.Context, db *store.DB, repID int64, rep string) ([]practice.Attempt, error) {
	rows, err := store.ListPracticeAttempts(ctx, db, repID, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	out := make([]practice.Attempt, 0, len(rows))
	for _, r := range rows {
		var a practice.Attempt
		_ = json.Unmarshal(r.Payload, &a)
		a.Rep, a.ScenarioID, a.At = rep, r.ScenarioID, r.At
		if r.Overall != nil && a.Score == 0 {
			a.Score = int(*r.Overall*100 + 0.5)
		}
		if !a.Category.Valid() {
			continue // not a practice.Attempt: the schedule and summary need its kind
		}
		out = append(out, a)
	}
	return out, nil
}
