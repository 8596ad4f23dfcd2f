package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/practice/sqlite"
)

// MustOpen opens a store in a new file under the test's temporary directory.
func MustOpen(tb testing.TB) (*sqlite.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "nested", "dir", sqlite.FileName)
	s, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

var t0 = time.Date(2025, 3, 4, 9, 0, 0, 123456789, time.UTC)

func sample(rep, id string, score int, at time.Time) practice.Attempt {
	yes := true
	return practice.Attempt{
		Rep: rep, ScenarioID: id, Category: pushback.ForwardLooking,
		Reply:  "Lisa, I see that differently. Can I share why? It's in the contract.",
		Scores: practice.Skills{PushedBack: true, Warning: true, Permission: true, PermissionFirst: true, Respectful: &yes, Calm: pushback.Bool(false), GaveReason: true, UsedName: true},
		Score:  score, At: at,
	}
}

func TestRecordAndReadBack(t *testing.T) {
	s, path := MustOpen(t)
	ctx := context.Background()
	letGo := practice.Attempt{Rep: "Dana Reyes", ScenarioID: "concl-works-fine", Category: pushback.UnfoundedConclusion,
		Reply: "Fair enough.", Score: 0, At: t0.Add(time.Minute)}
	want := []practice.Attempt{
		sample("Dana Reyes", "fwd-price-hike", 70, t0),
		letGo,
		sample("Dana Reyes", "fwd-price-hike", 100, t0.Add(48*time.Hour)),
	}
	// Recorded out of order: read back oldest first.
	for _, i := range []int{2, 0, 1} {
		if err := s.Record(ctx, want[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Record(ctx, sample("Sam Lee", "fwd-price-hike", 10, t0)); err != nil {
		t.Fatal(err)
	}
	got, err := s.Attempts(ctx, "dana reyes") // reps match case-insensitively
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
	}
	if got[1].Scores.Respectful != nil || got[1].Scores.Calm != nil {
		t.Error("respectful and calm of a let-go should stay null")
	}

	// The file keeps them across opens.
	s.Close()
	s2, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err = s2.Attempts(ctx, "DANA REYES")
	if err != nil || len(got) != 3 {
		t.Fatalf("after reopening: %d attempts, %v", len(got), err)
	}
	if none, err := s2.Attempts(ctx, "nobody"); err != nil || len(none) != 0 {
		t.Errorf("unknown rep: %v, %v", none, err)
	}
}

func TestRecordValidates(t *testing.T) {
	s, _ := MustOpen(t)
	bad := sample("", "x", 50, t0)
	if err := s.Record(context.Background(), bad); pushback.ErrorCode(err) != pushback.EINVALID {
		t.Errorf("no rep: %v", err)
	}
	bad = sample("Dana", "x", 150, t0)
	if err := s.Record(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "score 150") {
		t.Errorf("score 150: %v", err)
	}
}

func TestConcurrentWritersShareTheFile(t *testing.T) {
	s1, path := MustOpen(t)
	s2, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		st := s1
		if i%2 == 1 {
			st = s2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- st.Record(ctx, sample("Dana", fmt.Sprintf("s%d", i), i, t0.Add(time.Duration(i)*time.Second)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s1.Attempts(ctx, "dana")
	if err != nil || len(got) != 40 {
		t.Fatalf("%d attempts, %v", len(got), err)
	}
	for i, a := range got {
		if a.ScenarioID != fmt.Sprintf("s%d", i) {
			t.Fatalf("attempt %d is %s: want time order", i, a.ScenarioID)
		}
	}
}

func TestRefusesANewerSchema(t *testing.T) {
	_, path := MustOpen(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := sqlite.Open(path); err == nil || !strings.Contains(err.Error(), "newer pushback") {
		t.Errorf("opening a newer file: %v", err)
	}
}

func TestOpenFailsOnAnUnwritableDir(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root can write anywhere")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if _, err := sqlite.Open(filepath.Join(dir, "x", sqlite.FileName)); err == nil {
		t.Error("opened a store in a directory it cannot create")
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data/home")
	if d, err := sqlite.DefaultDir(); err != nil || d != "/data/home/pushback" {
		t.Errorf("DefaultDir with XDG_DATA_HOME = %q, %v", d, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/dana")
	if d, err := sqlite.DefaultDir(); err != nil || !strings.HasSuffix(d, "pushback") {
		t.Errorf("DefaultDir = %q, %v", d, err)
	}
}

// The schedule works on what the store gives back: a low score recorded in
// the file brings its scenario back first.
func TestStoreFeedsTheSchedule(t *testing.T) {
	s, _ := MustOpen(t)
	ctx := context.Background()
	for _, a := range []practice.Attempt{sample("Dana", "good-one", 95, t0), sample("Dana", "bad-one", 20, t0)} {
		if err := s.Record(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	as, _ := s.Attempts(ctx, "Dana")
	cards := practice.Schedule(as)
	if cards["bad-one"].Box != 1 || !cards["bad-one"].Due.Before(cards["good-one"].Due) {
		t.Errorf("cards = %+v", cards)
	}
}
