package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// callPage is the review of one call.
type callPage struct {
	*callView
	Form formError // a form on the page that was refused, with what was typed
}

// formError is a refused form on a page: which form, why, and the values
// to fill it with again.
type formError struct {
	Form    string // the form's id
	Message string
	Values  map[string]string
}

// On reports whether the error belongs to the form with the id.
func (f formError) On(id string) bool { return f.Form == id && f.Message != "" }

// Value is what was typed in a field of the refused form.
func (f formError) Value(id, field string) string {
	if f.Form != id {
		return ""
	}
	return f.Values[field]
}

func (a *App) handleCall(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	id, err := pathID(r, "id", "call")
	if err != nil {
		return err
	}
	return a.renderCall(w, r, p, id, http.StatusOK, formError{})
}

// loadCall reads a call the principal may see with its analysis (nil until
// analysed).
func (a *App) loadCall(ctx context.Context, scope store.Scope, id int64) (store.Call, *pushback.Analysis, error) {
	c, err := store.GetCall(ctx, a.db, scope, id)
	if err != nil {
		return store.Call{}, nil, err
	}
	doc, err := store.GetAnalysis(ctx, a.db, scope, id)
	if err != nil || doc == nil {
		return c, nil, err
	}
	an := new(pushback.Analysis)
	if err := json.Unmarshal(doc, an); err != nil {
		return c, nil, fmt.Errorf("call %d: stored analysis: %w", id, err)
	}
	return c, an, nil
}

// renderCall renders the call page, with a refused form when fe is set.
func (a *App) renderCall(w http.ResponseWriter, r *http.Request, p *auth.Principal, id int64, status int, fe formError) error {
	ctx := r.Context()
	scope := scopeOf(p)
	c, an, err := a.loadCall(ctx, scope, id)
	if err != nil {
		return err
	}
	reviews, err := store.ListReviews(ctx, a.db, scope, id)
	if err != nil {
		return err
	}
	comments, err := store.ListComments(ctx, a.db, scope, id)
	if err != nil {
		return err
	}
	added, err := store.ListAddedMoments(ctx, a.db, scope, id)
	if err != nil {
		return err
	}
	v := view{Title: c.Title, Nav: "calls", Scripts: []string{"app.js"}, D: callPage{callView: newCallView(c, an, reviews, comments, added), Form: fe}}
	if c.Status == store.StatusQueued {
		v.Refresh = 3
	}
	a.render(w, r, status, "call", v)
	return nil
}
