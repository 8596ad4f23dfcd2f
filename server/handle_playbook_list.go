package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handlePlaybookList(w http.ResponseWriter, r *http.Request) error {
	stored, err := store.ListPlaybooks(r.Context(), s.DB)
	if err != nil {
		return err
	}
	out := []playbookJSON{}
	hasDefault := false
	for _, sp := range stored {
		hasDefault = hasDefault || sp.Name == ingest.ActivePlaybook
		out = append(out, playbookJSON{Name: sp.Name, Version: sp.Version, Active: sp.Name == ingest.ActivePlaybook, YAML: sp.YAML,
			UpdatedAt: &sp.UpdatedAt, UpdatedBy: sp.UpdatedBy})
	}
	if !hasDefault {
		def, err := loadPlaybook(r.Context(), s.DB, ingest.ActivePlaybook, false)
		if err != nil {
			return err
		}
		out = append([]playbookJSON{def}, out...)
	}
	writeJSON(w, http.StatusOK, page[playbookJSON]{Items: out})
	return nil
}
