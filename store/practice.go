package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// PracticeAttempt is one practice reply a rep gave to a scenario. Payload
// is the practice tool's JSON as sent (reply, scores, feedback); the columns
// beside it are what progress queries need.
type PracticeAttempt struct {
	ID         int64           `json:"id"`
	RepID      int64           `json:"rep_id"`
	ScenarioID string          `json:"scenario_id"`
	Overall    *float64        `json:"overall"`
	At         time.Time       `json:"at"`
	Payload    json.RawMessage `json:"payload"`
	CreatedBy  *int64          `json:"created_by"`
	CreatedAt  time.Time       `json:"created_at"`
}

// CreatePracticeAttempt stores an attempt.
func CreatePracticeAttempt(ctx context.Context, h Handle, a PracticeAttempt) (PracticeAttempt, error) {
	a.ScenarioID = strings.TrimSpace(a.ScenarioID)
	if a.ScenarioID == "" {
		return PracticeAttempt{}, pushback.Errorf(pushback.EINVALID, "scenario_id required")
	}
	if len(a.Payload) == 0 {
		a.Payload = json.RawMessage("{}")
	}
	if !json.Valid(a.Payload) {
		return PracticeAttempt{}, pushback.Errorf(pushback.EINVALID, "payload: expected JSON")
	}
	if a.At.IsZero() {
		a.At = now()
	}
	a.At = a.At.UTC().Truncate(time.Microsecond)
	err := h.QueryRowContext(ctx, `INSERT INTO practice_attempts (rep_id, scenario_id, overall, at, payload, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.RepID, a.ScenarioID, a.Overall, a.At, string(a.Payload), a.CreatedBy, now()).Scan(&a.ID)
	if err != nil {
		return PracticeAttempt{}, err
	}
	return a, nil
}

// ListPracticeAttempts returns a rep's attempts, oldest first, within [from, to).
func ListPracticeAttempts(ctx context.Context, h Handle, repID int64, from, to time.Time) ([]PracticeAttempt, error) {
	where, args := timeRange(`rep_id = ?`, []any{repID}, "at", from, to)
	rows, err := h.QueryContext(ctx, `SELECT id, rep_id, scenario_id, overall, at, payload, created_by, created_at
		FROM practice_attempts WHERE `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PracticeAttempt{}
	for rows.Next() {
		var a PracticeAttempt
		var overall sql.NullFloat64
		var payload string
		var by sql.NullInt64
		if err := rows.Scan(&a.ID, &a.RepID, &a.ScenarioID, &overall, timeScan{&a.At}, &payload, &by, timeScan{&a.CreatedAt}); err != nil {
			return nil, err
		}
		a.Overall = floatPtr(overall)
		a.Payload = json.RawMessage(payload)
		if by.Valid {
			a.CreatedBy = &by.Int64
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
