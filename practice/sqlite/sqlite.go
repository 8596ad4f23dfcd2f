// Package sqlite keeps a rep's practice attempts in a local SQLite file
// (pure Go, no cgo), for when no team server is connected.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

// FileName is the database file in the data directory.
const FileName = "practice.db"

// DefaultDir is where practice data lives when --data is not given:
// $XDG_DATA_HOME/pushback, else ~/.local/share/pushback on Linux and the
// BSDs, else the user config directory (Application Support on macOS,
// %AppData% on Windows) with pushback under it.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "pushback"), nil
	}
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android", "plan9":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "pushback"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "pushback"), nil
}

// Store is a practice.Store in one SQLite file. It is safe for concurrent
// use, and several processes may share the file.
type Store struct {
	db   *sql.DB
	path string
}

var _ practice.Store = (*Store)(nil)

// Open opens (creating when needed) the database at path, and its
// directory, and brings its schema up to date.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("practice data: %w", err)
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)")
	if err != nil {
		return nil, fmt.Errorf("practice data %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("practice data %s: %w", path, err)
	}
	return s, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrations are the schema versions, in order; PRAGMA user_version says how
// many have run. Add new ones at the end; never edit one that has shipped.
var migrations = []string{
	`CREATE TABLE attempts (
		id               INTEGER PRIMARY KEY,
		rep              TEXT    NOT NULL COLLATE NOCASE,
		scenario_id      TEXT    NOT NULL,
		category         TEXT    NOT NULL,
		reply            TEXT    NOT NULL,
		pushed_back      INTEGER NOT NULL,
		warning          INTEGER NOT NULL,
		permission       INTEGER NOT NULL,
		permission_first INTEGER NOT NULL,
		respectful       INTEGER,          -- NULL when the rep did not push back
		calm             INTEGER,
		gave_reason      INTEGER NOT NULL,
		used_name        INTEGER NOT NULL,
		score            INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
		at               TEXT    NOT NULL  -- RFC 3339, UTC, nanoseconds
	);
	CREATE INDEX attempts_rep_at ON attempts (rep, at);`,
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("the file is from a newer pushback (schema %d, this one knows %d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	if version == len(migrations) {
		return nil
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, len(migrations))); err != nil {
		return err
	}
	return tx.Commit()
}

// timeFormat sorts as text in time order (fixed width, UTC).
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// Record stores one attempt.
func (s *Store) Record(ctx context.Context, a practice.Attempt) error {
	if err := a.Validate(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := insertAttempt(ctx, tx, a); err != nil {
		return err
	}
	return tx.Commit()
}

func insertAttempt(ctx context.Context, tx *sql.Tx, a practice.Attempt) error {
	sc := a.Scores
	_, err := tx.ExecContext(ctx, `INSERT INTO attempts
		(rep, scenario_id, category, reply, pushed_back, warning, permission, permission_first,
		 respectful, calm, gave_reason, used_name, score, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		strings.TrimSpace(a.Rep), a.ScenarioID, string(a.Category), a.Reply,
		sc.PushedBack, sc.Warning, sc.Permission, sc.PermissionFirst,
		nullBool(sc.Respectful), nullBool(sc.Calm), sc.GaveReason, sc.UsedName,
		a.Score, a.At.UTC().Format(timeFormat))
	return err
}

// Attempts returns the rep's attempts, oldest first.
func (s *Store) Attempts(ctx context.Context, rep string) ([]practice.Attempt, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findAttempts(ctx, tx, strings.TrimSpace(rep))
}

func findAttempts(ctx context.Context, tx *sql.Tx, rep string) ([]practice.Attempt, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rep, scenario_id, category, reply, pushed_back, warning,
		permission, permission_first, respectful, calm, gave_reason, used_name, score, at
		FROM attempts WHERE rep = ? ORDER BY at, id`, rep)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []practice.Attempt
	for rows.Next() {
		var a practice.Attempt
		var category, at string
		var respectful, calm sql.NullBool
		sc := &a.Scores
		if err := rows.Scan(&a.Rep, &a.ScenarioID, &category, &a.Reply, &sc.PushedBack, &sc.Warning,
			&sc.Permission, &sc.PermissionFirst, &respectful, &calm, &sc.GaveReason, &sc.UsedName,
			&a.Score, &at); err != nil {
			return nil, err
		}
		a.Category = pushback.Category(category)
		if respectful.Valid {
			sc.Respectful = pushback.Bool(respectful.Bool)
		}
		if calm.Valid {
			sc.Calm = pushback.Bool(calm.Bool)
		}
		if a.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, errors.New("attempts.at: " + err.Error())
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func nullBool(b *bool) sql.NullBool {
	if b == nil {
		return sql.NullBool{}
	}
	return sql.NullBool{Bool: *b, Valid: true}
}
