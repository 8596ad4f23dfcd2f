package main

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
)

func init() { register(newReanalyzeCmd) }

func newReanalyzeCmd(e *env) *cobra.Command {
	var (
		dbf     dbFlags
		all     bool
		workers int
		wait    bool
	)
	c := &cobra.Command{
		Use:   "reanalyze [--data DIR | --db URL] [--all | CALL-ID...]",
		Short: "Analyse stored calls again after a playbook or model change",
		Long: `Queue new analyses of stored calls. With no arguments, the calls whose
analysis is out of date: it failed, or used another playbook version than the
server's active playbook or another model version than this pushback's.
--all analyses every call again; CALL-IDs name calls.

With SQLite the analyses run before the command ends; with PostgreSQL the
workers run them (--wait waits until they have).`,
		Example: `  pushback reanalyze
  pushback reanalyze --all --db postgres://pushback@db/pushback --wait
  pushback reanalyze 12 13`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var ids []int64
			for _, a := range args {
				id, err := strconv.ParseInt(a, 10, 64)
				if err != nil || id <= 0 {
					return usagef("%q: expected a call id", a)
				}
				ids = append(ids, id)
			}
			if all && len(ids) > 0 {
				return usagef("--all and call ids: give one")
			}
			ctx, stop := signalContext()
			defer stop()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			log, _ := newLogger(io.Discard, "text", "error")
			q, err := queue.Open(ctx, db, queue.Options{Workers: workers, Logger: log})
			if err != nil {
				return err
			}
			svc := ingest.New(db, q, log)
			local, isLocal := q.(*queue.Local)
			if isLocal {
				if err := svc.Start(ctx); err != nil {
					return err
				}
				defer stopQueue(q, time.Minute, log)
			}
			switch {
			case all:
				ids, err = store.AllCallIDs(ctx, db)
			case len(ids) == 0:
				ids, err = svc.StaleCalls(ctx)
			}
			if err != nil {
				return err
			}
			n, err := svc.Reanalyze(ctx, ids)
			if err != nil {
				return err
			}
			switch {
			case isLocal:
				fmt.Fprintf(e.stderr, "pushback: analysing %d calls...\n", n)
				if err := local.Drain(ctx); err != nil {
					return fmt.Errorf("interrupted: the calls left stay queued and are analysed at the next start")
				}
				fmt.Fprintf(e.stdout, "reanalysed %d calls\n", n)
			case wait:
				if err := waitAnalysed(ctx, db, ids); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "reanalysed %d calls\n", n)
			default:
				fmt.Fprintf(e.stdout, "queued %d calls for the workers\n", n)
			}
			return nil
		},
	}
	dbf.register(c)
	c.Flags().BoolVar(&all, "all", false, "analyse every call again")
	c.Flags().IntVar(&workers, "workers", runtime.NumCPU(), "analyses run at once (SQLite)")
	c.Flags().BoolVar(&wait, "wait", false, "PostgreSQL: wait until the workers have analysed the calls")
	return c
}
