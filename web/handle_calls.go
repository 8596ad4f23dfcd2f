package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/store"
)

// callsPage is the calls list with its filters.
type callsPage struct {
	Calls    []callRow
	Reps     []store.RepSummary
	Filter   callsFilter
	Filtered bool
	Next     string // the URL of the next page, "" at the end
	Errors   []string
}

type callRow struct {
	store.Call
	LetGo int
}

// callsFilter is the filter form as typed.
type callsFilter struct {
	Rep     int64
	From    string
	To      string
	Q       string
	Status  string
	LetGo   bool
	Courage string // a scoreBands key
	Craft   string
}

// scoreBand is a choice in the courage and craft filters.
type scoreBand struct {
	Key, Label string
	Min, Max   *float64
}

func f64(v float64) *float64 { return &v }

// scoreBands are the score ranges the list filters by: the bands a coach
// thinks in, inclusive at the top end of "under" (49.9% is under half).
var scoreBands = []scoreBand{
	{"", "any", nil, nil},
	{"lt25", "under 25%", nil, f64(0.2499)},
	{"lt50", "under 50%", nil, f64(0.4999)},
	{"lt75", "under 75%", nil, f64(0.7499)},
	{"ge50", "50% or more", f64(0.5), nil},
	{"ge75", "75% or more", f64(0.75), nil},
}

func band(key string) (scoreBand, bool) {
	for _, b := range scoreBands {
		if b.Key == key {
			return b, true
		}
	}
	return scoreBand{}, false
}

func (a *App) handleCalls(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	ctx := r.Context()
	scope := scopeOf(p)
	q := r.URL.Query()
	page := callsPage{Filter: callsFilter{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), LetGo: q.Get("letgo") != "", Courage: q.Get("courage"), Craft: q.Get("craft")}}
	f := store.CallFilter{Query: page.Filter.Q, LetGo: page.Filter.LetGo, Cursor: q.Get("cursor"), Limit: 25}
	if v := q.Get("rep"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			page.Errors = append(page.Errors, "Rep: choose one from the list.")
		}
		page.Filter.Rep, f.RepID = id, id
	}
	var err error
	if f.From, err = parseDate(page.Filter.From); err != nil {
		page.Errors = append(page.Errors, "From: "+err.Error())
	}
	if f.To, err = parseDate(page.Filter.To); err != nil {
		page.Errors = append(page.Errors, "To: "+err.Error())
	} else if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the "to" day is included
	}
	switch page.Filter.Status {
	case "", store.StatusDone, store.StatusQueued, store.StatusFailed:
		f.Status = page.Filter.Status
	default:
		page.Errors = append(page.Errors, "Status: choose one from the list.")
	}
	if b, ok := band(page.Filter.Courage); ok {
		f.CourageMin, f.CourageMax = b.Min, b.Max
	} else {
		page.Errors = append(page.Errors, "Courage: choose one from the list.")
	}
	if b, ok := band(page.Filter.Craft); ok {
		f.CraftMin, f.CraftMax = b.Min, b.Max
	} else {
		page.Errors = append(page.Errors, "Craft: choose one from the list.")
	}
	page.Filtered = page.Filter != callsFilter{}
	if page.Reps, err = store.ListReps(ctx, a.db, scope, nil); err != nil {
		return err
	}
	status := http.StatusOK
	if len(page.Errors) > 0 {
		status = http.StatusBadRequest
	} else {
		calls, next, err := store.ListCalls(ctx, a.db, scope, f)
		if pushback.ErrorCode(err) == pushback.EINVALID {
			page.Errors = append(page.Errors, pushback.ErrorMessage(err))
			status = http.StatusBadRequest
		} else if err != nil {
			return err
		}
		for _, c := range calls {
			page.Calls = append(page.Calls, callRow{Call: c, LetGo: c.Moments - c.PushedBack})
		}
		if next != "" {
			nq := url.Values{}
			for k, v := range q {
				nq[k] = v
			}
			nq.Set("cursor", next)
			page.Next = "/calls?" + nq.Encode()
		}
	}
	a.render(w, r, status, "calls", view{Title: "Calls", Nav: "calls", D: page})
	return nil
}

// parseDate reads a YYYY-MM-DD date (the value of a date input); "" is no date.
func parseDate(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, pushback.Errorf(pushback.EINVALID, "expected a date such as 2025-03-01")
	}
	return t, nil
}
