package server

import "net/http"

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.EndSession(r.Context(), w, r); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
