package server

import (
	"io"
	"net/http"
	"strings"

	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
)

type playbookPut struct {
	YAML string `json:"yaml"`
}

// handlePlaybookPut validates and saves a playbook: the YAML as the body,
// or JSON {"yaml": "..."}. Problems come back as details with their lines.
// Saving the playbook named default changes what new analyses use;
// `pushback reanalyze` brings stored calls up to date.
func (s *Server) handlePlaybookPut(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if err := checkPlaybookName(name); err != nil {
		return err
	}
	var text string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var req playbookPut
		if err := readJSON(r, &req); err != nil {
			return err
		}
		text = req.YAML
	} else {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		text = string(b)
	}
	pb, err := playbook.Parse(name+".yaml", []byte(text))
	if err != nil {
		return err // playbook.Errors: invalid, with a detail per problem
	}
	by := principal(r).User.ID
	if err := store.PutPlaybook(r.Context(), s.DB, store.StoredPlaybook{Name: name, YAML: text, Version: pb.Version, UpdatedBy: &by}); err != nil {
		return err
	}
	out, err := loadPlaybook(r.Context(), s.DB, name, true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
