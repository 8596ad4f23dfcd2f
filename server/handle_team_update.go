package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTeamUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "team")
	if err != nil {
		return err
	}
	var req teamChange
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	var t store.Team
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		var err error
		t, err = store.UpdateTeam(ctx, tx, id, store.TeamUpdate{Name: req.Name, ManagerIDs: req.ManagerIDs, RepIDs: req.RepIDs})
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
