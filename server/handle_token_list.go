package server

import (
	"net/http"

	"github.com/pushback-coach/pushback/store"
)

func (s *Server) handleTokenList(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	owner := p.User.ID
	if p.User.Role == store.RoleAdmin {
		q := query{r: r}
		owner = q.id("user") // 0: everyone's
		if q.err != nil {
			return q.err
		}
	}
	tokens, err := store.ListTokens(r.Context(), s.DB, owner)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page[store.Token]{Items: tokens})
	return nil
}
