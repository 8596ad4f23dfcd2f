package store

import (
	"context"
	"sort"
	"strings"
	"time"
)

// BreakdownFilter narrows a moment breakdown. Zero values do not filter.
type BreakdownFilter struct {
	RepID  int64
	TeamID int64
	From   time.Time
	To     time.Time
}

// MomentGroup counts the moments of one rep of one kind (category) about
// the same topics that the rep answered the same way.
type MomentGroup struct {
	RepID      *int64   `json:"rep_id"`
	Category   string   `json:"category"`
	Topics     []string `json:"topics"`
	How        string   `json:"how"`
	PushedBack bool     `json:"pushed_back"`
	Moments    int      `json:"moments"`
}

// BreakdownMoments counts the moments of the calls the scope may see by
// rep, category, topic and what the rep did: what dashboards chart and rank
// ("the kinds of moment most often let go").
func BreakdownMoments(ctx context.Context, h Handle, s Scope, f BreakdownFilter) ([]MomentGroup, error) {
	where, args := s.callVisible()
	if f.RepID != 0 {
		where += ` AND m.rep_id = ?`
		args = append(args, f.RepID)
	}
	if f.TeamID != 0 {
		where += ` AND m.rep_id IN (SELECT id FROM reps WHERE team_id = ?)`
		args = append(args, f.TeamID)
	}
	if s.Role != RoleAdmin {
		// A call may mix reps of several teams: count only the moments of reps
		// the scope may see.
		rc, ra := s.repVisible()
		where += ` AND m.rep_id IN (SELECT r.id FROM reps r WHERE ` + rc + `)`
		args = append(args, ra...)
	}
	where, args = timeRange(where, args, "m.occurred_at", f.From, f.To)
	rows, err := h.QueryContext(ctx, `SELECT m.rep_id, m.category, m.topics, m.how, m.pushed_back, COUNT(*)
		FROM moments m JOIN calls c ON c.id = m.call_id
		WHERE `+where+` GROUP BY m.rep_id, m.category, m.topics, m.how, m.pushed_back`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []MomentGroup{}
	for rows.Next() {
		var g MomentGroup
		var topics string
		if err := rows.Scan(&g.RepID, &g.Category, &topics, &g.How, &g.PushedBack, &g.Moments); err != nil {
			return nil, err
		}
		g.Topics = splitTopics(topics)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ar, br := int64(0), int64(0)
		if a.RepID != nil {
			ar = *a.RepID
		}
		if b.RepID != nil {
			br = *b.RepID
		}
		switch {
		case ar != br:
			return ar < br
		case a.Category != b.Category:
			return a.Category < b.Category
		case strings.Join(a.Topics, ",") != strings.Join(b.Topics, ","):
			return strings.Join(a.Topics, ",") < strings.Join(b.Topics, ",")
		case a.How != b.How:
			return a.How < b.How
		}
		return !a.PushedBack && b.PushedBack
	})
	return out, nil
}
