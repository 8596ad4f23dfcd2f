package server

import (
	"encoding/json"
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

// callWithAnalysis is a call and its pushback.analysis/v1 document (null
// until analysed).
type callWithAnalysis struct {
	store.Call
	Analysis json.RawMessage `json:"analysis"`
}

func (s *Server) handleCallGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call")
	if err != nil {
		return err
	}
	scope := principal(r).Scope()
	c, err := store.GetCall(r.Context(), s.DB, scope, id)
	if err != nil {
		return err
	}
	a, err := store.GetAnalysis(r.Context(), s.DB, scope, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, callWithAnalysis{Call: c, Analysis: a})
	return nil
}
