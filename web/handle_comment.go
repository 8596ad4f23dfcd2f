package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// handleComment adds a comment to the thread on a moment: a manager's
// coaching note or the rep's reply.
func (a *App) handleComment(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, an, err := a.parseCallForm(r, p)
	if err != nil {
		return err
	}
	n, m, err := momentForm(r, an)
	if err != nil {
		return err
	}
	body := r.PostForm.Get("body")
	_, err = store.AddComment(r.Context(), a.db, scopeOf(p), store.NewComment{CallID: id, Moment: store.MomentKey{Turn: m.Turn, Quote: strings.TrimSpace(m.Quote)},
		AuthorID: p.User.ID, Body: body})
	if pushback.ErrorCode(err) == pushback.EINVALID {
		return a.renderCall(w, r, p, id, http.StatusBadRequest, formError{Form: fmt.Sprintf("comment-m%d", n),
			Message: "Write a comment first (at most " + strconv.Itoa(store.MaxCommentRunes) + " characters).", Values: map[string]string{"body": body}})
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/calls/%d?done=comment#m%d", id, n))
	return nil
}
