package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

type healthJSON struct {
	Status   string `json:"status"`
	Database string `json:"database"`
	Schema   int    `json:"schema"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.Ping(r.Context()); err != nil {
		return err
	}
	v, err := store.SchemaVersion(r.Context(), s.DB)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, healthJSON{Status: "ok", Database: string(s.DB.Dialect()), Schema: v})
	return nil
}
