package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
)

// handleMissedAdd records a moment the detector missed: the quote is
// looked up among the prospect's turns.
func (a *App) handleMissedAdd(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, an, err := a.parseCallForm(r, p)
	if err != nil {
		return err
	}
	f := r.PostForm
	quote, category, note := strings.TrimSpace(f.Get("quote")), f.Get("category"), f.Get("note")
	refuse := func(msg string) error {
		return a.renderCall(w, r, p, id, http.StatusBadRequest, formError{Form: "missed", Message: msg,
			Values: map[string]string{"quote": quote, "category": category, "note": note}})
	}
	if an == nil {
		return refuse("The call is not analysed yet.")
	}
	if quote == "" {
		return refuse("Copy the prospect's words that carry the claim into Quote.")
	}
	turn, _, ok := labels.Locate(&an.Call, quote)
	if !ok {
		return refuse("That quote is not in anything the prospect said: copy the words from the transcript.")
	}
	for _, m := range an.Moments {
		if m.Turn == turn {
			if _, _, same := report.FindQuote(report.Clean(m.Quote), report.Clean(quote)); same {
				return refuse("Pushback found that moment already: mark it right or wrong on its card.")
			}
		}
	}
	_, err = store.AddMoment(r.Context(), a.db, scopeOf(p), store.AddedMoment{CallID: id, MomentKey: store.MomentKey{Turn: turn, Quote: quote},
		Category: category, Note: note, CreatedBy: &p.User.ID})
	switch pushback.ErrorCode(err) {
	case pushback.EINVALID, pushback.ECONFLICT:
		return refuse(capitalise(pushback.ErrorMessage(err)) + ".")
	}
	if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/calls/%d?done=added#t%d", id, turn))
	return nil
}

func (a *App) handleMissedDelete(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, err := pathID(r, "id", "call")
	if err != nil {
		return err
	}
	mid, err := pathID(r, "mid", "added moment")
	if err != nil {
		return err
	}
	if err := store.DeleteAddedMoment(r.Context(), a.db, scopeOf(p), id, mid); err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/calls/%d?done=removed#missed", id))
	return nil
}
