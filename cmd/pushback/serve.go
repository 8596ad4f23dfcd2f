package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/queue"
	"github.com/pushback-coach/pushback/server"
	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/web"
)

// dbFlags say which database the server commands use: --db, else
// $PUSHBACK_DB, else the SQLite file pushback.db in the data directory
// (--data, else $PUSHBACK_DATA, else the per-user data directory).
type dbFlags struct {
	db   string
	data string
}

func (f *dbFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.db, "db", "", "database: postgres://user:pass@host/db for PostgreSQL, or an SQLite file (default: pushback.db in the data directory; env PUSHBACK_DB)")
	c.Flags().StringVar(&f.data, "data", "", "data directory for the SQLite database (default: "+defaultDataDirDoc()+"; env PUSHBACK_DATA)")
}

// dsn resolves the database to open.
func (f *dbFlags) dsn() (string, error) {
	if f.db != "" && f.data != "" {
		return "", usagef("--db and --data: give one (--data is where the SQLite database lives)")
	}
	if f.db != "" {
		return f.db, nil
	}
	if f.data == "" {
		if v := os.Getenv("PUSHBACK_DB"); v != "" {
			return v, nil
		}
	}
	dir := f.data
	if dir == "" {
		dir = os.Getenv("PUSHBACK_DATA")
	}
	if dir == "" {
		var err error
		if dir, err = defaultDataDir(); err != nil {
			return "", fmt.Errorf("find a data directory: %v (use --data DIR)", err)
		}
	}
	return filepath.Join(dir, "pushback.db"), nil
}

// open opens and migrates the database.
func (f *dbFlags) open(ctx context.Context) (*store.DB, error) {
	dsn, err := f.dsn()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// defaultDataDir is the per-user data directory: $XDG_DATA_HOME/pushback
// or ~/.local/share/pushback on Linux and BSD, ~/Library/Application
// Support/pushback on macOS, %LocalAppData%\pushback on Windows.
func defaultDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "pushback"), nil
		}
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support", "pushback"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "pushback"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "pushback"), nil
}

func defaultDataDirDoc() string {
	switch runtime.GOOS {
	case "windows":
		return `%LocalAppData%\pushback`
	case "darwin":
		return "~/Library/Application Support/pushback"
	}
	return "$XDG_DATA_HOME/pushback or ~/.local/share/pushback"
}

// newLogger logs to stderr as text or JSON lines.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usagef("--log-level %q: expected debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usagef("--log-format %q: expected text or json", format)
}

// signalContext ends on SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// stopQueue stops the job queue, letting running analyses finish.
func stopQueue(q queue.Queue, timeout time.Duration, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	log.Info("stopping: finishing running analyses", "timeout", timeout)
	if err := q.Stop(ctx); err != nil {
		return fmt.Errorf("stop job queue: %w (unfinished analyses run again at the next start)", err)
	}
	return nil
}

func init() { register(newServeCmd) }

func newServeCmd(e *env) *cobra.Command {
	var (
		dbf                 dbFlags
		addr                string
		workers             int
		maxUpload           string
		secureCookies       bool
		trustProxy          bool
		logFormat, logLevel string
		shutdownTimeout     time.Duration
		loginFailures       int
		loginWindow         time.Duration
		setupCode           string
	)
	c := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--data DIR | --db URL]",
		Short: "Run the team server: stored calls, the JSON API, accounts",
		Long: `Run the team server: the web app at / and the JSON API under /api/v1. Calls uploaded to it (or imported with pushback import)
are stored and analysed by a job queue; the JSON API under /api/v1 lists calls,
moments, reps' score history and team summaries (OpenAPI document at
/api/v1/openapi.json).

By default the data is an SQLite file in the per-user data directory and
analyses run in this process. With --db postgres://... several serve and
pushback worker processes share one PostgreSQL database and its job queue.

On first run, create the admin with pushback user add, or with the setup code
this command prints (POST /api/v1/setup). SIGINT or SIGTERM stops the server
gracefully: in-flight requests and running analyses finish first.`,
		Example: `  pushback serve
  pushback serve --addr 0.0.0.0:8080 --data /var/lib/pushback
  pushback serve --db postgres://pushback:secret@db/pushback --workers 4`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			log, err := newLogger(e.stderr, logFormat, logLevel)
			if err != nil {
				return err
			}
			upload, err := parseSize(maxUpload)
			if err != nil || upload <= 0 {
				return usagef("--max-upload %q: expected a size such as 32MiB", maxUpload)
			}
			if workers < 0 {
				return usagef("--workers %d: expected 0 or more", workers)
			}
			ctx, stop := signalContext()
			defer stop()
			db, err := dbf.open(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if workers == 0 && db.Dialect() == store.SQLite {
				return usagef("--workers 0: with SQLite the server analyses calls itself; use --workers 1 or more")
			}
			q, err := queue.Open(ctx, db, queue.Options{Workers: workers, Logger: log})
			if err != nil {
				return err
			}
			svc := ingest.New(db, q, log)
			if workers > 0 {
				if err := svc.Start(ctx); err != nil {
					return err
				}
			}
			n, err := store.CountUsers(ctx, db)
			if err != nil {
				return err
			}
			if n == 0 && setupCode == "" {
				setupCode = auth.RandomCode()
			}
			srv := server.New(db, svc, server.Config{MaxUploadBytes: upload, SecureCookies: secureCookies, TrustProxy: trustProxy,
				SetupCode: setupCode, ShutdownTimeout: shutdownTimeout, Logger: log,
				LoginLimit: auth.LoginLimit{Failures: loginFailures, Window: loginWindow}})
			if _, err := web.Mount(srv, web.Config{SetupCode: setupCode, Logger: log}); err != nil {
				return fmt.Errorf("web app: %w", err)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			url := "http://" + ln.Addr().String()
			log.Info("serving", "url", url, "database", db.Describe(), "workers", workers)
			fmt.Fprintf(e.stderr, "pushback: serving on %s (%s)\n", url, db.Describe())
			if n == 0 {
				fmt.Fprintf(e.stderr, "pushback: first run: open %s/setup and enter the setup code %s (or run `pushback user add NAME --role admin`)\n", url, setupCode)
			}
			serveErr := srv.Serve(ctx, ln)
			var stopErr error
			if workers > 0 {
				stopErr = stopQueue(q, shutdownTimeout, log)
			}
			if serveErr != nil {
				return serveErr
			}
			if stopErr == nil {
				log.Info("stopped")
			}
			return stopErr
		},
	}
	dbf.register(c)
	f := c.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	f.IntVar(&workers, "workers", runtime.NumCPU(), "analyses run at once in this process (PostgreSQL: 0 leaves them to pushback worker)")
	f.StringVar(&maxUpload, "max-upload", "32MiB", "largest transcript upload")
	f.BoolVar(&secureCookies, "secure-cookies", false, "mark session cookies Secure even without TLS (behind a TLS-terminating proxy)")
	f.BoolVar(&trustProxy, "trust-proxy", false, "take the client address and scheme from X-Forwarded-For and X-Forwarded-Proto")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.DurationVar(&shutdownTimeout, "shutdown-timeout", 30*time.Second, "at SIGINT/SIGTERM, how long in-flight requests and running analyses get to finish")
	f.IntVar(&loginFailures, "login-failures", auth.DefaultLoginLimit.Failures, "failed logins allowed per client address and per username ...")
	f.DurationVar(&loginWindow, "login-window", auth.DefaultLoginLimit.Window, "... within this window, before they are refused")
	f.StringVar(&setupCode, "setup-code", "", "first-run setup code (default: a random one, printed at start)")
	_ = f.MarkHidden("setup-code")
	_ = c.RegisterFlagCompletionFunc("log-format", fixedCompletion("text", "json"))
	return c
}
