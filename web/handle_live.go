package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/live"
	"github.com/pushback-coach/pushback/store"
)

// livePage is the live coaching page; it needs JavaScript (the WebSocket).
type livePage struct {
	Rep   string // the signed-in rep's name, the default seller side
	Title string
}

func (a *App) handleLive(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	page := livePage{Title: "Live call"}
	if p.User.RepID != nil {
		rep, err := store.GetRep(r.Context(), a.db, scopeOf(p), *p.User.RepID)
		if err != nil {
			return err
		}
		page.Rep = rep.Name
	}
	a.render(w, r, http.StatusOK, "live", view{Title: "Live", Nav: "live", Scripts: []string{"live.js"}, D: page})
	return nil
}

// liveHandler is the live WebSocket (docs/live.md) on the server's
// sign-in: the browser's session cookie or an API token. A finished
// session is stored as an analysed call of the user, under the same rules
// as an upload.
func (a *App) liveHandler() http.Handler {
	return live.Handler(live.HandlerConfig{
		Authenticate: func(r *http.Request) (string, error) {
			p := auth.FromContext(r.Context())
			switch {
			case p == nil:
				return "", pushback.Errorf(pushback.EUNAUTHORIZED, "sign in first (POST /api/v1/login) or send an API token")
			case p.IngestOnly():
				return "", pushback.Errorf(pushback.EFORBIDDEN, "this API token may only upload calls")
			}
			return strconv.FormatInt(p.User.ID, 10), nil
		},
		Engine: func(r *http.Request, _ string) (*engine.Engine, error) { return a.svc.Engine(r.Context()) },
		Save: func(ctx context.Context, call *pushback.Call, an *pushback.Analysis, user string) (string, error) {
			id, err := strconv.ParseInt(user, 10, 64)
			if err != nil {
				return "", err
			}
			u, err := store.GetUser(ctx, a.db, id)
			if err != nil {
				return "", err
			}
			c, err := a.svc.StoreAnalysed(ctx, store.Scope{UserID: u.ID, Role: u.Role}, ingest.Upload{Title: call.Source, Name: call.Source}, call, an)
			if err != nil {
				return "", err
			}
			return strconv.FormatInt(c.ID, 10), nil
		},
		WriteError: a.srv.WriteError,
		Logger:     a.log,
	})
}
