package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Rep is a seller-side person whose calls are stored. A rep exists as soon
// as a call names them; a rep user (role rep) is linked to their record.
type Rep struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	TeamID    *int64    `json:"team_id"`
	TeamName  string    `json:"team,omitempty"`
	UserID    *int64    `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

// RepSummary is a rep with their totals over all their analysed calls.
type RepSummary struct {
	Rep
	Totals
}

// Totals sum up calls: Courage is pushed back / moments and Craft the mean
// craft over the push-backs, as in the analysis; both nil when undefined.
type Totals struct {
	Calls      int      `json:"calls"`
	Moments    int      `json:"moments"`
	PushedBack int      `json:"pushed_back"`
	Courage    *float64 `json:"courage"`
	Craft      *float64 `json:"craft"`
}

// RepKey is the form rep names are matched in.
func RepKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

const repColumns = `r.id, r.name, r.team_id, COALESCE(t.name, ''), r.user_id, r.created_at`

func scanRep(row interface{ Scan(...any) error }, extra ...any) (Rep, error) {
	var r Rep
	var team, user sql.NullInt64
	dest := append([]any{&r.ID, &r.Name, &team, &r.TeamName, &user, timeScan{&r.CreatedAt}}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Rep{}, err
	}
	if team.Valid {
		r.TeamID = &team.Int64
	}
	if user.Valid {
		r.UserID = &user.Int64
	}
	return r, nil
}

// EnsureRep returns the rep with the name (any case), creating it in the
// team when there is none. An existing rep keeps their team.
func EnsureRep(ctx context.Context, h Handle, name string, teamID *int64) (Rep, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return Rep{}, pushback.Errorf(pushback.EINVALID, "empty rep name")
	}
	if _, err := h.ExecContext(ctx, `INSERT INTO reps (name, name_key, team_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name_key) DO NOTHING`, name, RepKey(name), teamID, now()); err != nil {
		return Rep{}, err
	}
	return scanRep(h.QueryRowContext(ctx, `SELECT `+repColumns+` FROM reps r LEFT JOIN teams t ON t.id = r.team_id WHERE r.name_key = ?`, RepKey(name)))
}

// FindRep returns the rep with the name (any case), or a not-found error.
func FindRep(ctx context.Context, h Handle, name string) (Rep, error) {
	r, err := scanRep(h.QueryRowContext(ctx, `SELECT `+repColumns+` FROM reps r LEFT JOIN teams t ON t.id = r.team_id WHERE r.name_key = ?`, RepKey(name)))
	return r, notFound(err, "no rep named %q", name)
}

// GetRep returns the rep if the scope may see it.
func GetRep(ctx context.Context, h Handle, s Scope, id int64) (RepSummary, error) {
	cond, args := s.repVisible()
	rows, err := listReps(ctx, h, `r.id = ? AND `+cond, append([]any{id}, args...))
	if err != nil {
		return RepSummary{}, err
	}
	if len(rows) == 0 {
		return RepSummary{}, pushback.Errorf(pushback.ENOTFOUND, "no rep %d", id)
	}
	return rows[0], nil
}

// ListReps returns the reps the scope may see, by name, optionally of one team.
func ListReps(ctx context.Context, h Handle, s Scope, teamID *int64) ([]RepSummary, error) {
	cond, args := s.repVisible()
	if teamID != nil {
		cond += ` AND r.team_id = ?`
		args = append(args, *teamID)
	}
	return listReps(ctx, h, cond, args)
}

func listReps(ctx context.Context, h Handle, where string, args []any) ([]RepSummary, error) {
	rows, err := h.QueryContext(ctx, `SELECT `+repColumns+`,
			(SELECT COUNT(*) FROM call_reps cr WHERE cr.rep_id = r.id),
			CAST(COALESCE(SUM(rs.moments), 0) AS BIGINT), CAST(COALESCE(SUM(rs.pushed_back), 0) AS BIGINT),
			SUM(rs.craft * rs.pushed_back), CAST(COALESCE(SUM(CASE WHEN rs.craft IS NOT NULL THEN rs.pushed_back ELSE 0 END), 0) AS BIGINT)
		FROM reps r LEFT JOIN teams t ON t.id = r.team_id LEFT JOIN rep_scores rs ON rs.rep_id = r.id
		WHERE `+where+`
		GROUP BY r.id, r.name, r.team_id, t.name, r.user_id, r.created_at
		ORDER BY r.name, r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RepSummary{}
	for rows.Next() {
		var s RepSummary
		var craftSum sql.NullFloat64
		var craftN int
		s.Rep, err = scanRep(rows, &s.Calls, &s.Moments, &s.PushedBack, &craftSum, &craftN)
		if err != nil {
			return nil, err
		}
		s.Courage = ratio(float64(s.PushedBack), s.Moments)
		if craftSum.Valid {
			s.Craft = ratio(craftSum.Float64, craftN)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetRepTeam moves a rep to a team (nil: no team).
func SetRepTeam(ctx context.Context, h Handle, repID int64, teamID *int64) error {
	res, err := h.ExecContext(ctx, `UPDATE reps SET team_id = ? WHERE id = ?`, teamID, repID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no rep %d", repID)
	}
	return nil
}

// ScorePoint is one rep's scores on one call: a point of their history.
type ScorePoint struct {
	CallID     int64     `json:"call_id"`
	Title      string    `json:"title"`
	OccurredAt time.Time `json:"date"`
	Moments    int       `json:"moments"`
	PushedBack int       `json:"pushed_back"`
	Courage    *float64  `json:"courage"`
	Craft      *float64  `json:"craft"`
}

// RepHistory returns the rep's scores call by call, oldest first, within
// [from, to) when those are set.
func RepHistory(ctx context.Context, h Handle, repID int64, from, to time.Time) ([]ScorePoint, error) {
	where, args := `rs.rep_id = ?`, []any{repID}
	where, args = timeRange(where, args, "rs.occurred_at", from, to)
	rows, err := h.QueryContext(ctx, `SELECT rs.call_id, c.title, rs.occurred_at, rs.moments, rs.pushed_back, rs.courage, rs.craft
		FROM rep_scores rs JOIN calls c ON c.id = rs.call_id
		WHERE `+where+` ORDER BY rs.occurred_at, rs.call_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ScorePoint{}
	for rows.Next() {
		var p ScorePoint
		var courage, craft sql.NullFloat64
		if err := rows.Scan(&p.CallID, &p.Title, timeScan{&p.OccurredAt}, &p.Moments, &p.PushedBack, &courage, &craft); err != nil {
			return nil, err
		}
		p.Courage, p.Craft = floatPtr(courage), floatPtr(craft)
		out = append(out, p)
	}
	return out, rows.Err()
}

func timeRange(where string, args []any, col string, from, to time.Time) (string, []any) {
	if !from.IsZero() {
		where += ` AND ` + col + ` >= ?`
		args = append(args, from)
	}
	if !to.IsZero() {
		where += ` AND ` + col + ` < ?`
		args = append(args, to)
	}
	return where, args
}

func ratio(num float64, den int) *float64 {
	if den == 0 {
		return nil
	}
	v := num / float64(den)
	return &v
}

func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}
