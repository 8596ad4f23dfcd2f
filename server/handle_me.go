package server

import "net/http"

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	writeJSON(w, http.StatusOK, sessionJSON{User: p.User, CSRFToken: p.CSRFToken(), Via: p.Via})
	return nil
}
