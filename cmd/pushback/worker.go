package main

import (
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
)

func init() { register(newWorkerCmd) }

func newWorkerCmd(e *env) *cobra.Command {
	var (
		dbf                 dbFlags
		workers             int
		logFormat, logLevel string
		shutdownTimeout     time.Duration
	)
	c := &cobra.Command{
		Use:   "worker --db postgres://... [--workers N]",
		Short: "Analyse stored calls from the PostgreSQL job queue (scale-out)",
		Long: `Run analysis jobs from the job queue of a PostgreSQL database that pushback
serve processes store calls in. Run as many workers as you like on as many
machines: each job runs once. SIGINT or SIGTERM stops taking jobs and lets the
running ones finish.

With SQLite there is no worker: pushback serve analyses calls itself.`,
		Example: `  pushback worker --db postgres://pushback:secret@db/pushback --workers 8`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log, err := newLogger(e.stderr, logFormat, logLevel)
			if err != nil {
				return err
			}
			if workers < 1 {
				return usagef("--workers %d: expected 1 or more", workers)
			}
			dsn, err := dbf.dsn()
			if err != nil {
				return err
			}
			if !store.IsPostgres(dsn) {
				return usagef("pushback worker needs --db postgres://...: with SQLite (%s), pushback serve analyses calls itself", dsn)
			}
			ctx, stop := signalContext()
			defer stop()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			q, err := queue.Open(ctx, db, queue.Options{Workers: workers, Logger: log})
			if err != nil {
				return err
			}
			svc := ingest.New(db, q, log)
			if err := svc.Start(ctx); err != nil {
				return err
			}
			log.Info("working", "database", db.Describe(), "workers", workers)
			fmt.Fprintf(e.stderr, "pushback: worker analysing calls from %s\n", db.Describe())
			<-ctx.Done()
			return stopQueue(q, shutdownTimeout, log)
		},
	}
	dbf.register(c)
	f := c.Flags()
	f.IntVar(&workers, "workers", runtime.NumCPU(), "analyses run at once")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.DurationVar(&shutdownTimeout, "shutdown-timeout", 30*time.Second, "at SIGINT/SIGTERM, how long running analyses get to finish")
	return c
}
