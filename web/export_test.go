package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/eval"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
	"github.com/pushback-coach/pushback/web"
)

// TestExportIsLabelledCalls reviews real calls in the browser's forms the
// way a careful reviewer would (each detection marked right or wrong by
// the calls' gold labels, wrong categories corrected, missed moments
// added), downloads the export, and scores it with the real labels and
// eval code: the export must be labelled calls `pushback eval` reads, and
// score Pushback exactly as the original gold labels do.
func TestExportIsLabelledCalls(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		admin := e.addUser("ada", "Ada Admin", store.RoleAdmin)
		ctx := context.Background()
		const dir = "../testdata/calls"
		// The team's playbook is campusly's; the second call is another
		// company's, analysed with it all the same.
		pbYAML := readFile(t, filepath.Join(dir, "a-campusly.playbook.yaml"))
		pb, err := playbook.Parse("default.yaml", pbYAML)
		must(t, err, "playbook")
		must(t, store.PutPlaybook(ctx, e.db, store.StoredPlaybook{Name: "default", YAML: string(pbYAML), Version: pb.Version}), "save playbook")

		c := e.signIn("ada")
		var want eval.Counts
		for i, stem := range []string{"a14-campusly-student-success-demo", "a06-ridgeway-commercial-insurance-renewal"} {
			orig, err := labels.Load(filepath.Join(dir, stem+".labels.json"), nil)
			must(t, err, "load %s", stem)
			ext := filepath.Ext(orig.Transcript)
			call := e.ingest(admin, stem+ext, readFile(t, orig.Transcript), time.Now().Add(time.Duration(i)*time.Minute), orig.Labels.Rep...)
			doc, err := store.GetAnalysis(ctx, e.db, store.All, call.ID)
			must(t, err, "analysis")
			var an pushback.Analysis
			must(t, json.Unmarshal(doc, &an), "analysis JSON")
			if i == 0 {
				// The reviewer reads one of the detector's right moments
				// as wrong, so the export has a false alarm to carry
				// whatever the models find.
				dropMatchedGold(t, orig, an.Moments)
			}
			k, misses := eval.Compare(orig, an.Moments)
			want.Add(k)
			review(t, c, call.ID, orig, an.Moments, misses)
			if i == 1 {
				// The reviewer also disagrees with the gold: one moment
				// more, and another kind for one of them.
				extra := missedSentence(t, &an)
				wantStatus(t, "add a moment", c.post(fmt.Sprintf("/calls/%d/missed", call.ID), url.Values{"quote": {extra}, "category": {"unfounded_conclusion"}}), 303)
				m := an.Moments[0]
				other := "incorrect_fact"
				if m.Category == pushback.IncorrectFact {
					other = "forward_looking"
				}
				wantStatus(t, "correct a kind", c.post(fmt.Sprintf("/calls/%d/reviews", call.ID), url.Values{"turn": {fmt.Sprint(m.Turn)}, "quote": {m.Quote},
					"verdict": {"right"}, "corrected_category": {other}}), 303)
				want.Gold++
				want.CategoryRight--
			}
		}
		if want.Matched == 0 || want.Predicted == want.Matched {
			t.Fatalf("the calls should have matches and false alarms to test with: %+v", want)
		}

		r := c.get("/labels")
		wantStatus(t, "labelled calls page", r, http.StatusOK)
		if !strings.Contains(r.body, "call-1-a14-campusly-student-success-demo.txt") {
			t.Errorf("the export page does not list the first call's file")
		}
		r = c.get("/labels/export.zip")
		wantStatus(t, "export", r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); ct != "application/zip" {
			t.Errorf("export Content-Type %q", ct)
		}
		out := unzip(t, []byte(r.body))
		files, _ := filepath.Glob(filepath.Join(out, "*"))
		var names []string
		for _, f := range files {
			names = append(names, filepath.Base(f))
		}
		sort.Strings(names)
		wantNames := "call-1-a14-campusly-student-success-demo.labels.json,call-1-a14-campusly-student-success-demo.txt," +
			"call-2-a06-ridgeway-commercial-insurance-renewal.labels.json,call-2-a06-ridgeway-commercial-insurance-renewal.txt,playbook.yaml"
		if strings.Join(names, ",") != wantNames {
			t.Errorf("export holds %v, want %s", names, wantNames)
		}

		cases, err := labels.LoadDir(out, nil)
		must(t, err, "pushback eval cannot read the export")
		var got eval.Counts
		for _, cs := range cases {
			if len(cs.Playbook.Facts) != len(pb.Facts) || cs.Playbook.Facts[0].ID != pb.Facts[0].ID {
				t.Errorf("%s: playbook facts %v, want the team's", cs.Name, cs.Playbook.Facts)
			}
			eng, err := engine.New(cs.Playbook)
			must(t, err, "engine")
			k, _ := eval.Compare(cs, eng.Analyze(cs.Call).Moments)
			got.Add(k)
		}
		if got.Gold != want.Gold || got.Predicted != want.Predicted || got.Matched != want.Matched || got.CategoryRight != want.CategoryRight {
			t.Errorf("eval on the export: gold %d predicted %d matched %d category right %d; on the original labels: %d %d %d %d",
				got.Gold, got.Predicted, got.Matched, got.CategoryRight, want.Gold, want.Predicted, want.Matched, want.CategoryRight)
		}

		// Only complete reviews: take one verdict back, and that call drops out.
		var first labels.File
		must(t, json.Unmarshal(readFile(t, filepath.Join(out, "call-1-a14-campusly-student-success-demo.labels.json")), &first), "labels JSON")
		if len(first.Rep) != 1 || first.Rep[0] != "Leah" || first.Playbook != "playbook.yaml" {
			t.Errorf("labels rep %v playbook %q", first.Rep, first.Playbook)
		}
		reviews, err := store.ListReviews(ctx, e.db, store.All, 1)
		must(t, err, "reviews")
		must(t, store.DeleteReview(ctx, e.db, store.All, 1, reviews[0].MomentKey), "take back")
		out = unzip(t, []byte(c.get("/labels/export.zip?complete=1").body))
		if _, err := os.Stat(filepath.Join(out, "call-1-a14-campusly-student-success-demo.labels.json")); !os.IsNotExist(err) {
			t.Errorf("an incomplete review is in the complete-only export")
		}
		if _, err := os.Stat(filepath.Join(out, "call-2-a06-ridgeway-commercial-insurance-renewal.labels.json")); err != nil {
			t.Errorf("a complete review is not in the export: %v", err)
		}
	})
}

// dropMatchedGold removes from c's gold the first moment the detector
// found.
func dropMatchedGold(t *testing.T, c *labels.Case, predicted []pushback.Moment) {
	t.Helper()
	_, misses := eval.Compare(c, predicted)
	missed := map[int]bool{}
	for _, m := range misses {
		if m.Kind == "missed" {
			missed[m.Turn] = true
		}
	}
	for i, g := range c.Gold {
		if !missed[g.Turn] {
			c.Gold = append(c.Gold[:i:i], c.Gold[i+1:]...)
			return
		}
	}
	t.Fatalf("%s: the detector found none of the gold moments", c.Name)
}

// review marks each predicted moment right (correcting its category to the
// gold one) or wrong as the gold labels say, and adds the missed ones.
func review(t *testing.T, c *client, callID int64, gold *labels.Case, predicted []pushback.Moment, misses []eval.Miss) {
	t.Helper()
	page := fmt.Sprintf("/calls/%d", callID)
	falseAlarm := map[int]bool{}
	for _, m := range misses {
		if m.Kind == "false_alarm" {
			for i, p := range predicted {
				if p.Turn == m.Turn && p.Quote == m.Quote {
					falseAlarm[i] = true
				}
			}
		}
	}
	for i, m := range predicted {
		v := url.Values{"turn": {fmt.Sprint(m.Turn)}, "quote": {m.Quote}, "verdict": {"right"}}
		if falseAlarm[i] {
			v.Set("verdict", "wrong")
		} else {
			for _, g := range gold.Gold {
				if g.Turn == m.Turn && g.Category != m.Category {
					v.Set("corrected_category", string(g.Category))
				}
			}
		}
		wantStatus(t, "review", c.post(page+"/reviews", v), http.StatusSeeOther)
	}
	for _, m := range misses {
		if m.Kind == "missed" {
			r := c.post(page+"/missed", url.Values{"quote": {m.Quote}, "category": {m.Gold}})
			wantStatus(t, "add missed moment "+m.Quote, r, http.StatusSeeOther)
		}
	}
}

func unzip(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err, "export zip")
	dir := t.TempDir()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, web.ExportDir+"/") || strings.Contains(f.Name, "..") {
			t.Fatalf("zip entry %q outside %s/", f.Name, web.ExportDir)
		}
		rc, err := f.Open()
		must(t, err, "open %s", f.Name)
		b, err := io.ReadAll(rc)
		rc.Close()
		must(t, err, "read %s", f.Name)
		must(t, os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), b, 0o644), "write")
	}
	return dir
}

// missedSentence is the text of a prospect turn with no moment, as a
// reviewer would quote a moment the detector missed.
func missedSentence(t *testing.T, an *pushback.Analysis) string {
	t.Helper()
	has := map[int]bool{}
	for _, m := range an.Moments {
		has[m.Turn] = true
	}
	for _, turn := range an.Turns {
		if turn.Role == pushback.RoleProspect && !has[turn.Index] && len(strings.Fields(turn.Text)) >= 6 {
			if at, _, ok := labels.Locate(&an.Call, turn.Text); ok && at == turn.Index {
				return turn.Text
			}
		}
	}
	t.Fatal("no prospect turn without a moment")
	return ""
}
