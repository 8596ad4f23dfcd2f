package server

import "net/http"

func (s *Server) handlePlaybookGet(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if err := checkPlaybookName(name); err != nil {
		return err
	}
	pb, err := loadPlaybook(r.Context(), s.DB, name, true)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pb)
	return nil
}
