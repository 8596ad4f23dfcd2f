package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

type repUpdate struct {
	TeamID *int64 `json:"team_id"`
}

func (s *Server) handleRepUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "rep")
	if err != nil {
		return err
	}
	var req repUpdate
	if err := readJSON(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	if req.TeamID != nil {
		if _, err := store.GetTeam(ctx, s.DB, store.All, *req.TeamID); err != nil {
			return err
		}
	}
	if err := store.SetRepTeam(ctx, s.DB, id, req.TeamID); err != nil {
		return err
	}
	rep, err := store.GetRep(ctx, s.DB, store.All, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
