package store

import (
	"context"
	"database/sql"
	"time"
)

// SummaryFilter narrows a team summary. Zero values do not filter.
type SummaryFilter struct {
	TeamID int64
	From   time.Time
	To     time.Time
}

// Summary sums up the calls the scope may see.
type Summary struct {
	Totals
	ByStatus   map[string]int           `json:"by_status"`
	ByCategory map[string]*MomentTotals `json:"by_category"`
	ByRep      []RepTotals              `json:"by_rep"`
}

// MomentTotals count moments and push-backs.
type MomentTotals struct {
	Moments    int      `json:"moments"`
	PushedBack int      `json:"pushed_back"`
	Courage    *float64 `json:"courage"`
}

// RepTotals are one rep's totals within a summary.
type RepTotals struct {
	RepID  int64  `json:"rep_id"`
	Name   string `json:"name"`
	TeamID *int64 `json:"team_id"`
	Totals
}

// Summarize sums up calls, moments and reps for the scope.
func Summarize(ctx context.Context, h Handle, s Scope, f SummaryFilter) (Summary, error) {
	sum := Summary{ByStatus: map[string]int{}, ByCategory: map[string]*MomentTotals{}, ByRep: []RepTotals{}}

	where, args := s.callVisible()
	if f.TeamID != 0 {
		where += ` AND EXISTS (SELECT 1 FROM call_reps ft JOIN reps rt ON rt.id = ft.rep_id WHERE ft.call_id = c.id AND rt.team_id = ?)`
		args = append(args, f.TeamID)
	}
	where, args = timeRange(where, args, "c.occurred_at", f.From, f.To)

	rows, err := h.QueryContext(ctx, `SELECT c.status, COUNT(*), CAST(COALESCE(SUM(c.moments), 0) AS BIGINT), CAST(COALESCE(SUM(c.pushed_back), 0) AS BIGINT),
			SUM(c.craft * c.pushed_back), CAST(COALESCE(SUM(CASE WHEN c.craft IS NOT NULL THEN c.pushed_back ELSE 0 END), 0) AS BIGINT)
		FROM calls c WHERE `+where+` GROUP BY c.status`, args...)
	if err != nil {
		return Summary{}, err
	}
	var craftSum float64
	var craftN int
	for rows.Next() {
		var status string
		var n, moments, pushed, cn int
		var cs sql.NullFloat64
		if err := rows.Scan(&status, &n, &moments, &pushed, &cs, &cn); err != nil {
			rows.Close()
			return Summary{}, err
		}
		sum.ByStatus[status] = n
		sum.Calls += n
		sum.Moments += moments
		sum.PushedBack += pushed
		craftSum += cs.Float64
		craftN += cn
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Summary{}, err
	}
	sum.Courage = ratio(float64(sum.PushedBack), sum.Moments)
	sum.Craft = ratio(craftSum, craftN)

	rows, err = h.QueryContext(ctx, `SELECT m.category, COUNT(*), CAST(COALESCE(SUM(CASE WHEN m.pushed_back THEN 1 ELSE 0 END), 0) AS BIGINT)
		FROM moments m JOIN calls c ON c.id = m.call_id WHERE `+where+` GROUP BY m.category`, args...)
	if err != nil {
		return Summary{}, err
	}
	for rows.Next() {
		var cat string
		var t MomentTotals
		if err := rows.Scan(&cat, &t.Moments, &t.PushedBack); err != nil {
			rows.Close()
			return Summary{}, err
		}
		t.Courage = ratio(float64(t.PushedBack), t.Moments)
		sum.ByCategory[cat] = &t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Summary{}, err
	}

	// Per rep: only reps the scope may see, so a manager never sees another
	// team's rep even when a call mixes teams.
	repCond, repArgs := s.repVisible()
	rwhere, rargs := repCond, repArgs
	if f.TeamID != 0 {
		rwhere += ` AND r.team_id = ?`
		rargs = append(rargs, f.TeamID)
	}
	rwhere, rargs = timeRange(rwhere, rargs, "rs.occurred_at", f.From, f.To)
	rows, err = h.QueryContext(ctx, `SELECT r.id, r.name, r.team_id, COUNT(*), CAST(SUM(rs.moments) AS BIGINT), CAST(SUM(rs.pushed_back) AS BIGINT),
			SUM(rs.craft * rs.pushed_back), CAST(COALESCE(SUM(CASE WHEN rs.craft IS NOT NULL THEN rs.pushed_back ELSE 0 END), 0) AS BIGINT)
		FROM rep_scores rs JOIN reps r ON r.id = rs.rep_id
		WHERE `+rwhere+` GROUP BY r.id, r.name, r.team_id ORDER BY r.name, r.id`, rargs...)
	if err != nil {
		return Summary{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var t RepTotals
		var team sql.NullInt64
		var cs sql.NullFloat64
		var cn int
		if err := rows.Scan(&t.RepID, &t.Name, &team, &t.Calls, &t.Moments, &t.PushedBack, &cs, &cn); err != nil {
			return Summary{}, err
		}
		if team.Valid {
			t.TeamID = &team.Int64
		}
		t.Courage = ratio(float64(t.PushedBack), t.Moments)
		if cs.Valid {
			t.Craft = ratio(cs.Float64, cn)
		}
		sum.ByRep = append(sum.ByRep, t)
	}
	return sum, rows.Err()
}
