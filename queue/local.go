package queue

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/pushback-coach/pushback/store"
)

// Options configure a queue.
type Options struct {
	Workers     int           // jobs run at once in this process; 0: the number of CPUs
	MaxAttempts int           // tries before a failing job is given up; 0: 5
	RetryDelay  time.Duration // wait before the first retry, doubled each time; 0: 1s
	Logger      *slog.Logger  // nil: slog.Default()
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.RetryDelay <= 0 {
		o.RetryDelay = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Local is an in-process queue: jobs wait in memory and run on a pool of
// goroutines. It is not durable: the owner re-enqueues queued calls at start.
type Local struct {
	opts Options

	mu       sync.Mutex
	pending  []localJob
	running  int
	stopping bool
	retries  map[*time.Timer]bool
	wake     chan struct{} // a job was added or Stop was called
	idle     chan struct{} // closed and replaced whenever the queue drains

	workCtx    context.Context
	cancelWork context.CancelFunc
	wg         sync.WaitGroup
}

type localJob struct {
	Job
	attempt int
}

// NewLocal returns an in-process queue.
func NewLocal(opts Options) *Local {
	q := &Local{opts: opts.withDefaults(), wake: make(chan struct{}, 1), idle: make(chan struct{}), retries: map[*time.Timer]bool{}}
	q.workCtx, q.cancelWork = context.WithCancel(context.Background())
	return q
}

// Durable is false: jobs live in memory only.
func (q *Local) Durable() bool { return false }

// Enqueue adds the jobs when tx commits (at once when tx is nil).
func (q *Local) Enqueue(_ context.Context, tx *store.Tx, jobs ...Job) error {
	add := func() {
		for _, j := range jobs {
			q.push(localJob{Job: j})
		}
	}
	if tx == nil {
		add()
	} else {
		tx.AfterCommit(add)
	}
	return nil
}

func (q *Local) push(j localJob) {
	q.mu.Lock()
	q.pending = append(q.pending, j)
	q.mu.Unlock()
	q.signal()
}

func (q *Local) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Start runs jobs on h with the configured number of goroutines.
func (q *Local) Start(_ context.Context, h Handler) error {
	for i := 0; i < q.opts.Workers; i++ {
		q.wg.Add(1)
		go q.work(h)
	}
	return nil
}

func (q *Local) work(h Handler) {
	defer q.wg.Done()
	for {
		j, ok := q.next()
		if !ok {
			return
		}
		job := j.Job
		job.Attempt, job.LastAttempt = j.attempt+1, j.attempt+1 >= q.opts.MaxAttempts
		err := q.run(h, job)
		q.mu.Lock()
		q.running--
		if err != nil && !errors.Is(err, context.Canceled) && j.attempt+1 < q.opts.MaxAttempts && !q.stopping {
			delay := q.opts.RetryDelay << j.attempt
			q.opts.Logger.Warn("job failed; will retry", "job", j.Job.String(), "attempt", j.attempt+1, "in", delay, "err", err)
			j.attempt++
			var t *time.Timer
			t = time.AfterFunc(delay, func() {
				q.mu.Lock()
				delete(q.retries, t)
				q.mu.Unlock()
				q.push(j)
			})
			q.retries[t] = true
		} else if err != nil {
			q.opts.Logger.Error("job failed; giving up until the next start", "job", j.Job.String(), "attempts", j.attempt+1, "err", err)
		}
		q.checkIdleLocked()
		q.mu.Unlock()
	}
}

// run calls h, turning a panic into an error so one bad call cannot stop a worker.
func (q *Local) run(h Handler, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("panic: " + slogValue(p))
		}
	}()
	return h(q.workCtx, j)
}

func slogValue(v any) string { return slog.AnyValue(v).String() }

// next waits for a job; false means the queue is stopping.
func (q *Local) next() (localJob, bool) {
	for {
		q.mu.Lock()
		if q.stopping {
			q.mu.Unlock()
			q.signal() // pass the news to the next worker
			return localJob{}, false
		}
		if len(q.pending) > 0 {
			j := q.pending[0]
			q.pending = q.pending[1:]
			q.running++
			more := len(q.pending) > 0
			q.mu.Unlock()
			if more {
				q.signal()
			}
			return j, true
		}
		q.mu.Unlock()
		<-q.wake
	}
}

func (q *Local) checkIdleLocked() {
	if len(q.pending) == 0 && q.running == 0 && len(q.retries) == 0 {
		close(q.idle)
		q.idle = make(chan struct{})
	}
}

// Len returns how many jobs wait or run.
func (q *Local) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending) + q.running + len(q.retries)
}

// Drain waits until no job waits, runs or waits for a retry.
func (q *Local) Drain(ctx context.Context) error {
	for {
		q.mu.Lock()
		if len(q.pending) == 0 && q.running == 0 && len(q.retries) == 0 {
			q.mu.Unlock()
			return nil
		}
		idle := q.idle
		q.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Stop stops taking jobs and waits for the running ones. Jobs still waiting
// stay queued in the database for the next start.
func (q *Local) Stop(ctx context.Context) error {
	q.mu.Lock()
	q.stopping = true
	for t := range q.retries {
		t.Stop()
	}
	q.retries = map[*time.Timer]bool{}
	q.mu.Unlock()
	q.signal()
	done := make(chan struct{})
	go func() { q.wg.Wait(); close(done) }()
	select {
	case <-done:
		q.cancelWork()
		return nil
	case <-ctx.Done():
		q.cancelWork()
		<-done
		return ctx.Err()
	}
}
