package store

import "context"

// Scope is who is asking. Queries that list or fetch data take a Scope and
// return only what it may see, so no handler can forget the rule:
//   - admin: everything;
//   - manager: the reps of the teams they manage, and the calls with one of those reps;
//   - rep: their own rep record and the calls they are on.
type Scope struct {
	UserID int64
	Role   Role
}

// All is the scope of the server itself and of admins.
var All = Scope{Role: RoleAdmin}

// callVisible is a condition on a calls row aliased c.
func (s Scope) callVisible() (string, []any) {
	switch s.Role {
	case RoleAdmin:
		return "1 = 1", nil
	case RoleManager:
		return `EXISTS (SELECT 1 FROM call_reps cr JOIN reps r ON r.id = cr.rep_id
			JOIN team_managers tm ON tm.team_id = r.team_id
			WHERE cr.call_id = c.id AND tm.user_id = ?)`, []any{s.UserID}
	default:
		return `EXISTS (SELECT 1 FROM call_reps cr JOIN reps r ON r.id = cr.rep_id
			WHERE cr.call_id = c.id AND r.user_id = ?)`, []any{s.UserID}
	}
}

// repVisible is a condition on a reps row aliased r.
func (s Scope) repVisible() (string, []any) {
	switch s.Role {
	case RoleAdmin:
		return "1 = 1", nil
	case RoleManager:
		return `r.team_id IN (SELECT team_id FROM team_managers WHERE user_id = ?)`, []any{s.UserID}
	default:
		return `r.user_id = ?`, []any{s.UserID}
	}
}

// teamVisible is a condition on a teams row aliased t.
func (s Scope) teamVisible() (string, []any) {
	switch s.Role {
	case RoleAdmin:
		return "1 = 1", nil
	case RoleManager:
		return `t.id IN (SELECT team_id FROM team_managers WHERE user_id = ?)`, []any{s.UserID}
	default:
		return `t.id IN (SELECT team_id FROM reps WHERE user_id = ? AND team_id IS NOT NULL)`, []any{s.UserID}
	}
}

// CanSeeRep reports whether the scope may see the rep.
func CanSeeRep(ctx context.Context, h Handle, s Scope, repID int64) (bool, error) {
	cond, args := s.repVisible()
	var n int
	err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM reps r WHERE r.id = ? AND `+cond, append([]any{repID}, args...)...).Scan(&n)
	return n > 0, err
}

// CanSeeCall reports whether the scope may see the call.
func CanSeeCall(ctx context.Context, h Handle, s Scope, callID int64) (bool, error) {
	cond, args := s.callVisible()
	var n int
	err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM calls c WHERE c.id = ? AND `+cond, append([]any{callID}, args...)...).Scan(&n)
	return n > 0, err
}

// ManagesTeam reports whether the user manages the team.
func ManagesTeam(ctx context.Context, h Handle, userID, teamID int64) (bool, error) {
	var n int
	err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM team_managers WHERE user_id = ? AND team_id = ?`, userID, teamID).Scan(&n)
	return n > 0, err
}
