// Package store keeps the team server's data: calls and their analyses,
// the moments and scores indexed for queries, reps, users, teams, sessions,
// API tokens, playbooks and practice attempts.
//
// One SQL layer serves both databases. Queries are written once with ?
// placeholders and rebound per driver; where the two engines must differ
// (column types, identity columns) the numbered migrations are kept per
// dialect. Callers own transactions: every query function takes a Handle,
// which is a *DB (each statement on its own) or a *Tx from DB.Tx.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"               // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/pushback-coach/pushback"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Handle runs queries: a *DB or a *Tx. Queries use ? placeholders.
type Handle interface {
	Dialect() Dialect
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB is an open database with its schema migrated.
type DB struct {
	sql     *sql.DB
	dialect Dialect
	dsn     string // as given to Open, for the queue's own connections
	rebound sync.Map
}

// Open opens the database named by dsn and applies the migrations.
// A dsn starting with postgres:// or postgresql:// is PostgreSQL; anything
// else is an SQLite file path, optionally written as sqlite:PATH.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.connect(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("connect to %s: %w", db.Describe(), err)
	}
	if err := db.migrate(ctx); err != nil {
		db.sql.Close()
		return nil, err
	}
	return db, nil
}

// connect makes the first connection. Two processes opening a new SQLite
// file at the same moment (a server and a worker starting together) can find
// it locked while the other converts it to WAL, a case SQLite reports at once
// rather than through the busy timeout: wait and try again, for as long as
// the busy timeout would have waited.
func (db *DB) connect(ctx context.Context) error {
	deadline := time.Now().Add(20 * time.Second)
	wait := 5 * time.Millisecond
	for {
		err := db.sql.PingContext(ctx)
		if err == nil || db.dialect != SQLite || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY,
// with or without an extended code).
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

func open(dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		s, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, pushback.Errorf(pushback.EINVALID, "--db: %v", err)
		}
		s.SetMaxOpenConns(20)
		s.SetMaxIdleConns(20)
		s.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{sql: s, dialect: Postgres, dsn: dsn}, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		return nil, pushback.Errorf(pushback.EINVALID, "--db: empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	// WAL lets readers run beside the writer; immediate transactions take
	// the write lock up front, so two writers wait (busy_timeout) instead of
	// failing when one upgrades a read lock.
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(20000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	// As a URI, the path's own %, ? and # must be escaped.
	uriPath := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
	s, err := sql.Open("sqlite", "file:"+uriPath+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	s.SetMaxOpenConns(8)
	s.SetMaxIdleConns(8)
	return &DB{sql: s, dialect: SQLite, dsn: path}, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// Dialect says which engine db is.
func (db *DB) Dialect() Dialect { return db.dialect }

// DSN returns the data source name db was opened with.
func (db *DB) DSN() string { return db.dsn }

// SQL returns the underlying pool, for libraries that take a *sql.DB.
func (db *DB) SQL() *sql.DB { return db.sql }

// Describe names the database for logs without its password.
func (db *DB) Describe() string {
	if db.dialect == SQLite {
		return "sqlite:" + db.dsn
	}
	u, err := url.Parse(db.dsn)
	if err != nil {
		return "postgres"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.sql.ExecContext(ctx, db.rebind(query), bindArgs(db.dialect, args)...)
}

func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.sql.QueryContext(ctx, db.rebind(query), bindArgs(db.dialect, args)...)
}

func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.sql.QueryRowContext(ctx, db.rebind(query), bindArgs(db.dialect, args)...)
}

// Tx is a transaction. Functions registered with AfterCommit run once it
// has committed, so work that others must only see after the commit (an
// in-process job) is not started early.
type Tx struct {
	tx          *sql.Tx
	db          *DB
	afterCommit []func()
}

// Tx runs fn in a transaction: committed when fn returns nil, rolled back
// otherwise.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{tx: stx, db: db}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// AfterCommit registers f to run after the transaction commits.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// SQL returns the underlying transaction, for libraries that take a *sql.Tx.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, tx.db.rebind(query), bindArgs(tx.db.dialect, args)...)
}

func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, tx.db.rebind(query), bindArgs(tx.db.dialect, args)...)
}

func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, tx.db.rebind(query), bindArgs(tx.db.dialect, args)...)
}

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL. Queries in
// this package never put a ? inside a string literal.
func (db *DB) rebind(query string) string {
	if db.dialect != Postgres {
		return query
	}
	if q, ok := db.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	q := b.String()
	db.rebound.Store(query, q)
	return q
}

// timeLayout is how SQLite stores times: fixed width UTC, so text order is
// time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// bindArgs converts times to SQLite's text form; PostgreSQL takes them as they are.
func bindArgs(d Dialect, args []any) []any {
	if d != SQLite {
		return args
	}
	out := args
	for i, a := range args {
		var conv any
		switch v := a.(type) {
		case time.Time:
			conv = v.UTC().Format(timeLayout)
		case *time.Time:
			if v != nil {
				conv = v.UTC().Format(timeLayout)
			}
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...) // leave the caller's slice alone
		}
		out[i] = conv
	}
	return out
}

// now is the current time at the precision both databases keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// timeScan reads a time column from either engine into *t (zero when NULL).
type timeScan struct{ t *time.Time }

func (s timeScan) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("store: cannot read %T as a time", src)
	}
	return nil
}

func (s timeScan) parse(v string) error {
	for _, layout := range []string{timeLayout, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: cannot read %q as a time", v)
}

// nullTimeScan reads a nullable time column into **t.
type nullTimeScan struct{ t **time.Time }

func (s nullTimeScan) Scan(src any) error {
	if src == nil {
		*s.t = nil
		return nil
	}
	var t time.Time
	if err := (timeScan{&t}).Scan(src); err != nil {
		return err
	}
	*s.t = &t
	return nil
}

// notFound maps sql.ErrNoRows to a not-found error naming what was missing.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return pushback.Errorf(pushback.ENOTFOUND, format, args...)
	}
	return err
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
