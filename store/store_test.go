package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

// fixture is a small team: an admin, two teams with a manager each, and a
// rep user in each team.
type fixture struct {
	db                 *store.DB
	admin              store.User
	east, west         store.Team
	mgrEast, mgrWest   store.User
	dana, omar         store.User // rep users: Dana Reyes (east), Omar Haddad (west)
	danaRep, omarRepID int64
}

func newFixture(t *testing.T, d store.Dialect) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: storetest.MustOpen(t, d)}
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if f.admin, err = store.CreateUser(ctx, tx, store.NewUser{Username: "admin", Role: store.RoleAdmin}); err != nil {
			return err
		}
		if f.east, err = store.CreateTeam(ctx, tx, "East"); err != nil {
			return err
		}
		if f.west, err = store.CreateTeam(ctx, tx, "West"); err != nil {
			return err
		}
		if f.mgrEast, err = store.CreateUser(ctx, tx, store.NewUser{Username: "erin", Name: "Erin East", Role: store.RoleManager}); err != nil {
			return err
		}
		if f.mgrWest, err = store.CreateUser(ctx, tx, store.NewUser{Username: "walt", Name: "Walt West", Role: store.RoleManager}); err != nil {
			return err
		}
		if err := store.AddTeamManager(ctx, tx, f.east.ID, f.mgrEast.ID); err != nil {
			return err
		}
		if err := store.AddTeamManager(ctx, tx, f.west.ID, f.mgrWest.ID); err != nil {
			return err
		}
		if f.dana, err = store.CreateUser(ctx, tx, store.NewUser{Username: "dana", Name: "Dana Reyes", Role: store.RoleRep}); err != nil {
			return err
		}
		if f.omar, err = store.CreateUser(ctx, tx, store.NewUser{Username: "omar", Name: "Omar Haddad", Role: store.RoleRep}); err != nil {
			return err
		}
		if err := store.SetRepTeam(ctx, tx, *f.dana.RepID, &f.east.ID); err != nil {
			return err
		}
		return store.SetRepTeam(ctx, tx, *f.omar.RepID, &f.west.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	f.danaRep, f.omarRepID = *f.dana.RepID, *f.omar.RepID
	return f
}

func scopeOf(u store.User) store.Scope { return store.Scope{UserID: u.ID, Role: u.Role} }

// testCall is a two-speaker call with the rep first.
func testCall(rep, text string) *pushback.Call {
	c := &pushback.Call{Schema: pushback.CallSchema, Source: "test.txt", Format: "name-colon", Duration: pushback.NoTime,
		Speakers: []pushback.Speaker{{Name: rep, Role: pushback.RoleRep}, {Name: "Bob Stone", Role: pushback.RoleProspect}},
		Turns: []pushback.Turn{
			{Index: 0, Speaker: rep, Role: pushback.RoleRep, Start: pushback.NoTime, End: pushback.NoTime, Text: "Hi Bob."},
			{Index: 1, Speaker: "Bob Stone", Role: pushback.RoleProspect, Start: pushback.NoTime, End: pushback.NoTime, Text: text},
			{Index: 2, Speaker: rep, Role: pushback.RoleRep, Start: pushback.NoTime, End: pushback.NoTime, Text: "I see that differently; may I share why?"},
		}}
	return c
}

func f64(v float64) *float64 { return &v }

// testAnalysis has one moment the rep pushed back on.
func testAnalysis(c *pushback.Call) *pushback.Analysis {
	rep := c.Turns[0].Speaker
	a := &pushback.Analysis{Call: *c, Playbook: pushback.PlaybookRef{Name: "default", Version: "sha256:1"}, Models: pushback.ModelRef{Version: "m1"},
		Moments: []pushback.Moment{{Turn: 1, Quote: c.Turns[1].Text, Category: pushback.ForwardLooking, Topics: []pushback.Topic{pushback.TopicPrice},
			Confidence: 0.9, Response: &pushback.Response{Turns: []int{2}, PushedBack: true, How: pushback.HowPushedBack}}},
		Scores: pushback.Scores{Moments: 1, PushedBack: 1, Courage: f64(1), Craft: f64(0.5),
			ByRep: map[string]*pushback.RepScores{rep: {Moments: 1, PushedBack: 1, Courage: f64(1), Craft: f64(0.5)}}}}
	a.Schema = pushback.AnalysisSchema
	return a
}

func addCall(t *testing.T, db *store.DB, rep, text string, date time.Time) store.Call {
	t.Helper()
	var c store.Call
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = store.CreateCall(context.Background(), tx, store.NewCall{Title: text, Date: date, Transcript: []byte(rep + ": " + text), Call: testCall(rep, text)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func analyse(t *testing.T, db *store.DB, c store.Call) {
	t.Helper()
	ctx := context.Background()
	err := db.Tx(ctx, func(tx *store.Tx) error {
		in, err := store.GetCallInput(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		ok, err := store.SaveAnalysis(ctx, tx, c.ID, in.Generation, testAnalysis(in.Call))
		if !ok && err == nil {
			err = errors.New("analysis not saved")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		dsn := storetest.NewDSN(t, d)
		ctx := context.Background()
		for i := 0; i < 2; i++ {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("open %d: %v", i, err)
			}
			v, err := store.SchemaVersion(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			all, _ := store.Migrations(d)
			if v != len(all) {
				t.Errorf("schema version %d, want %d", v, len(all))
			}
			db.Close()
		}
	})
}

func TestSQLitePathWithOddCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my data #1 100% ?", "pushback.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at %s: %v", path, err)
	}
	var mode string
	db, _ = store.Open(context.Background(), "sqlite:"+path)
	defer db.Close()
	if err := db.QueryRowContext(context.Background(), `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q %v, want wal", mode, err)
	}
	var fk int
	if err := db.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys %d %v, want 1", fk, err)
	}
}

func TestMigrationsConcurrentStart(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		dsn := storetest.NewDSN(t, d)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := store.Open(context.Background(), dsn)
				if err == nil {
					db.Close()
				}
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func TestDialectsHaveTheSameMigrations(t *testing.T) {
	a, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i+1, a[i].Name, b[i].Name)
		}
	}
}

func TestUsersAndRoles(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		u, err := store.GetUserByUsername(ctx, f.db, "DANA")
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != store.RoleRep || u.RepID == nil || len(u.TeamIDs) != 1 || u.TeamIDs[0] != f.east.ID {
			t.Errorf("dana = %+v, want a rep in East", u)
		}
		m, _ := store.GetUser(ctx, f.db, f.mgrEast.ID)
		if len(m.TeamIDs) != 1 || m.TeamIDs[0] != f.east.ID {
			t.Errorf("erin manages %v, want [East]", m.TeamIDs)
		}
		err = f.db.Tx(ctx, func(tx *store.Tx) error {
			_, err := store.CreateUser(ctx, tx, store.NewUser{Username: "Dana", Role: store.RoleRep})
			return err
		})
		if pushback.ErrorCode(err) != pushback.ECONFLICT {
			t.Errorf("duplicate username: %v, want conflict", err)
		}

		for _, c := range []struct {
			who  store.User
			want []string
		}{
			{f.admin, []string{"admin", "dana", "erin", "omar", "walt"}},
			{f.mgrEast, []string{"dana", "erin"}},
			{f.dana, []string{"dana"}},
		} {
			users, err := store.ListUsers(ctx, f.db, scopeOf(c.who))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range users {
				got = append(got, u.Username)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s sees users %v, want %v", c.who.Username, got, c.want)
			}
		}
	})
}

func TestCallsDedupListAndScope(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		day := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		var danaCalls, omarCalls []store.Call
		for i := 0; i < 7; i++ {
			danaCalls = append(danaCalls, addCall(t, f.db, "Dana Reyes", fmt.Sprintf("dana call %d", i), day.Add(time.Duration(i)*time.Hour)))
			omarCalls = append(omarCalls, addCall(t, f.db, "Omar Haddad", fmt.Sprintf("omar call %d", i), day.Add(time.Duration(i)*time.Hour)))
		}
		c := danaCalls[0]
		if c.Status != store.StatusQueued || len(c.Reps) != 1 || c.Reps[0].ID != f.danaRep {
			t.Errorf("new call = %+v, want queued and Dana's", c)
		}
		if !c.Date.Equal(day) {
			t.Errorf("date %v, want %v", c.Date, day)
		}

		// The same transcript again is a conflict naming the stored call.
		err := f.db.Tx(ctx, func(tx *store.Tx) error {
			_, err := store.CreateCall(ctx, tx, store.NewCall{Transcript: []byte("Dana Reyes: dana call 0"), Call: testCall("Dana Reyes", "x")})
			return err
		})
		var dup *store.DuplicateError
		if !errors.As(err, &dup) || dup.CallID != c.ID || pushback.ErrorCode(err) != pushback.ECONFLICT {
			t.Errorf("duplicate: %v, want DuplicateError for call %d", err, c.ID)
		}

		// Pages: newest first, no overlap, all visible calls.
		seen := map[int64]bool{}
		cursor := ""
		var prev time.Time
		for page := 0; ; page++ {
			calls, next, err := store.ListCalls(ctx, f.db, store.All, store.CallFilter{Limit: 3, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range calls {
				if seen[c.ID] {
					t.Errorf("call %d on two pages", c.ID)
				}
				seen[c.ID] = true
				if !prev.IsZero() && c.Date.After(prev) {
					t.Errorf("call %d out of order", c.ID)
				}
				prev = c.Date
			}
			if next == "" {
				break
			}
			cursor = next
			if page > 10 {
				t.Fatal("too many pages")
			}
		}
		if len(seen) != 14 {
			t.Errorf("paged through %d calls, want 14", len(seen))
		}

		for _, s := range []struct {
			who  store.User
			want int
			not  int64
		}{{f.admin, 14, 0}, {f.mgrEast, 7, omarCalls[0].ID}, {f.mgrWest, 7, danaCalls[0].ID}, {f.dana, 7, omarCalls[0].ID}, {f.omar, 7, danaCalls[0].ID}} {
			calls, _, err := store.ListCalls(ctx, f.db, scopeOf(s.who), store.CallFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != s.want {
				t.Errorf("%s sees %d calls, want %d", s.who.Username, len(calls), s.want)
			}
			if s.not != 0 {
				if _, err := store.GetCall(ctx, f.db, scopeOf(s.who), s.not); pushback.ErrorCode(err) != pushback.ENOTFOUND {
					t.Errorf("%s gets call %d: %v, want not found", s.who.Username, s.not, err)
				}
				if err := store.DeleteCall(ctx, f.db, scopeOf(s.who), s.not); pushback.ErrorCode(err) != pushback.ENOTFOUND {
					t.Errorf("%s deletes call %d: %v, want not found", s.who.Username, s.not, err)
				}
			}
		}

		// Filters.
		calls, _, err := store.ListCalls(ctx, f.db, store.All, store.CallFilter{TeamID: f.west.ID, From: day.Add(2 * time.Hour), To: day.Add(4 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) != 2 {
			t.Errorf("west calls in [2h,4h): %d, want 2", len(calls))
		}
		calls, _, _ = store.ListCalls(ctx, f.db, store.All, store.CallFilter{RepID: f.danaRep, Query: "CALL 3"})
		if len(calls) != 1 || calls[0].ID != danaCalls[3].ID {
			t.Errorf("search dana 'CALL 3': %v", calls)
		}
		if _, _, err := store.ListCalls(ctx, f.db, store.All, store.CallFilter{Cursor: "nonsense!"}); pushback.ErrorCode(err) != pushback.EINVALID {
			t.Errorf("bad cursor: %v, want invalid", err)
		}
	})
}

func TestAnalysisIndexesMomentsAndScores(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		day := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
		c1 := addCall(t, f.db, "Dana Reyes", "you will raise prices", day)
		c2 := addCall(t, f.db, "Dana Reyes", "support is slow", day.Add(24*time.Hour))
		c3 := addCall(t, f.db, "Omar Haddad", "all platforms are the same", day)
		for _, c := range []store.Call{c1, c2, c3} {
			analyse(t, f.db, c)
		}
		// Analysing twice replaces, never duplicates.
		analyse(t, f.db, c1)

		got, err := store.GetCall(ctx, f.db, store.All, c1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.StatusDone || got.Moments != 1 || got.Playbook == nil || got.Playbook.Version != "sha256:1" || got.Model.Version != "m1" {
			t.Errorf("analysed call = %+v", got)
		}
		doc, err := store.GetAnalysis(ctx, f.db, store.All, c1.ID)
		if err != nil || len(doc) == 0 {
			t.Fatalf("analysis: %v %s", err, doc)
		}

		moments, _, err := store.ListMoments(ctx, f.db, scopeOf(f.mgrEast), store.MomentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(moments) != 2 {
			t.Fatalf("east manager sees %d moments, want 2", len(moments))
		}
		if moments[0].RepID == nil || *moments[0].RepID != f.danaRep || moments[0].Topics[0] != "price" && moments[0].Topics[0] != string(pushback.TopicPrice) {
			t.Errorf("moment = %+v", moments[0])
		}
		yes := true
		m, _, _ := store.ListMoments(ctx, f.db, store.All, store.MomentFilter{Category: "forward_looking", Topic: "price", PushedBack: &yes, From: day, To: day.Add(time.Hour)})
		if len(m) != 2 {
			t.Errorf("filtered moments: %d, want 2 (dana and omar on day 1)", len(m))
		}

		hist, err := store.RepHistory(ctx, f.db, f.danaRep, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].CallID != c1.ID || hist[1].CallID != c2.ID || *hist[0].Craft != 0.5 {
			t.Errorf("history = %+v", hist)
		}

		reps, err := store.ListReps(ctx, f.db, scopeOf(f.mgrEast), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(reps) != 1 || reps[0].Name != "Dana Reyes" || reps[0].Calls != 2 || reps[0].Moments != 2 || *reps[0].Courage != 1 || *reps[0].Craft != 0.5 {
			t.Errorf("east reps = %+v", reps)
		}

		sum, err := store.Summarize(ctx, f.db, scopeOf(f.mgrWest), store.SummaryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Calls != 1 || sum.Moments != 1 || len(sum.ByRep) != 1 || sum.ByRep[0].RepID != f.omarRepID || sum.ByCategory["forward_looking"].Moments != 1 {
			t.Errorf("west summary = %+v", sum)
		}
		all, _ := store.Summarize(ctx, f.db, store.All, store.SummaryFilter{})
		if all.Calls != 3 || all.Moments != 3 || *all.Courage != 1 || len(all.ByRep) != 2 {
			t.Errorf("summary = %+v", all)
		}

		// A newer analysis request makes an older job's result stale.
		var jobs []store.Pending
		err = f.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			jobs, err = store.Requeue(ctx, tx, []int64{c1.ID})
			return err
		})
		if err != nil || len(jobs) != 1 || jobs[0].Generation != 2 {
			t.Fatalf("requeue: %v %+v", err, jobs)
		}
		err = f.db.Tx(ctx, func(tx *store.Tx) error {
			in, _ := store.GetCallInput(ctx, tx, c1.ID)
			ok, err := store.SaveAnalysis(ctx, tx, c1.ID, 1, testAnalysis(in.Call))
			if ok {
				t.Error("stale generation saved")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		pending, _ := store.PendingCalls(ctx, f.db)
		if len(pending) != 1 || pending[0].CallID != c1.ID {
			t.Errorf("pending = %+v", pending)
		}
		stale, _ := store.StaleCalls(ctx, f.db, "sha256:2", "m1")
		if len(stale) != 2 {
			t.Errorf("stale = %v, want the 2 done calls", stale)
		}

		// Deleting a call removes its moments and scores.
		if err := store.DeleteCall(ctx, f.db, scopeOf(f.dana), c2.ID); err != nil {
			t.Fatal(err)
		}
		hist, _ = store.RepHistory(ctx, f.db, f.danaRep, time.Time{}, time.Time{})
		if len(hist) != 1 || hist[0].CallID != c1.ID {
			t.Errorf("history after delete = %+v, want c1 only (its old analysis stays until the new one lands)", hist)
		}
	})
}

func TestLiveSessionSavedAsCall(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		call := testCall("Omar Haddad", "you'll be acquired next year")
		var c store.Call
		err := f.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			c, err = store.CreateCall(ctx, tx, store.NewCall{Title: "live", Call: call, Analysis: testAnalysis(call)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != store.StatusDone || c.Moments != 1 {
			t.Errorf("live call = %+v", c)
		}
	})
}

func TestConcurrentCreates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rep := fmt.Sprintf("New Rep %d", i%5) // reps created concurrently too
				errs <- f.db.Tx(ctx, func(tx *store.Tx) error {
					_, err := store.CreateCall(ctx, tx, store.NewCall{Transcript: fmt.Appendf(nil, "call %d", i), Call: testCall(rep, "hello")})
					return err
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		calls, _, _ := store.ListCalls(ctx, f.db, store.All, store.CallFilter{Limit: 100})
		if len(calls) != 50 {
			t.Errorf("stored %d calls, want 50", len(calls))
		}
		reps, _ := store.ListReps(ctx, f.db, store.All, nil)
		if len(reps) != 7 {
			t.Errorf("%d reps, want 7 (dana, omar, 5 new)", len(reps))
		}
	})
}

func TestTokensSessionsPlaybooksPractice(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		ctx := context.Background()

		tok, err := store.CreateToken(ctx, f.db, store.Token{UserID: f.mgrEast.ID, Name: "recorder", Scope: store.ScopeIngest, Prefix: "pbk_abcd", Hash: "h1"})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := store.GetTokenByHash(ctx, f.db, "h1"); err != nil || got.ID != tok.ID {
			t.Fatalf("token by hash: %v %+v", err, got)
		}
		if err := store.TouchToken(ctx, f.db, tok.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := store.GetToken(ctx, f.db, tok.ID); got.LastUsedAt == nil {
			t.Error("last_used_at not set")
		}
		if err := store.RevokeToken(ctx, f.db, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := store.GetTokenByHash(ctx, f.db, "h1"); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("revoked token still works: %v", err)
		}

		if err := store.CreateSession(ctx, f.db, store.Session{IDHash: "s1", UserID: f.dana.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := store.CreateSession(ctx, f.db, store.Session{IDHash: "s2", UserID: f.dana.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if s, err := store.GetSession(ctx, f.db, "s1"); err != nil || s.UserID != f.dana.ID {
			t.Errorf("session: %v %+v", err, s)
		}
		if _, err := store.GetSession(ctx, f.db, "s2"); pushback.ErrorCode(err) != pushback.ENOTFOUND {
			t.Errorf("expired session: %v", err)
		}
		if n, _ := store.DeleteExpiredSessions(ctx, f.db); n != 1 {
			t.Errorf("deleted %d expired sessions, want 1", n)
		}

		if err := store.PutPlaybook(ctx, f.db, store.StoredPlaybook{Name: "default", YAML: "company: A\n", Version: "v1"}); err != nil {
			t.Fatal(err)
		}
		if err := store.PutPlaybook(ctx, f.db, store.StoredPlaybook{Name: "default", YAML: "company: B\n", Version: "v2", UpdatedBy: &f.admin.ID}); err != nil {
			t.Fatal(err)
		}
		if p, err := store.GetPlaybook(ctx, f.db, "default"); err != nil || p.Version != "v2" || p.YAML != "company: B\n" {
			t.Errorf("playbook = %+v %v", p, err)
		}

		at := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
		for i := 0; i < 3; i++ {
			if _, err := store.CreatePracticeAttempt(ctx, f.db, store.PracticeAttempt{RepID: f.danaRep, ScenarioID: "price-1", Overall: f64(float64(i) / 2),
				At: at.Add(time.Duration(i) * time.Minute), Payload: []byte(`{"reply":"may I share a different view?"}`)}); err != nil {
				t.Fatal(err)
			}
		}
		atts, err := store.ListPracticeAttempts(ctx, f.db, f.danaRep, time.Time{}, time.Time{})
		if err != nil || len(atts) != 3 || *atts[2].Overall != 1 || !atts[0].At.Equal(at) {
			t.Errorf("attempts = %+v %v", atts, err)
		}
		if _, err := store.CreatePracticeAttempt(ctx, f.db, store.PracticeAttempt{RepID: f.danaRep, ScenarioID: "x", Payload: []byte("{nope")}); pushback.ErrorCode(err) != pushback.EINVALID {
			t.Errorf("bad payload: %v", err)
		}
	})
}
