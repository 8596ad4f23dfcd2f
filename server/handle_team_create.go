package server

import (
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

// teamChange creates or changes a team; lists replace what the team had.
type teamChange struct {
	Name       *string  `json:"name"`
	ManagerIDs *[]int64 `json:"manager_ids"`
	RepIDs     *[]int64 `json:"rep_ids"`
}

func (s *Server) handleTeamCreate(w http.ResponseWriter, r *http.Request) error {
	var req teamChange
	if err := readJSON(r, &req); err != nil {
		return err
	}
	if req.Name == nil {
		return pushback.Errorf(pushback.EINVALID, "name required")
	}
	ctx := r.Context()
	var t store.Team
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		created, err := store.CreateTeam(ctx, tx, *req.Name)
		if err != nil {
			return err
		}
		t, err = store.UpdateTeam(ctx, tx, created.ID, store.TeamUpdate{ManagerIDs: req.ManagerIDs, RepIDs: req.RepIDs})
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}
