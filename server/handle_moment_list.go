package server

import (
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleMomentList(w http.ResponseWriter, r *http.Request) error {
	q := query{r: r}
	cats := make([]string, len(pushback.Categories))
	for i, c := range pushback.Categories {
		cats[i] = string(c)
	}
	f := store.MomentFilter{RepID: q.id("rep"), TeamID: q.id("team"), CallID: q.id("call"), Category: q.oneOf("category", cats...),
		Topic: q.str("topic"), How: q.str("how"), PushedBack: q.boolPtr("pushed_back"), From: q.time("from"), To: q.time("to"),
		Limit: q.int("limit"), Cursor: q.str("cursor")}
	if q.err != nil {
		return q.err
	}
	moments, next, err := store.ListMoments(r.Context(), s.DB, principal(r).Scope(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.MomentRow]{Items: moments, NextCursor: next})
	return nil
}
