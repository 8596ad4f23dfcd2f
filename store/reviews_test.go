package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

func TestReviewsCommentsAndAddedMoments(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		f := newFixture(t, d)
		day := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		call := addCall(t, f.db, "Dana Reyes", "You will raise prices after year one.", day)
		analyse(t, f.db, call)
		other := addCall(t, f.db, "Omar Haddad", "You will vanish once we sign.", day)
		analyse(t, f.db, other)
		moment := store.MomentKey{Turn: 1, Quote: "You will raise prices after year one."}

		dana, mgrEast, mgrWest, omar := scopeOf(f.dana), scopeOf(f.mgrEast), scopeOf(f.mgrWest), scopeOf(f.omar)

		// A manager comments, the rep replies; others cannot see or add to the thread.
		c1, err := store.AddComment(ctx, f.db, mgrEast, store.NewComment{CallID: call.ID, Moment: moment, AuthorID: f.mgrEast.ID, Body: "  Good catch, <b>but</b> ask first.  "})
		if err != nil {
			t.Fatal(err)
		}
		if c1.Body != "Good catch, <b>but</b> ask first." || c1.AuthorName != "Erin East" || c1.AuthorRole != store.RoleManager || c1.Turn != 1 {
			t.Errorf("comment = %+v", c1)
		}
		if _, err := store.AddComment(ctx, f.db, dana, store.NewComment{CallID: call.ID, Moment: moment, AuthorID: f.dana.ID, Body: "Will do."}); err != nil {
			t.Fatal(err)
		}
		for _, s := range []store.Scope{mgrWest, omar} {
			if _, err := store.AddComment(ctx, f.db, s, store.NewComment{CallID: call.ID, Moment: moment, AuthorID: s.UserID, Body: "sneaky"}); pushback.ErrorCode(err) != pushback.ENOTFOUND {
				t.Errorf("%v comments on another team's call: %v, want not found", s, err)
			}
			if _, err := store.ListComments(ctx, f.db, s, call.ID); pushback.ErrorCode(err) != pushback.ENOTFOUND {
				t.Errorf("%v lists another team's comments: %v, want not found", s, err)
			}
		}
		if _, err := store.AddComment(ctx, f.db, dana, store.NewComment{CallID: call.ID, Moment: moment, AuthorID: f.dana.ID, Body: "   "}); pushback.ErrorCode(err) != pushback.EINVALID {
			t.Errorf("empty comment: %v, want invalid", err)
		}
		cs, err := store.ListComments(ctx, f.db, dana, call.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 2 || cs[0].AuthorName != "Erin East" || cs[1].AuthorName != "Dana Reyes" || cs[1].Body != "Will do." {
			t.Errorf("thread = %+v", cs)
		}

		// Reviews: one per moment, replaced by the next; corrections kept only when right.
		r, err := store.SaveReview(ctx, f.db, mgrEast, store.MomentReview{CallID: call.ID, MomentKey: moment, Category: "forward_looking",
			Verdict: store.VerdictRight, CorrectedCategory: "incorrect_fact", CorrectedQuote: "raise prices after year one", ReviewerID: &f.mgrEast.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r.CorrectedCategory != "incorrect_fact" || r.CorrectedQuote != "raise prices after year one" || r.ReviewerName != "Erin East" {
			t.Errorf("review = %+v", r)
		}
		r, err = store.SaveReview(ctx, f.db, dana, store.MomentReview{CallID: call.ID, MomentKey: moment, Category: "forward_looking",
			Verdict: store.VerdictWrong, CorrectedCategory: "incorrect_fact", Note: "a joke", ReviewerID: &f.dana.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != store.VerdictWrong || r.CorrectedCategory != "" || r.CorrectedQuote != "" || r.Note != "a joke" {
			t.Errorf("wrong review kept corrections: %+v", r)
		}
		for _, bad := range []store.MomentReview{
			{CallID: call.ID, MomentKey: moment, Category: "forward_looking", Verdict: "maybe"},
			{CallID: call.ID, MomentKey: moment, Category: "forward_looking", Verdict: store.VerdictRight, CorrectedCategory: "rude"},
			{CallID: call.ID, MomentKey: store.MomentKey{Turn: 1}, Category: "forward_looking", Verdict: store.VerdictRight},
		} {
			if _, err := store.SaveReview(ctx, f.db, dana, bad); pushback.ErrorCode(err) != pushback.EINVALID {
				t.Errorf("SaveReview(%+v) = %v, want invalid", bad, err)
			}
		}
		if _, err := store.SaveReview(ctx, f.db, mgrWest, store.MomentReview{CallID: call.ID, MomentKey: moment, Category: "forward_looking", Verdict: store.VerdictRight}); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("another team's manager reviews: %v, want not found", err)
		}
		rs, err := store.ListReviews(ctx, f.db, scopeOf(f.admin), call.ID)
		if err != nil || len(rs) != 1 || rs[0].Verdict != store.VerdictWrong {
			t.Errorf("reviews = %+v, %v", rs, err)
		}

		// Added moments.
		am, err := store.AddMoment(ctx, f.db, dana, store.AddedMoment{CallID: call.ID, MomentKey: store.MomentKey{Turn: 1, Quote: "raise prices"}, Category: "forward_looking", CreatedBy: &f.dana.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.AddMoment(ctx, f.db, dana, store.AddedMoment{CallID: call.ID, MomentKey: store.MomentKey{Turn: 1, Quote: "raise prices"}, Category: "forward_looking"}); pushback.ErrorCode(err) != pushback.ECONFLICT {
			t.Errorf("same moment added twice: %v, want conflict", err)
		}
		if _, err := store.AddMoment(ctx, f.db, omar, am); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("another rep adds a moment: %v, want not found", err)
		}
		if err := store.DeleteAddedMoment(ctx, f.db, omar, call.ID, am.ID); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("another rep deletes a moment: %v, want not found", err)
		}
		ams, err := store.ListAddedMoments(ctx, f.db, mgrEast, call.ID)
		if err != nil || len(ams) != 1 || ams[0].CreatedByName != "Dana Reyes" || ams[0].Quote != "raise prices" {
			t.Errorf("added moments = %+v, %v", ams, err)
		}

		// Which calls are reviewed depends on who asks.
		ids, err := store.ReviewedCalls(ctx, f.db, mgrEast)
		if err != nil || len(ids) != 1 || ids[0] != call.ID {
			t.Errorf("reviewed calls for the east manager = %v, %v", ids, err)
		}
		if ids, err := store.ReviewedCalls(ctx, f.db, mgrWest); err != nil || len(ids) != 0 {
			t.Errorf("reviewed calls for the west manager = %v, %v", ids, err)
		}
		if err := store.DeleteAddedMoment(ctx, f.db, dana, call.ID, am.ID); err != nil {
			t.Fatal(err)
		}
		if err := store.DeleteReview(ctx, f.db, dana, call.ID, moment); err != nil {
			t.Fatal(err)
		}
		if ids, _ := store.ReviewedCalls(ctx, f.db, scopeOf(f.admin)); len(ids) != 0 {
			t.Errorf("reviewed calls after taking everything back = %v", ids)
		}

		// The transcript as received, and analyses in bulk, under the same rules.
		tr, err := store.GetTranscript(ctx, f.db, dana, call.ID)
		if err != nil || string(tr.Data) != "Dana Reyes: You will raise prices after year one." || tr.Source != "test.txt" {
			t.Errorf("transcript = %+v, %v", tr, err)
		}
		if _, err := store.GetTranscript(ctx, f.db, omar, call.ID); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("another rep's transcript: %v, want not found", err)
		}
		as, err := store.GetAnalyses(ctx, f.db, mgrEast, []int64{call.ID, other.ID})
		if err != nil || len(as) != 1 || as[call.ID] == nil {
			t.Errorf("analyses for the east manager = %d, %v", len(as), err)
		}

		// Deleting the call deletes its review data.
		if _, err := store.AddComment(ctx, f.db, dana, store.NewComment{CallID: call.ID, Moment: moment, AuthorID: f.dana.ID, Body: "again"}); err != nil {
			t.Fatal(err)
		}
		if err := store.DeleteCall(ctx, f.db, store.All, call.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := f.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM moment_comments`).Scan(&n); err != nil || n != 0 {
			t.Errorf("comments left after deleting the call: %d, %v", n, err)
		}
	})
}

func TestCallFiltersAndMomentBreakdown(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		f := newFixture(t, d)
		day := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		pushed := addCall(t, f.db, "Dana Reyes", "You will raise prices after year one.", day)
		analyse(t, f.db, pushed) // one moment, pushed back: courage 1, craft 0.5
		letGo := addCall(t, f.db, "Dana Reyes", "Your support will vanish.", day.Add(time.Hour))
		err := f.db.Tx(ctx, func(tx *store.Tx) error {
			in, err := store.GetCallInput(ctx, tx, letGo.ID)
			if err != nil {
				return err
			}
			a := testAnalysis(in.Call)
			a.Moments[0].Response = &pushback.Response{Turns: []int{2}, How: pushback.HowAgreed}
			a.Moments[0].Topics = nil
			a.Scores = pushback.Scores{Moments: 1, Courage: f64(0), ByRep: map[string]*pushback.RepScores{"Dana Reyes": {Moments: 1, Courage: f64(0)}}}
			_, err = store.SaveAnalysis(ctx, tx, letGo.ID, in.Generation, a)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		omarCall := addCall(t, f.db, "Omar Haddad", "You will vanish once we sign.", day)
		analyse(t, f.db, omarCall)

		list := func(s store.Scope, cf store.CallFilter) []int64 {
			t.Helper()
			calls, _, err := store.ListCalls(ctx, f.db, s, cf)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, c := range calls {
				out = append(out, c.ID)
			}
			return out
		}
		half := 0.5
		for name, tc := range map[string]struct {
			cf   store.CallFilter
			want []int64
		}{
			"let go":             {store.CallFilter{LetGo: true}, []int64{letGo.ID}},
			"courage at most ½":  {store.CallFilter{CourageMax: &half}, []int64{letGo.ID}},
			"courage at least ½": {store.CallFilter{CourageMin: &half, RepID: f.danaRep}, []int64{pushed.ID}},
			"craft at most ½":    {store.CallFilter{CraftMax: &half}, []int64{pushed.ID, omarCall.ID}},
		} {
			got := list(store.All, tc.cf)
			if len(got) != len(tc.want) {
				t.Errorf("%s: calls %v, want %v", name, got, tc.want)
				continue
			}
			want := map[int64]bool{}
			for _, id := range tc.want {
				want[id] = true
			}
			for _, id := range got {
				if !want[id] {
					t.Errorf("%s: calls %v, want %v", name, got, tc.want)
				}
			}
		}
		if got := list(scopeOf(f.omar), store.CallFilter{LetGo: true}); len(got) != 0 {
			t.Errorf("Omar sees let-go calls %v, want none of Dana's", got)
		}

		groups, err := store.BreakdownMoments(ctx, f.db, scopeOf(f.mgrEast), store.BreakdownFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]int{}
		for _, g := range groups {
			if g.RepID == nil || *g.RepID != f.danaRep {
				t.Errorf("east manager sees a moment of rep %v", g.RepID)
			}
			byKey[g.Category+"/"+strings.Join(g.Topics, ",")+"/"+g.How] += g.Moments
		}
		if byKey["forward_looking/price/pushed_back"] != 1 || byKey["forward_looking//agreed"] != 1 || len(byKey) != 2 {
			t.Errorf("breakdown = %v", byKey)
		}
		all, err := store.BreakdownMoments(ctx, f.db, store.All, store.BreakdownFilter{TeamID: f.west.ID})
		if err != nil || len(all) != 1 || all[0].Moments != 1 {
			t.Errorf("west breakdown = %+v, %v", all, err)
		}
	})
}
