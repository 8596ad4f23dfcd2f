package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleCallList(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	f := store.CallFilter{RepID: q.id("rep"), TeamID: q.id("team"), Status: q.oneOf("status", store.StatusQueued, store.StatusDone, store.StatusFailed),
		Account: q.str("account"), Deal: q.str("deal"), Query: q.str("q"), From: q.time("from"), To: q.time("to"),
		Limit: q.int("limit"), Cursor: q.str("cursor")}
	if q.err != nil {
		return q.err
	}
	calls, next, err := store.ListCalls(r.Context(), s.DB, principal(r).Scope(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.Call]{Items: calls, NextCursor: next})
	return nil
}
