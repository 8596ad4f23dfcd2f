package web

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/transcript"
)

// Exporting reviews as labelled calls (docs/labelled-calls.md), so a team
// can measure Pushback on its own calls with `pushback eval`: one zip
// holding a folder pushback-labelled-calls/ with, per reviewed call,
// call-ID-TITLE.EXT (the transcript) and call-ID-TITLE.labels.json, and
// playbook.yaml when the team has a playbook of its own (each labels file
// names it). The gold moments of a call are its detected moments marked
// right, with the reviewer's corrections, and the moments reviewers added;
// the responses are the stored analysis's verdicts. Detected moments with
// no verdict are left out (and counted in the labels file's notes).

// ExportDir is the folder inside the export zip.
const ExportDir = "pushback-labelled-calls"

// exportCall is one reviewed call ready to export, or why it cannot be.
type exportCall struct {
	Call       store.Call
	Name       string // the file stem
	Ext        string
	Transcript []byte
	Labels     labels.File
	Detected   int // moments Pushback found
	Right      int
	Wrong      int
	Unreviewed int
	Added      int
	Skipped    string // why the call is not exported, "" when it is
}

// Complete reports whether every detected moment has a verdict.
func (e exportCall) Complete() bool { return e.Unreviewed == 0 }

// Gold is the number of gold moments.
func (e exportCall) Gold() int { return len(e.Labels.Moments) }

// reviewedCalls builds the export of every reviewed call the scope may see.
func (a *App) reviewedCalls(ctx context.Context, scope store.Scope, withPlaybook bool) ([]exportCall, error) {
	ids, err := store.ReviewedCalls(ctx, a.db, scope)
	if err != nil {
		return nil, err
	}
	out := make([]exportCall, 0, len(ids))
	for _, id := range ids {
		e, err := a.exportOne(ctx, scope, id, withPlaybook)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (a *App) exportOne(ctx context.Context, scope store.Scope, id int64, withPlaybook bool) (exportCall, error) {
	c, an, err := a.loadCall(ctx, scope, id)
	if err != nil {
		return exportCall{}, err
	}
	e := exportCall{Call: c, Name: fmt.Sprintf("call-%d%s", c.ID, slug(c.Title))}
	if an == nil {
		e.Skipped = "not analysed"
		return e, nil
	}
	reviews, err := store.ListReviews(ctx, a.db, scope, id)
	if err != nil {
		return exportCall{}, err
	}
	added, err := store.ListAddedMoments(ctx, a.db, scope, id)
	if err != nil {
		return exportCall{}, err
	}
	tr, err := store.GetTranscript(ctx, a.db, scope, id)
	if err != nil {
		return exportCall{}, err
	}
	reps := an.SpeakersIn(pushback.RoleRep)
	e.Ext, e.Transcript = exportTranscript(tr, an, reps, e.Name)
	e.Labels, e.Detected, e.Right, e.Wrong, e.Unreviewed, e.Added = goldLabels(an, reviews, added)
	e.Labels.Rep = append([]string{}, reps...)
	if withPlaybook {
		e.Labels.Playbook = "playbook.yaml"
	}
	notes := []string{fmt.Sprintf("Exported from Pushback call %d (%s) on %s.", c.ID, report.Clean(c.Title), time.Now().UTC().Format("2006-01-02"))}
	if e.Unreviewed > 0 {
		notes = append(notes, fmt.Sprintf("%s with no verdict left out.", plural(e.Unreviewed, "detected moment", "detected moments")))
	}
	e.Labels.Notes = strings.Join(notes, " ")
	return e, nil
}

// goldLabels turns a call's review into gold moments, in the order of the call.
func goldLabels(an *pushback.Analysis, reviews []store.MomentReview, added []store.AddedMoment) (f labels.File, detected, right, wrong, unreviewed, addedN int) {
	type gold struct {
		turn, at int
		m        labels.Moment
	}
	byKey := map[store.MomentKey]store.MomentReview{}
	for _, r := range reviews {
		byKey[r.MomentKey] = r
	}
	var golds []gold
	place := func(quote string) (int, int, bool) {
		turn, span, ok := labels.Locate(&an.Call, quote)
		return turn, span[0], ok
	}
	for _, m := range an.Moments {
		detected++
		r, ok := byKey[store.MomentKey{Turn: m.Turn, Quote: strings.TrimSpace(m.Quote)}]
		switch {
		case !ok:
			unreviewed++
			continue
		case r.Verdict == store.VerdictWrong:
			wrong++
			continue
		}
		right++
		g := labels.Moment{Quote: strings.TrimSpace(m.Quote), Category: m.Category, Response: goldResponse(m.Response)}
		if r.CorrectedQuote != "" {
			g.Quote = r.CorrectedQuote
		}
		if r.CorrectedCategory != "" {
			g.Category = pushback.Category(r.CorrectedCategory)
		}
		turn, at, ok := place(g.Quote)
		if !ok {
			turn, at = m.Turn, 0
		}
		golds = append(golds, gold{turn: turn, at: at, m: g})
	}
	for _, am := range added {
		addedN++
		turn, at, ok := place(am.Quote)
		if !ok {
			turn, at = am.Turn, 0
		}
		golds = append(golds, gold{turn: turn, at: at, m: labels.Moment{Quote: am.Quote, Category: pushback.Category(am.Category)}})
	}
	slices.SortStableFunc(golds, func(a, b gold) int { return cmp.Or(cmp.Compare(a.turn, b.turn), cmp.Compare(a.at, b.at)) })
	f.Moments = make([]labels.Moment, 0, len(golds))
	for _, g := range golds {
		f.Moments = append(f.Moments, g.m)
	}
	return f, detected, right, wrong, unreviewed, addedN
}

// goldResponse is the analysis's verdict on the rep's response in the
// labels' terms: respectful and calm only for a push-back.
func goldResponse(r *pushback.Response) *labels.Response {
	if r == nil {
		return &labels.Response{}
	}
	g := &labels.Response{PushedBack: r.PushedBack}
	if r.PushedBack {
		g.Warning, g.Permission = r.Warning, r.Permission
		g.Respectful, g.Calm = r.Respectful, r.Calm
	}
	return g
}

// exportTranscript returns the transcript to write and its extension: the
// file as uploaded when it reads back as the same call, else (a live
// session's call, or a format whose reading changed) the call's turns as
// "Name: text" lines, which every reader takes.
func exportTranscript(tr store.StoredTranscript, an *pushback.Analysis, reps []string, stem string) (string, []byte) {
	ext := strings.ToLower(path.Ext(tr.Source))
	known := false
	for _, f := range transcript.Formats() {
		if f.ID == tr.Format && len(f.Exts) > 0 {
			if !slices.Contains(f.Exts, ext) {
				ext = f.Exts[0]
			}
			known = true
			break
		}
	}
	if known {
		call, err := transcript.Parse(bytes.NewReader(tr.Data), transcript.Options{Name: stem + ext, Reps: reps, MaxBytes: -1})
		if err == nil && sameTurns(call, &an.Call) {
			return ext, tr.Data
		}
	}
	var b bytes.Buffer
	for _, t := range an.Turns {
		speaker := strings.ReplaceAll(report.Clean(t.Speaker), ":", " ")
		if speaker == "" {
			speaker = transcript.DefaultSpeaker
		}
		if c := report.Clock(t.Start); c != "" {
			fmt.Fprintf(&b, "[%s] ", c)
		}
		fmt.Fprintf(&b, "%s: %s\n", speaker, report.Clean(t.Text))
	}
	return ".txt", b.Bytes()
}

// sameTurns reports whether two readings of a call have the same turns.
func sameTurns(a, b *pushback.Call) bool {
	if len(a.Turns) != len(b.Turns) {
		return false
	}
	for i := range a.Turns {
		if a.Turns[i].Speaker != b.Turns[i].Speaker || a.Turns[i].Role != b.Turns[i].Role || a.Turns[i].Text != b.Turns[i].Text {
			return false
		}
	}
	return true
}

// writeExport writes the zip of the exportable calls; playbookYAML, when
// not empty, is written as playbook.yaml.
func writeExport(w io.Writer, calls []exportCall, playbookYAML string) error {
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: ExportDir + "/" + name, Method: zip.Deflate, Modified: time.Now().UTC()})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	if playbookYAML != "" {
		if err := add("playbook.yaml", []byte(playbookYAML)); err != nil {
			return err
		}
	}
	for _, e := range calls {
		if e.Skipped != "" {
			continue
		}
		doc, err := json.MarshalIndent(e.Labels, "", "  ")
		if err != nil {
			return err
		}
		if err := add(e.Name+e.Ext, e.Transcript); err != nil {
			return err
		}
		if err := add(e.Name+".labels.json", append(doc, '\n')); err != nil {
			return err
		}
	}
	return zw.Close()
}

// slug makes "-acme-discovery" of a title (at most 60 characters), for a
// file name; "" when the title has no letters or digits.
func slug(title string) string {
	if ext := strings.ToLower(filepath.Ext(title)); slices.Contains([]string{".vtt", ".srt", ".txt", ".json"}, ext) {
		title = title[:len(title)-len(ext)]
	}
	var b strings.Builder
	dash := true
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return ""
	}
	return "-" + s
}
