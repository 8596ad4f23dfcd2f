package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/store"
)

// The forms of the call page: a comment on a moment, a verdict on a
// detected moment, a missed moment added or removed. Each redirects back to
// the moment on success; a refused form renders the page again with the
// error next to the form and what was typed.

// momentForm reads the moment a form is about (hidden fields turn and
// quote) and finds it among the call's detected moments.
func momentForm(r *http.Request, an *pushback.Analysis) (int, *pushback.Moment, error) {
	turn, err := strconv.Atoi(r.PostForm.Get("turn"))
	quote := strings.TrimSpace(r.PostForm.Get("quote"))
	if err != nil || an == nil {
		return 0, nil, pushback.Errorf(pushback.ENOTFOUND, "no such moment in this call")
	}
	for i := range an.Moments {
		m := &an.Moments[i]
		if m.Turn == turn && strings.TrimSpace(m.Quote) == quote {
			return i + 1, m, nil
		}
	}
	return 0, nil, pushback.Errorf(pushback.ENOTFOUND, "no such moment in this call: it may have changed in a new analysis")
}

func (a *App) parseCallForm(r *http.Request, p *auth.Principal) (int64, *pushback.Analysis, error) {
	id, err := pathID(r, "id", "call")
	if err != nil {
		return 0, nil, err
	}
	if err := r.ParseForm(); err != nil {
		return 0, nil, pushback.Errorf(pushback.EINVALID, "form: %v", err)
	}
	_, an, err := a.loadCall(r.Context(), scopeOf(p), id)
	return id, an, err
}

// handleReview saves (or, with verdict "", takes back) the right/wrong
// verdict on a detected moment. A corrected quote must be words of the
// moment's turn, so the exported labels point at the same place.
func (a *App) handleReview(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, an, err := a.parseCallForm(r, p)
	if err != nil {
		return err
	}
	n, m, err := momentForm(r, an)
	if err != nil {
		return err
	}
	ctx := r.Context()
	scope := scopeOf(p)
	key := store.MomentKey{Turn: m.Turn, Quote: strings.TrimSpace(m.Quote)}
	f := r.PostForm
	verdict := f.Get("verdict")
	if verdict == "" || f.Get("clear") != "" {
		err := store.DeleteReview(ctx, a.db, scope, id, key)
		if err != nil && pushback.ErrorCode(err) != pushback.ENOTFOUND {
			return err
		}
		redirect(w, r, fmt.Sprintf("/calls/%d?done=unreview#m%d", id, n))
		return nil
	}
	rv := store.MomentReview{CallID: id, MomentKey: key, Category: string(m.Category), Verdict: verdict,
		CorrectedCategory: f.Get("corrected_category"), CorrectedQuote: strings.TrimSpace(f.Get("corrected_quote")), Note: f.Get("note"), ReviewerID: &p.User.ID}
	formID := fmt.Sprintf("review-m%d", n)
	refuse := func(msg string) error {
		return a.renderCall(w, r, p, id, http.StatusBadRequest, formError{Form: formID, Message: msg,
			Values: map[string]string{"verdict": verdict, "corrected_category": rv.CorrectedCategory, "corrected_quote": rv.CorrectedQuote, "note": rv.Note}})
	}
	if verdict == store.VerdictRight && rv.CorrectedQuote != "" {
		turn, _, ok := labels.Locate(&an.Call, rv.CorrectedQuote)
		switch {
		case !ok:
			return refuse("The corrected quote is not in what the prospect said: copy the words from the transcript.")
		case turn != m.Turn:
			return refuse(fmt.Sprintf("The corrected quote is found first in turn %d, not in this moment's turn %d: quote more of this turn.", turn, m.Turn))
		}
	}
	if _, err := store.SaveReview(ctx, a.db, scope, rv); pushback.ErrorCode(err) == pushback.EINVALID {
		return refuse(capitalise(pushback.ErrorMessage(err)) + ".")
	} else if err != nil {
		return err
	}
	redirect(w, r, fmt.Sprintf("/calls/%d?done=review#m%d", id, n))
	return nil
}
