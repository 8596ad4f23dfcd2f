package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/transcript"
)

func init() { register(newImportCmd) }

func newImportCmd(e *env) *cobra.Command {
	var (
		dbf     dbFlags
		in      inputFlags
		team    string
		account string
		deal    string
		date    string
		workers int
		wait    bool
	)
	c := &cobra.Command{
		Use:   "import [--data DIR | --db URL] [--rep NAME]... [--team NAME] DIR|FILE...",
		Short: "Store transcripts in the team server's database and analyse them",
		Long: `Store transcript files in the team server's database, with a progress bar,
and queue their analysis. Directories are read recursively for transcript
files (.vtt, .srt, .txt, .json; not *.labels.json). A file whose content is
stored already is skipped, so an interrupted import is resumed by running the
same command again. Each call's title is its file name and its date the
file's modification time (--date sets one for all).

With SQLite the calls are analysed before the command ends (an interrupted
import's analyses are resumed too); with PostgreSQL the workers analyse them
(--wait waits until they have).`,
		Example: `  pushback import --rep "Dana Reyes" --team East calls/
  pushback import --db postgres://pushback@db/pushback --wait recordings/2025-03/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := in.options()
			if err != nil {
				return err
			}
			var when time.Time
			if date != "" {
				if when, err = parseDate(date); err != nil {
					return usagef("--date %q: %v", date, err)
				}
			}
			files, err := transcriptFiles(args)
			if err != nil {
				return err
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
			if opts.MaxBytes > 0 {
				svc.MaxBytes = opts.MaxBytes
			}
			local, isLocal := q.(*queue.Local)
			if isLocal {
				// Analyse here, picking up the analyses an interrupted import left.
				if err := svc.Start(ctx); err != nil {
					return err
				}
				defer stopQueue(q, time.Minute, log)
			}
			var teamID *int64
			if team != "" {
				t, err := store.EnsureTeam(ctx, db, team)
				if err != nil {
					return err
				}
				teamID = &t.ID
			}

			prog := newProgress(e.stderr, len(files))
			var imported []int64
			skipped, failed := 0, 0
			for _, path := range files {
				if ctx.Err() != nil {
					break
				}
				prog.start(path)
				id, status, err := importFile(ctx, svc, path, ingest.Upload{Name: path, Format: opts.Format, Reps: opts.Reps,
					Account: account, Deal: deal, TeamID: teamID, Date: when})
				switch {
				case err == nil && status == "imported":
					imported = append(imported, id)
				case err == nil:
					skipped++
				case isInputError(err):
					failed++
					status = "failed: " + err.Error()
				default:
					prog.finish()
					return err
				}
				prog.done(path, status, id)
			}
			prog.finish()
			interrupted := ctx.Err() != nil

			analysed := ""
			switch {
			case isLocal && !interrupted:
				fmt.Fprintf(e.stderr, "pushback: analysing...\n")
				if err := local.Drain(ctx); err != nil {
					return fmt.Errorf("interrupted while analysing: run the same import again to resume")
				}
				analysed = "; all analysed"
			case !isLocal && wait && !interrupted:
				if err := waitAnalysed(ctx, db, imported); err != nil {
					return err
				}
				analysed = "; all analysed"
			case !isLocal:
				analysed = "; queued for the workers"
			}
			fmt.Fprintf(e.stdout, "imported %d, skipped %d (stored already), failed %d of %d files%s\n", len(imported), skipped, failed, len(files), analysed)
			if interrupted {
				return fmt.Errorf("interrupted: run the same import again to resume")
			}
			if failed > 0 {
				return pushback.Errorf(pushback.EINVALID, "%d of %d files could not be imported (see above)", failed, len(files))
			}
			return nil
		},
	}
	dbf.register(c)
	in.register(c)
	f := c.Flags()
	f.StringVar(&team, "team", "", "team of the reps seen for the first time (created if needed)")
	f.StringVar(&account, "account", "", "the prospect's account, for every call")
	f.StringVar(&deal, "deal", "", "the deal, for every call")
	f.StringVar(&date, "date", "", "the date of every call (2025-03-01); default: each file's modification time")
	f.IntVar(&workers, "workers", runtime.NumCPU(), "analyses run at once (SQLite)")
	f.BoolVar(&wait, "wait", false, "PostgreSQL: wait until the workers have analysed the imported calls")
	return c
}

// importFile stores one file; status is "imported" or why it was skipped.
func importFile(ctx context.Context, svc *ingest.Service, path string, u ingest.Upload) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", &pushback.InputError{File: path, Msg: err.Error()}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && u.Date.IsZero() {
		u.Date = st.ModTime()
	}
	u.Body = f
	u.Title = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	data, err := svc.Read(u)
	if err != nil {
		return 0, "", pushback.WithFile(err, path)
	}
	c, err := svc.IngestBytes(ctx, store.All, u, data)
	var dup *store.DuplicateError
	if errors.As(err, &dup) {
		return dup.CallID, fmt.Sprintf("skipped: stored already as call %d", dup.CallID), nil
	}
	if err != nil {
		return 0, "", pushback.WithFile(err, path)
	}
	return c.ID, "imported", nil
}

// isInputError reports whether err is about one file's content (the import
// goes on) rather than the database (it stops).
func isInputError(err error) bool {
	switch pushback.ErrorCode(err) {
	case pushback.EINVALID, pushback.ETOOLARGE:
		return true
	}
	var ie *pushback.InputError
	return errors.As(err, &ie)
}

// transcriptFiles lists the files named, reading directories recursively
// for files with a transcript extension.
func transcriptFiles(args []string) ([]string, error) {
	exts := map[string]bool{}
	for _, f := range transcript.Formats() {
		for _, x := range f.Exts {
			exts[strings.ToLower(x)] = true
		}
	}
	var files []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, &pushback.InputError{File: arg, Msg: "no such file or directory"}
		}
		if !st.IsDir() {
			add(arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") && p != arg {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && exts[strings.ToLower(filepath.Ext(name))] && !strings.HasSuffix(name, ".labels.json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", arg, err)
		}
		sort.Strings(found)
		for _, p := range found {
			add(p)
		}
	}
	if len(files) == 0 {
		return nil, usagef("no transcript files in %s (expected .vtt, .srt, .txt or .json files)", strings.Join(args, ", "))
	}
	return files, nil
}

// waitAnalysed waits until none of the calls is queued.
func waitAnalysed(ctx context.Context, db *store.DB, ids []int64) error {
	for _, id := range ids {
		for {
			c, err := store.GetCall(ctx, db, store.All, id)
			if pushback.ErrorCode(err) == pushback.ENOTFOUND {
				break
			}
			if err != nil {
				return err
			}
			if c.Status != store.StatusQueued {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("interrupted while waiting for the workers: the calls stay queued")
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return nil
}

func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("expected a date such as 2025-03-01")
}

// progress shows how an import is going: a bar redrawn in place on a
// terminal, one line per file otherwise (for logs and scripts).
type progress struct {
	w                 io.Writer
	tty               bool
	total, n          int
	imported, skipped int
	failed            int
	current           string
	lastDraw          time.Time
	started           time.Time
	failures          []string
}

func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && isTerminal(f.Fd()), total: total, started: time.Now()}
}

func (p *progress) start(path string) {
	p.current = path
	p.draw(false)
}

func (p *progress) done(path, status string, id int64) {
	p.n++
	switch {
	case status == "imported":
		p.imported++
	case strings.HasPrefix(status, "skipped"):
		p.skipped++
	default:
		p.failed++
	}
	if !p.tty {
		if status == "imported" {
			status = fmt.Sprintf("imported as call %d", id)
		}
		fmt.Fprintf(p.w, "[%d/%d] %s: %s\n", p.n, p.total, path, status)
		return
	}
	if strings.HasPrefix(status, "failed") {
		p.failures = append(p.failures, path+": "+status)
	}
	p.draw(p.n == p.total)
}

func (p *progress) draw(force bool) {
	if !p.tty || (!force && time.Since(p.lastDraw) < 100*time.Millisecond) {
		return
	}
	p.lastDraw = time.Now()
	const width = 30
	filled := 0
	if p.total > 0 {
		filled = p.n * width / p.total
	}
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	name := filepath.Base(p.current)
	if len(name) > 30 {
		name = name[:27] + "..."
	}
	fmt.Fprintf(p.w, "\r\033[K[%s] %d/%d  imported %d  skipped %d  failed %d  %s", bar, p.n, p.total, p.imported, p.skipped, p.failed, name)
}

func (p *progress) finish() {
	if !p.tty {
		return
	}
	p.draw(true)
	fmt.Fprintf(p.w, "\n")
	for _, f := range p.failures {
		fmt.Fprintln(p.w, "pushback: "+f)
	}
}
