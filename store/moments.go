package store

import (
	"context"
	"database/sql"
	"time"
)

// MomentRow is an indexed push-back moment: enough to list and filter
// moments across calls; the full moment is in the call's analysis.
type MomentRow struct {
	ID         int64     `json:"id"`
	CallID     int64     `json:"call_id"`
	CallTitle  string    `json:"call_title"`
	Position   int       `json:"position"` // index in the analysis' moments
	Turn       int       `json:"turn"`
	RepID      *int64    `json:"rep_id"`
	RepName    string    `json:"rep,omitempty"`
	Category   string    `json:"category"`
	Topics     []string  `json:"topics"`
	Confidence float64   `json:"confidence"`
	Quote      string    `json:"quote"`
	How        string    `json:"how"`
	PushedBack bool      `json:"pushed_back"`
	Feedback   string    `json:"feedback"`
	Date       time.Time `json:"date"`
}

// MomentFilter narrows a list of moments. Zero values do not filter.
type MomentFilter struct {
	RepID      int64
	TeamID     int64
	CallID     int64
	Category   string
	Topic      string
	How        string
	PushedBack *bool
	From       time.Time
	To         time.Time
	Limit      int
	Cursor     string
}

// ListMoments returns a page of the moments of the calls the scope may see,
// newest first, and the next page's cursor.
func ListMoments(ctx context.Context, h Handle, s Scope, f MomentFilter) ([]MomentRow, string, error) {
	where, args := s.callVisible()
	if f.RepID != 0 {
		where += ` AND m.rep_id = ?`
		args = append(args, f.RepID)
	}
	if f.TeamID != 0 {
		where += ` AND m.rep_id IN (SELECT id FROM reps WHERE team_id = ?)`
		args = append(args, f.TeamID)
	}
	if f.CallID != 0 {
		where += ` AND m.call_id = ?`
		args = append(args, f.CallID)
	}
	if f.Category != "" {
		where += ` AND m.category = ?`
		args = append(args, f.Category)
	}
	if f.Topic != "" {
		where += ` AND m.topics LIKE ?`
		args = append(args, "%,"+likeEscape(f.Topic)+",%")
	}
	if f.How != "" {
		where += ` AND m.how = ?`
		args = append(args, f.How)
	}
	if f.PushedBack != nil {
		where += ` AND m.pushed_back = ?`
		args = append(args, *f.PushedBack)
	}
	where, args = timeRange(where, args, "m.occurred_at", f.From, f.To)
	where, args, err := afterCursor(where, args, "m.occurred_at", "m.id", f.Cursor)
	if err != nil {
		return nil, "", err
	}
	limit := clampLimit(f.Limit)
	rows, err := h.QueryContext(ctx, `SELECT m.id, m.call_id, c.title, m.position, m.turn, m.rep_id, COALESCE(r.name, ''), m.category, m.topics,
			m.confidence, m.quote, m.how, m.pushed_back, m.feedback, m.occurred_at
		FROM moments m JOIN calls c ON c.id = m.call_id LEFT JOIN reps r ON r.id = m.rep_id
		WHERE `+where+` ORDER BY m.occurred_at DESC, m.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []MomentRow{}
	for rows.Next() {
		var m MomentRow
		var rep sql.NullInt64
		var topics string
		if err := rows.Scan(&m.ID, &m.CallID, &m.CallTitle, &m.Position, &m.Turn, &rep, &m.RepName, &m.Category, &topics,
			&m.Confidence, &m.Quote, &m.How, &m.PushedBack, &m.Feedback, timeScan{&m.Date}); err != nil {
			return nil, "", err
		}
		if rep.Valid {
			m.RepID = &rep.Int64
		}
		m.Topics = splitTopics(topics)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		next = makeCursor(out[limit-1].Date, out[limit-1].ID)
	}
	return out, next, nil
}
