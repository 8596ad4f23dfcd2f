package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/pushback-coach/pushback/store"
)

// analyzeArgs is the River job: the same fields as Job.
type analyzeArgs struct {
	CallID     int64 `json:"call_id"`
	Generation int64 `json:"generation"`
}

func (analyzeArgs) Kind() string { return "pushback.analyze" }

// River is a PostgreSQL-backed queue: jobs are rows in River's tables,
// inserted in the caller's transaction and fetched by any process working
// the same database, each job by one worker at a time.
type River struct {
	db   *store.DB
	opts Options

	inserter *river.Client[*sql.Tx] // inserts in our database/sql transactions
	pool     *pgxpool.Pool
	worker   *river.Client[pgx.Tx] // works jobs; LISTEN/NOTIFY wakes it on inserts
}

// NewRiver prepares a River queue on the database and applies River's own
// migrations.
func NewRiver(ctx context.Context, db *store.DB, opts Options) (*River, error) {
	if db.Dialect() != store.Postgres {
		return nil, errors.New("queue: River needs PostgreSQL")
	}
	opts = opts.withDefaults()
	if err := migrateRiver(ctx, db); err != nil {
		return nil, err
	}
	inserter, err := river.NewClient(riverdatabasesql.New(db.SQL()), &river.Config{Logger: quietLogger(opts.Logger), FetchCooldown: 5 * time.Millisecond})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &River{db: db, opts: opts, inserter: inserter}, nil
}

// quietLogger keeps River's informational chatter out of the server log.
func quietLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}

func (f levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{f.Handler.WithAttrs(a), f.min}
}

func (f levelFilter) WithGroup(g string) slog.Handler {
	return levelFilter{f.Handler.WithGroup(g), f.min}
}

// migrateRiver applies River's migrations, one process at a time: a
// session advisory lock is held on one connection while they run (each
// migration commits on its own, as some must).
func migrateRiver(ctx context.Context, db *store.DB) error {
	migrator, err := rivermigrate.New(riverdatabasesql.New(db.SQL()), &rivermigrate.Config{Logger: quietLogger(slog.Default())})
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	defer conn.Close()
	const lock = `hashtext('pushback.river.migrate.' || current_schema())`
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(`+lock+`)`); err != nil {
		return fmt.Errorf("queue: lock for River migrations: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(`+lock+`)`)
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: River migrations: %w", err)
	}
	return nil
}

// Durable is true: jobs are rows in the database.
func (r *River) Durable() bool { return true }

// Enqueue inserts the jobs in tx. A job for the same call and generation
// that is already waiting or running is not inserted twice.
func (r *River) Enqueue(ctx context.Context, tx *store.Tx, jobs ...Job) error {
	if len(jobs) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(jobs))
	for i, j := range jobs {
		params[i] = river.InsertManyParams{
			Args: analyzeArgs{CallID: j.CallID, Generation: j.Generation},
			InsertOpts: &river.InsertOpts{
				MaxAttempts: r.opts.MaxAttempts,
				UniqueOpts:  river.UniqueOpts{ByArgs: true},
			},
		}
	}
	var err error
	if tx == nil {
		_, err = r.inserter.InsertMany(ctx, params)
	} else {
		_, err = r.inserter.InsertManyTx(ctx, tx.SQL(), params)
	}
	if err != nil {
		return fmt.Errorf("queue: enqueue: %w", err)
	}
	return nil
}

// Start connects a worker client and works jobs on h.
func (r *River) Start(ctx context.Context, h Handler) error {
	pool, err := pgxpool.New(ctx, r.db.DSN())
	if err != nil {
		return fmt.Errorf("queue: connect: %w", err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[analyzeArgs]) error {
		return h(ctx, Job{CallID: job.Args.CallID, Generation: job.Args.Generation,
			Attempt: job.Attempt, LastAttempt: job.Attempt >= job.MaxAttempts})
	}))
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: r.opts.Workers}},
		Workers:           workers,
		JobTimeout:        30 * time.Minute,
		FetchCooldown:     20 * time.Millisecond,
		FetchPollInterval: 500 * time.Millisecond,
		RetryPolicy:       retryPolicy{base: r.opts.RetryDelay},
		Logger:            quietLogger(r.opts.Logger),
	})
	if err != nil {
		pool.Close()
		return fmt.Errorf("queue: %w", err)
	}
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		pool.Close()
		return fmt.Errorf("queue: start: %w", err)
	}
	r.pool, r.worker = pool, client
	return nil
}

// Stop stops fetching jobs and waits for the running ones; when ctx ends
// first it cancels them (River retries them later).
func (r *River) Stop(ctx context.Context) error {
	if r.worker == nil {
		return nil
	}
	err := r.worker.Stop(ctx)
	if err != nil {
		hard, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = r.worker.StopAndCancel(hard)
	}
	r.pool.Close()
	r.worker, r.pool = nil, nil
	return err
}

// retryPolicy retries soon at first (a database hiccup), then backs off.
type retryPolicy struct{ base time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	d := p.base << min(len(job.Errors), 10)
	return time.Now().Add(d)
}
