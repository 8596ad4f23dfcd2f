package queue_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// counter records how often each job ran.
type counter struct {
	mu   sync.Mutex
	runs map[queue.Job]int
	done chan queue.Job
}

func newCounter() *counter {
	return &counter{runs: map[queue.Job]int{}, done: make(chan queue.Job, 1000)}
}

func (c *counter) handle(ctx context.Context, j queue.Job) error {
	time.Sleep(time.Duration(j.CallID%3) * time.Millisecond)
	j = queue.Job{CallID: j.CallID, Generation: j.Generation}
	c.mu.Lock()
	c.runs[j]++
	c.mu.Unlock()
	c.done <- j
	return nil
}

func (c *counter) waitFor(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for i := 0; i < n; i++ {
		select {
		case <-c.done:
		case <-timeout:
			t.Fatalf("only %d of %d jobs ran", i, n)
		}
	}
}

// openQueue returns the dialect's queue (Local for SQLite, River for PostgreSQL).
func openQueue(t *testing.T, db *store.DB, workers int) queue.Queue {
	t.Helper()
	q, err := queue.Open(context.Background(), db, queue.Options{Workers: workers, RetryDelay: 10 * time.Millisecond, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func enqueue(t *testing.T, db *store.DB, q queue.Queue, jobs ...queue.Job) {
	t.Helper()
	if err := db.Tx(context.Background(), func(tx *store.Tx) error { return q.Enqueue(context.Background(), tx, jobs...) }); err != nil {
		t.Fatal(err)
	}
}

func TestJobsRunAfterCommitOnly(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := storetest.MustOpen(t, d)
		q := openQueue(t, db, 2)
		c := newCounter()
		if err := q.Start(context.Background(), c.handle); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())

		rollback := errors.New("roll back")
		err := db.Tx(context.Background(), func(tx *store.Tx) error {
			if err := q.Enqueue(context.Background(), tx, queue.Job{CallID: 1, Generation: 1}); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		enqueue(t, db, q, queue.Job{CallID: 2, Generation: 1})
		c.waitFor(t, 1)
		time.Sleep(200 * time.Millisecond)
		c.mu.Lock()
		defer c.mu.Unlock()
		if len(c.runs) != 1 || c.runs[queue.Job{CallID: 2, Generation: 1}] != 1 {
			t.Errorf("runs = %v, want only call 2 once (call 1's transaction rolled back)", c.runs)
		}
	})
}

func TestFailingJobIsRetried(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := storetest.MustOpen(t, d)
		q := openQueue(t, db, 1)
		var tries atomic.Int32
		done := make(chan struct{})
		err := q.Start(context.Background(), func(ctx context.Context, j queue.Job) error {
			if tries.Add(1) < 3 {
				return errors.New("database hiccup")
			}
			close(done)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		enqueue(t, db, q, queue.Job{CallID: 7, Generation: 1})
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("job not retried to success; tries = %d", tries.Load())
		}
	})
}

// TestStopFinishesRunningJobs is graceful shutdown: Stop waits for the job
// that is running, which completes with an uncancelled context.
func TestStopFinishesRunningJobs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := storetest.MustOpen(t, d)
		q := openQueue(t, db, 1)
		started := make(chan struct{})
		release := make(chan struct{})
		var finished atomic.Bool
		err := q.Start(context.Background(), func(ctx context.Context, j queue.Job) error {
			close(started)
			<-release
			if ctx.Err() != nil {
				return ctx.Err()
			}
			finished.Store(true)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		enqueue(t, db, q, queue.Job{CallID: 1, Generation: 1})
		select {
		case <-started:
		case <-time.After(30 * time.Second):
			t.Fatal("job did not start")
		}
		stopped := make(chan error, 1)
		go func() { stopped <- q.Stop(context.Background()) }()
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while a job was running", err)
		case <-time.After(300 * time.Millisecond):
		}
		close(release)
		select {
		case err := <-stopped:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Stop did not return after the job finished")
		}
		if !finished.Load() {
			t.Error("the running job did not finish")
		}
	})
}

func TestStopDeadlineCancelsRunningJobs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := storetest.MustOpen(t, d)
		q := openQueue(t, db, 1)
		started := make(chan struct{})
		err := q.Start(context.Background(), func(ctx context.Context, j queue.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		enqueue(t, db, q, queue.Job{CallID: 1, Generation: 1})
		<-started
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		if err := q.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Stop = %v, want deadline exceeded", err)
		}
	})
}

// TestTwoWorkersRunEachJobOnce runs two River clients, as two worker
// processes would, on one PostgreSQL database.
func TestTwoWorkersRunEachJobOnce(t *testing.T) {
	storetest.SkipUnless(t, store.Postgres)
	db := storetest.MustOpen(t, store.Postgres)
	c := newCounter()
	var perWorker [2]atomic.Int32
	var queues []queue.Queue
	for w := 0; w < 2; w++ {
		q := openQueue(t, db, 4)
		err := q.Start(context.Background(), func(ctx context.Context, j queue.Job) error {
			perWorker[w].Add(1)
			return c.handle(ctx, j)
		})
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q)
	}
	const n = 300
	var jobs []queue.Job
	for i := 1; i <= n; i++ {
		jobs = append(jobs, queue.Job{CallID: int64(i), Generation: 1})
	}
	// Enqueue in batches from both queues, and the first batch twice: a job
	// waiting for the same call and generation is not added again.
	for i := 0; i < n; i += 50 {
		enqueue(t, db, queues[(i/50)%2], jobs[i:i+50]...)
	}
	enqueue(t, db, queues[1], jobs[:50]...)
	c.waitFor(t, n)
	time.Sleep(500 * time.Millisecond) // room for a duplicate to show up
	for _, q := range queues {
		if err := q.Stop(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.runs) != n {
		t.Errorf("%d distinct jobs ran, want %d", len(c.runs), n)
	}
	for j, runs := range c.runs {
		if runs != 1 {
			t.Errorf("%v ran %d times", j, runs)
		}
	}
	t.Logf("worker 1 ran %d jobs, worker 2 ran %d", perWorker[0].Load(), perWorker[1].Load())
	if perWorker[0].Load() == 0 || perWorker[1].Load() == 0 {
		t.Errorf("one worker ran every job (%d, %d): the test did not exercise sharing", perWorker[0].Load(), perWorker[1].Load())
	}
}

func TestLocalDrain(t *testing.T) {
	q := queue.NewLocal(queue.Options{Workers: 3, Logger: quiet})
	c := newCounter()
	_ = q.Start(context.Background(), c.handle)
	for i := 0; i < 40; i++ {
		_ = q.Enqueue(context.Background(), nil, queue.Job{CallID: int64(i), Generation: 1})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := q.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if q.Len() != 0 || len(c.runs) != 40 {
		t.Errorf("after drain: len %d, ran %d", q.Len(), len(c.runs))
	}
	if err := q.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestGivingUp(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		db := storetest.MustOpen(t, d)
		q, err := queue.Open(context.Background(), db, queue.Options{Workers: 1, MaxAttempts: 3, RetryDelay: 5 * time.Millisecond, Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var seen []string
		last := make(chan struct{})
		err = q.Start(context.Background(), func(ctx context.Context, j queue.Job) error {
			mu.Lock()
			seen = append(seen, fmt.Sprintf("%d:%v", j.Attempt, j.LastAttempt))
			mu.Unlock()
			if j.LastAttempt {
				close(last)
			}
			return errors.New("always fails")
		})
		if err != nil {
			t.Fatal(err)
		}
		defer q.Stop(context.Background())
		enqueue(t, db, q, queue.Job{CallID: 1, Generation: 1})
		select {
		case <-last:
		case <-time.After(60 * time.Second):
			t.Fatal("no last attempt")
		}
		mu.Lock()
		defer mu.Unlock()
		if fmt.Sprint(seen) != "[1:false 2:false 3:true]" {
			t.Errorf("attempts %v, want [1:false 2:false 3:true]", seen)
		}
	})
}
