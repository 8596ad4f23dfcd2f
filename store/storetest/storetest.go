// Package storetest gives tests real databases: a fresh SQLite file, and a
// fresh schema in the PostgreSQL named by PUSHBACK_TEST_POSTGRES (which
// scripts/test.sh starts and sets). Tests run on both with ForEach.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/store"
)

// EnvPostgres names the environment variable with the PostgreSQL URL.
const EnvPostgres = "PUSHBACK_TEST_POSTGRES"

// Dialects are the databases tests run on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// ForEach runs f as a subtest on SQLite and on PostgreSQL.
func ForEach(t *testing.T, f func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			SkipUnless(t, d)
			f(t, d)
		})
	}
}

// SkipUnless skips the test when the dialect's database is not available.
func SkipUnless(tb testing.TB, d store.Dialect) {
	tb.Helper()
	if d == store.Postgres && os.Getenv(EnvPostgres) == "" {
		tb.Skip(EnvPostgres + " is not set: skipping PostgreSQL (scripts/test.sh starts one and sets it)")
	}
}

// MustOpen opens a fresh, migrated database of the dialect, closed and
// removed when the test ends.
func MustOpen(tb testing.TB, d store.Dialect) *store.DB {
	tb.Helper()
	dsn := NewDSN(tb, d)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("open %s: %v", d, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// NewDSN returns the data source name of a fresh, empty database of the
// dialect, removed when the test ends: an SQLite file in a temporary
// directory, or a new schema in the test PostgreSQL.
func NewDSN(tb testing.TB, d store.Dialect) string {
	tb.Helper()
	SkipUnless(tb, d)
	if d == store.SQLite {
		return filepath.Join(tb.TempDir(), "pushback.db")
	}
	base := os.Getenv(EnvPostgres)
	admin, err := adminDB(base)
	if err != nil {
		tb.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

func adminDB(dsn string) (*sql.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", dsn)
		if adminErr == nil {
			admin.SetMaxOpenConns(2)
			adminErr = admin.Ping()
		}
	})
	return admin, adminErr
}
