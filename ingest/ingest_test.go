package ingest_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func transcript(rep string, n int) string {
	return fmt.Sprintf("%s: Hi Bob (call %d).\nBob Stone: You guys will probably raise the price after the first year.\n%s: I see that differently; may I share why?\n", rep, n, rep)
}

type fixture struct {
	db         *store.DB
	svc        *ingest.Service
	q          *queue.Local
	east, west store.Team
	erin, dana store.User
}

func newFixture(t *testing.T, d store.Dialect) *fixture {
	ctx := context.Background()
	f := &fixture{db: storetest.MustOpen(t, d), q: queue.NewLocal(queue.Options{Workers: 2, MaxAttempts: 2, RetryDelay: time.Millisecond, Logger: quiet})}
	f.svc = ingest.New(f.db, f.q, quiet)
	err := f.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		f.east, _ = store.CreateTeam(ctx, tx, "East")
		f.west, _ = store.CreateTeam(ctx, tx, "West")
		if f.erin, err = store.CreateUser(ctx, tx, store.NewUser{Username: "erin", Role: store.RoleManager}); err != nil {
			return err
		}
		if err := store.SetManagedTeams(ctx, tx, f.erin.ID, []int64{f.east.ID}); err != nil {
			return err
		}
		if f.dana, err = store.CreateUser(ctx, tx, store.NewUser{Username: "dana", Name: "Dana Reyes", Role: store.RoleRep}); err != nil {
			return err
		}
		if _, err := store.EnsureRep(ctx, tx, "Omar Haddad", &f.west.ID); err != nil {
			return err
		}
		return store.SetRepTeam(ctx, tx, *f.dana.RepID, &f.east.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) ingest(who store.User, text string, reps ...string) (store.Call, error) {
	return f.svc.Ingest(context.Background(), store.Scope{UserID: who.ID, Role: who.Role},
		ingest.Upload{Body: strings.NewReader(text), Name: "call.txt", Reps: reps})
}

func TestWhoMayStoreWhichCalls(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		f := newFixture(t, d)
		// A manager's call with a rep never seen before: the rep joins the manager's team.
		c, err := f.ingest(f.erin, transcript("Nina New", 1), "Nina New")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Reps) != 1 || c.Reps[0].TeamID == nil || *c.Reps[0].TeamID != f.east.ID {
			t.Errorf("new rep = %+v, want in East", c.Reps)
		}
		// A rep of another team is not the manager's to store.
		if _, err := f.ingest(f.erin, transcript("Omar Haddad", 2), "Omar Haddad"); pushback.ErrorCode(err) != pushback.EFORBIDDEN {
			t.Errorf("manager storing another team's call: %v", err)
		}
		// A rep stores their own calls only; with no names given, theirs is used.
		c, err = f.ingest(f.dana, transcript("Dana Reyes", 3))
		if err != nil || len(c.Reps) != 1 || c.Reps[0].ID != *f.dana.RepID || c.Status != store.StatusQueued {
			t.Errorf("rep's own call: %+v %v", c, err)
		}
		if _, err := f.ingest(f.dana, transcript("Omar Haddad", 4), "Omar Haddad"); pushback.ErrorCode(err) != pushback.EFORBIDDEN {
			t.Errorf("rep storing another's call: %v", err)
		}
		if _, err := f.ingest(f.dana, transcript("Dana Reyes", 3)); pushback.ErrorCode(err) != pushback.ECONFLICT {
			t.Errorf("same transcript twice: %v", err)
		}
		f.svc.MaxBytes = 10
		if _, err := f.ingest(f.dana, transcript("Dana Reyes", 5)); pushback.ErrorCode(err) != pushback.ETOOLARGE {
			t.Errorf("too large: %v", err)
		}
	})
}

func TestAnalyzeJobs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		f := newFixture(t, d)
		c, err := f.ingest(f.erin, transcript("Dana Reyes", 1), "Dana Reyes")
		if err != nil {
			t.Fatal(err)
		}
		// A job for an older generation or a deleted call does nothing.
		if err := f.svc.Analyze(ctx, queue.Job{CallID: c.ID, Generation: c.Generation - 1}); err != nil {
			t.Fatal(err)
		}
		if got, _ := store.GetCall(ctx, f.db, store.All, c.ID); got.Status != store.StatusQueued {
			t.Errorf("stale job analysed the call: %s", got.Status)
		}
		if err := f.svc.Analyze(ctx, queue.Job{CallID: 9999, Generation: 1}); err != nil {
			t.Errorf("job for a missing call: %v", err)
		}
		// The current job analyses it with the current playbook and model.
		if err := f.svc.Analyze(ctx, queue.Job{CallID: c.ID, Generation: c.Generation}); err != nil {
			t.Fatal(err)
		}
		got, _ := store.GetCall(ctx, f.db, store.All, c.ID)
		pb, _ := f.svc.Playbook(ctx)
		if got.Status != store.StatusDone || got.Playbook == nil || got.Playbook.Version != pb.Version {
			t.Errorf("analysed call = %+v", got)
		}
		// A job that keeps failing marks the call failed on its last attempt.
		c2, _ := f.ingest(f.erin, transcript("Dana Reyes", 2), "Dana Reyes")
		if err := store.PutPlaybook(ctx, f.db, store.StoredPlaybook{Name: ingest.ActivePlaybook, YAML: "facts: [", Version: "broken"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Analyze(ctx, queue.Job{CallID: c2.ID, Generation: 1, Attempt: 1}); err == nil {
			t.Error("analysis with a broken playbook succeeded")
		}
		if err := f.svc.Analyze(ctx, queue.Job{CallID: c2.ID, Generation: 1, Attempt: 2, LastAttempt: true}); err != nil {
			t.Errorf("last attempt: %v", err)
		}
		if got, _ := store.GetCall(ctx, f.db, store.All, c2.ID); got.Status != store.StatusFailed || got.Error == "" {
			t.Errorf("call after the last attempt: %s %q", got.Status, got.Error)
		}
	})
}

// TestPendingCallsResume: calls queued when a process died are analysed at
// the next start of an in-process queue.
func TestPendingCallsResume(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, store.SQLite)
	var ids []int64
	for i := 0; i < 5; i++ {
		c, err := f.ingest(f.erin, transcript("Dana Reyes", i), "Dana Reyes")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	// Nothing ran them (the queue was never started): a new service picks them up.
	q := queue.NewLocal(queue.Options{Workers: 2, Logger: quiet})
	svc := ingest.New(f.db, q, quiet)
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := q.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	_ = q.Stop(ctx)
	for _, id := range ids {
		if c, _ := store.GetCall(ctx, f.db, store.All, id); c.Status != store.StatusDone {
			t.Errorf("call %d is %s", id, c.Status)
		}
	}
}

// TestStoreAnalysed stores a finished live session as a call.
func TestStoreAnalysed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		f := newFixture(t, d)
		call := &pushback.Call{Schema: pushback.CallSchema, Source: "live", Format: "live", Duration: 60,
			Speakers: []pushback.Speaker{{Name: "Dana Reyes", Role: pushback.RoleRep}, {Name: "Bob Stone", Role: pushback.RoleProspect}},
			Turns:    []pushback.Turn{{Index: 0, Speaker: "Bob Stone", Role: pushback.RoleProspect, Start: 0, End: 3, Text: "You will raise prices."}}}
		eng, err := f.svc.Engine(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := eng.Analyze(call)
		c, err := f.svc.StoreAnalysed(ctx, store.Scope{UserID: f.dana.ID, Role: store.RoleRep}, ingest.Upload{Title: "Live with Bob"}, call, a)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != store.StatusDone || c.Title != "Live with Bob" || len(c.Reps) != 1 || c.Reps[0].ID != *f.dana.RepID {
			t.Errorf("stored live call = %+v", c)
		}
		if f.q.Len() != 0 {
			t.Error("a job was queued for a call analysed already")
		}
		call.Speakers[0].Name = "Omar Haddad"
		if _, err := f.svc.StoreAnalysed(ctx, store.Scope{UserID: f.dana.ID, Role: store.RoleRep}, ingest.Upload{}, call, a); pushback.ErrorCode(err) != pushback.EFORBIDDEN {
			t.Errorf("rep storing another's live call: %v", err)
		}
	})
}
