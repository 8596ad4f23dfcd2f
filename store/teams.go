package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Team is a group of reps with the managers who coach them.
type Team struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	ManagerIDs []int64   `json:"manager_ids"`
	RepIDs     []int64   `json:"rep_ids"`
}

// CreateTeam adds a team.
func CreateTeam(ctx context.Context, h Handle, name string) (Team, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Team{}, pushback.Errorf(pushback.EINVALID, "team name required")
	}
	var id int64
	err := h.QueryRowContext(ctx, `INSERT INTO teams (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id`, name, now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Team{}, pushback.Errorf(pushback.ECONFLICT, "team %q already exists", name)
	}
	if err != nil {
		return Team{}, err
	}
	return GetTeam(ctx, h, All, id)
}

// EnsureTeam returns the team with the name, creating it if needed.
func EnsureTeam(ctx context.Context, h Handle, name string) (Team, error) {
	t, err := GetTeamByName(ctx, h, name)
	if pushback.ErrorCode(err) == pushback.ENOTFOUND {
		return CreateTeam(ctx, h, name)
	}
	return t, err
}

// GetTeamByName returns the team with the name.
func GetTeamByName(ctx context.Context, h Handle, name string) (Team, error) {
	var id int64
	err := h.QueryRowContext(ctx, `SELECT id FROM teams WHERE name = ?`, strings.TrimSpace(name)).Scan(&id)
	if err != nil {
		return Team{}, notFound(err, "no team %q", name)
	}
	return GetTeam(ctx, h, All, id)
}

// GetTeam returns the team if the scope may see it.
func GetTeam(ctx context.Context, h Handle, s Scope, id int64) (Team, error) {
	teams, err := listTeams(ctx, h, s, `t.id = ?`, id)
	if err != nil {
		return Team{}, err
	}
	if len(teams) == 0 {
		return Team{}, pushback.Errorf(pushback.ENOTFOUND, "no team %d", id)
	}
	return teams[0], nil
}

// ListTeams returns the teams the scope may see, by name.
func ListTeams(ctx context.Context, h Handle, s Scope) ([]Team, error) {
	return listTeams(ctx, h, s, `1 = 1`)
}

func listTeams(ctx context.Context, h Handle, s Scope, where string, args ...any) ([]Team, error) {
	cond, cargs := s.teamVisible()
	rows, err := h.QueryContext(ctx, `SELECT t.id, t.name, t.created_at FROM teams t WHERE `+where+` AND `+cond+` ORDER BY t.name`, append(args, cargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	teams := []Team{}
	for rows.Next() {
		var t Team
		if err := rows.Scan(&t.ID, &t.Name, timeScan{&t.CreatedAt}); err != nil {
			return nil, err
		}
		teams = append(teams, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range teams {
		t := &teams[i]
		if t.ManagerIDs, err = queryIDs(ctx, h, `SELECT user_id FROM team_managers WHERE team_id = ? ORDER BY user_id`, t.ID); err != nil {
			return nil, err
		}
		if t.RepIDs, err = queryIDs(ctx, h, `SELECT id FROM reps WHERE team_id = ? ORDER BY id`, t.ID); err != nil {
			return nil, err
		}
	}
	return teams, nil
}

// TeamUpdate changes what is set: the name, the managers (replacing them) and
// the reps (moving those listed into the team and the others out).
type TeamUpdate struct {
	Name       *string
	ManagerIDs *[]int64
	RepIDs     *[]int64
}

// UpdateTeam changes a team.
func UpdateTeam(ctx context.Context, tx *Tx, id int64, up TeamUpdate) (Team, error) {
	if _, err := GetTeam(ctx, tx, All, id); err != nil {
		return Team{}, err
	}
	if up.Name != nil {
		name := strings.TrimSpace(*up.Name)
		if name == "" {
			return Team{}, pushback.Errorf(pushback.EINVALID, "team name required")
		}
		if other, err := GetTeamByName(ctx, tx, name); err == nil && other.ID != id {
			return Team{}, pushback.Errorf(pushback.ECONFLICT, "team %q already exists", name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE teams SET name = ? WHERE id = ?`, name, id); err != nil {
			return Team{}, err
		}
	}
	if up.ManagerIDs != nil {
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_managers WHERE team_id = ?`, id); err != nil {
			return Team{}, err
		}
		for _, uid := range *up.ManagerIDs {
			if err := AddTeamManager(ctx, tx, id, uid); err != nil {
				return Team{}, err
			}
		}
	}
	if up.RepIDs != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE reps SET team_id = NULL WHERE team_id = ?`, id); err != nil {
			return Team{}, err
		}
		for _, rid := range *up.RepIDs {
			if err := SetRepTeam(ctx, tx, rid, &id); err != nil {
				return Team{}, err
			}
		}
	}
	return GetTeam(ctx, tx, All, id)
}

// AddTeamManager makes a manager user manage the team.
func AddTeamManager(ctx context.Context, h Handle, teamID, userID int64) error {
	u, err := GetUser(ctx, h, userID)
	if err != nil {
		return err
	}
	if u.Role != RoleManager {
		return pushback.Errorf(pushback.EINVALID, "user %q is a %s: only managers manage teams", u.Username, u.Role)
	}
	_, err = h.ExecContext(ctx, `INSERT INTO team_managers (team_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, teamID, userID)
	return err
}

// DeleteTeam removes a team; its reps stay, without a team.
func DeleteTeam(ctx context.Context, h Handle, id int64) error {
	res, err := h.ExecContext(ctx, `DELETE FROM teams WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no team %d", id)
	}
	return nil
}

// SetManagedTeams replaces the teams a manager manages.
func SetManagedTeams(ctx context.Context, tx *Tx, userID int64, teamIDs []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM team_managers WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, t := range teamIDs {
		if _, err := GetTeam(ctx, tx, All, t); err != nil {
			return err
		}
		if err := AddTeamManager(ctx, tx, t, userID); err != nil {
			return err
		}
	}
	return nil
}
