package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/store"
)

// labelsPage lists the reviewed calls an export would hold.
type labelsPage struct {
	Calls        []exportCall
	CompleteOnly bool
	Exportable   int
	HasPlaybook  bool
}

func (a *App) handleLabels(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	ctx := r.Context()
	pbYAML, err := a.teamPlaybookYAML(r)
	if err != nil {
		return err
	}
	calls, err := a.reviewedCalls(ctx, scopeOf(p), pbYAML != "")
	if err != nil {
		return err
	}
	page := labelsPage{Calls: calls, CompleteOnly: r.URL.Query().Get("complete") != "", HasPlaybook: pbYAML != ""}
	for _, c := range calls {
		if c.Skipped == "" && (!page.CompleteOnly || c.Complete()) {
			page.Exportable++
		}
	}
	a.render(w, r, http.StatusOK, "labels", view{Title: "Labelled calls", Nav: "calls", D: page})
	return nil
}

// handleLabelsExport downloads the reviewed calls as labelled calls (a
// zip; see export.go). ?complete=1 keeps only the calls whose every
// detected moment has a verdict.
func (a *App) handleLabelsExport(w http.ResponseWriter, r *http.Request, p *auth.Principal) error {
	pbYAML, err := a.teamPlaybookYAML(r)
	if err != nil {
		return err
	}
	calls, err := a.reviewedCalls(r.Context(), scopeOf(p), pbYAML != "")
	if err != nil {
		return err
	}
	completeOnly := r.URL.Query().Get("complete") != ""
	kept := calls[:0]
	for _, c := range calls {
		if c.Skipped == "" && (!completeOnly || c.Complete()) {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return pushback.Errorf(pushback.EINVALID, "no reviewed calls to export yet: mark moments right or wrong on a call page first")
	}
	var buf bytes.Buffer
	if err := writeExport(&buf, kept, pbYAML); err != nil {
		return err
	}
	name := fmt.Sprintf("pushback-labelled-calls-%s.zip", time.Now().UTC().Format("2006-01-02"))
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

// teamPlaybookYAML is the team's stored playbook, "" while the built-in
// default is in use.
func (a *App) teamPlaybookYAML(r *http.Request) (string, error) {
	sp, err := store.GetPlaybook(r.Context(), a.db, ingest.ActivePlaybook)
	if pushback.ErrorCode(err) == pushback.ENOTFOUND {
		return "", nil
	}
	return sp.YAML, err
}
