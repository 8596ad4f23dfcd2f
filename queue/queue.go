// Package queue runs the analysis jobs of stored calls. Two implementations
// share one interface: Local, an in-process queue for the single-binary
// SQLite mode, and River, a PostgreSQL-backed queue (riverqueue/river) that
// lets several serve and worker processes share the jobs of one database.
//
// Jobs are enqueued inside the transaction that stores (or requeues) the
// call, so a job exists exactly when its call says it is queued: River
// inserts the job row in that transaction; Local starts the job once the
// transaction has committed and, not being durable, is refilled from the
// queued calls when a process starts.
package queue

import (
	"context"
	"fmt"

	"github.com/pushback-coach/pushback/store"
)

// Job asks for the analysis of one call. Generation is the call's
// generation when the job was made; a job for an older generation than the
// call's is dropped by the handler.
type Job struct {
	CallID     int64 `json:"call_id"`
	Generation int64 `json:"generation"`

	// Set by the queue when it runs the job.
	Attempt     int  `json:"-"` // 1 for the first run
	LastAttempt bool `json:"-"` // an error now gives the job up
}

func (j Job) String() string {
	return fmt.Sprintf("analyze call %d (generation %d)", j.CallID, j.Generation)
}

// Handler does a job. An error means "try again later", unless the job is
// on its LastAttempt: then the handler should record the failure itself. A
// job that can never succeed should record its failure and return nil.
type Handler func(ctx context.Context, job Job) error

// Queue holds jobs and runs them on a handler.
type Queue interface {
	// Enqueue adds jobs as part of tx: they run only if tx commits.
	Enqueue(ctx context.Context, tx *store.Tx, jobs ...Job) error
	// Start runs jobs on h in the background until Stop.
	Start(ctx context.Context, h Handler) error
	// Stop stops taking jobs and waits for the running ones to finish. When
	// ctx ends first, running jobs are cancelled and ctx's error returned.
	Stop(ctx context.Context) error
	// Durable reports whether enqueued jobs survive the process; when not,
	// the owner re-enqueues the queued calls at start.
	Durable() bool
}

// Open returns the queue that suits the database: River on PostgreSQL, Local
// on SQLite. workers is how many jobs run at once in this process.
func Open(ctx context.Context, db *store.DB, opts Options) (Queue, error) {
	if db.Dialect() == store.Postgres {
		return NewRiver(ctx, db, opts)
	}
	return NewLocal(opts), nil
}
