package server

import (
	"context"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

// visibleUser returns the user if the scope may see them: admins see
// everyone, managers themselves and their teams' rep users, reps themselves.
func visibleUser(ctx context.Context, h store.Handle, s store.Scope, id int64) (store.User, error) {
	u, err := store.GetUser(ctx, h, id)
	if err != nil {
		return store.User{}, err
	}
	if s.Role == store.RoleAdmin || s.UserID == id {
		return u, nil
	}
	if s.Role == store.RoleManager && u.RepID != nil {
		ok, err := store.CanSeeRep(ctx, h, s, *u.RepID)
		if err != nil {
			return store.User{}, err
		}
		if ok {
			return u, nil
		}
	}
	return store.User{}, pushback.Errorf(pushback.ENOTFOUND, "no user %d", id)
}

// setUserTeams puts a rep user in a team, or makes a manager manage teams.
func setUserTeams(ctx context.Context, tx *store.Tx, u store.User, teamIDs []int64) error {
	switch u.Role {
	case store.RoleRep:
		if len(teamIDs) > 1 {
			return pushback.Errorf(pushback.EINVALID, "team_ids: a rep is in one team at most")
		}
		var team *int64
		if len(teamIDs) == 1 {
			team = &teamIDs[0]
			if _, err := store.GetTeam(ctx, tx, store.All, *team); err != nil {
				return err
			}
		}
		return store.SetRepTeam(ctx, tx, *u.RepID, team)
	case store.RoleManager:
		return store.SetManagedTeams(ctx, tx, u.ID, teamIDs)
	}
	if len(teamIDs) > 0 {
		return pushback.Errorf(pushback.EINVALID, "team_ids: admins are not in teams")
	}
	return nil
}

// keepAnAdmin refuses a change that would leave no admin.
func keepAnAdmin(ctx context.Context, h store.Handle, u store.User) error {
	if u.Role != store.RoleAdmin {
		return nil
	}
	n, err := store.CountAdmins(ctx, h)
	if err != nil {
		return err
	}
	if n <= 1 {
		return pushback.Errorf(pushback.ECONFLICT, "%s is the last admin: make another admin first", u.Username)
	}
	return nil
}
