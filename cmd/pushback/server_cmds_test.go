package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the real pushback command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pushback-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "pushback")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// run runs the binary to completion.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// writeTranscripts writes n distinct small transcripts.
func writeTranscripts(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Dana Reyes: Hi Bob, thanks for making time (call %d).\n"+
			"Bob Stone: Honestly, you guys will probably jack up the price after the first year.\n"+
			"Dana Reyes: I see that a bit differently. Would you be ok if I challenged that?\n"+
			"Bob Stone: Sure.\nDana Reyes: Annual plans lock the price for three years.\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("call-%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestImportResumesAfterKill kills an import with SIGKILL part way, checks
// the database is consistent, and runs it again: every file ends up stored
// once and analysed.
func TestImportResumesAfterKill(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, d store.Dialect) {
		const n = 400
		files := writeTranscripts(t, n)
		dsn := storetest.NewDSN(t, d)
		dbArgs := []string{"--db", dsn}

		if d == store.Postgres {
			// Two worker processes analyse what the imports queue.
			for i := 0; i < 2; i++ {
				w := exec.Command(binary(t), append([]string{"worker", "--workers", "2"}, dbArgs...)...)
				w.Stderr = io.Discard
				if err := w.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() {
					_ = w.Process.Signal(syscall.SIGTERM)
					_ = w.Wait()
				})
			}
		}

		// First import: killed after some files.
		cmd := exec.Command(binary(t), append(append([]string{"import", "--rep", "Dana Reyes", "--team", "East"}, dbArgs...), files)...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stderr)
		lines := 0
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "[") {
				lines++
			}
			if lines == 25 {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		go io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
		if lines < 25 {
			t.Fatalf("the import ended after %d files before it could be killed", lines)
		}

		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("open after kill: %v", err)
		}
		defer db.Close()
		before := countCalls(t, db)
		checkConsistent(t, db, d)
		t.Logf("killed after %d files reported; %d calls stored", lines, before)
		if before >= n {
			t.Fatalf("all %d files were stored before the kill: the test did not interrupt anything", n)
		}

		// Second import: resumes.
		args := append(append([]string{"import", "--rep", "Dana Reyes", "--team", "East"}, dbArgs...), files)
		if d == store.Postgres {
			args = append(args, "--wait")
		}
		out, errOut, code := run(t, "", args...)
		if code != 0 {
			t.Fatalf("resumed import: exit %d\n%s\n%s", code, out, lastLines(errOut, 5))
		}
		wantSkipped := fmt.Sprintf("skipped %d", before)
		if !strings.Contains(out, fmt.Sprintf("imported %d, ", n-before)) || !strings.Contains(out, wantSkipped) {
			t.Errorf("resumed import said %q, want %d imported and %s", out, n-before, wantSkipped)
		}
		if got := countCalls(t, db); got != n {
			t.Errorf("%d calls stored, want %d", got, n)
		}
		checkConsistent(t, db, d)
		var queued int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM calls WHERE status <> 'done'`).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if queued != 0 {
			t.Errorf("%d calls not analysed after the resumed import", queued)
		}
	})
}

func countCalls(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM calls`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkConsistent: no duplicate content, every call linked to its rep,
// scores only for analysed calls, and SQLite's own checks pass.
func checkConsistent(t *testing.T, db *store.DB, d store.Dialect) {
	t.Helper()
	ctx := context.Background()
	one := func(q string) int {
		var n int
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := one(`SELECT COUNT(*) - COUNT(DISTINCT content_hash) FROM calls`); n != 0 {
		t.Errorf("%d duplicate calls", n)
	}
	if n := one(`SELECT COUNT(*) FROM calls c WHERE NOT EXISTS (SELECT 1 FROM call_reps cr WHERE cr.call_id = c.id)`); n != 0 {
		t.Errorf("%d calls without their rep", n)
	}
	if n := one(`SELECT COUNT(*) FROM rep_scores rs JOIN calls c ON c.id = rs.call_id WHERE c.status <> 'done'`); n != 0 {
		t.Errorf("%d scores of calls not analysed", n)
	}
	if n := one(`SELECT COUNT(*) FROM calls WHERE status = 'done' AND analysis_json IS NULL`); n != 0 {
		t.Errorf("%d done calls without an analysis", n)
	}
	if n := one(`SELECT COUNT(*) FROM reps`); n != 1 {
		t.Errorf("%d reps, want 1", n)
	}
	if d != store.SQLite {
		return
	}
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if rows.Next() {
		t.Error("foreign_key_check found violations")
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestServeEndToEnd runs the real server: first-run admin with user add, a
// token, an upload, its analysis, and a graceful stop on SIGTERM.
func TestServeEndToEnd(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := run(t, "a long passphrase\n", "user", "add", "ada", "--role", "admin", "--data", data, "--password-stdin")
	if code != 0 || !strings.Contains(out, "added admin ada") {
		t.Fatalf("user add: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := run(t, "", "user", "add", "ada", "--role", "admin", "--data", data); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second user add: exit %d %s", code, errOut)
	}
	if _, errOut, code := run(t, "", "user", "add", "x", "--role", "boss", "--data", data); code != 2 || !strings.HasPrefix(errOut, "pushback: --role") {
		t.Errorf("bad role: exit %d %s", code, errOut)
	}
	token, errOut, code := run(t, "", "token", "create", "--user", "ada", "--name", "recorder", "--scope", "full", "--data", data)
	token = strings.TrimSpace(token)
	if code != 0 || !strings.HasPrefix(token, "pbk_") {
		t.Fatalf("token create: %d %q %s", code, token, errOut)
	}

	cmd := exec.Command(binary(t), "serve", "--addr", "127.0.0.1:0", "--data", data, "--workers", "2")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	var url string
	serving := regexp.MustCompile(`serving on (http://[0-9.:]+)`)
	var logMu sync.Mutex
	var log strings.Builder
	for sc.Scan() {
		if m := serving.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	if url == "" {
		t.Fatal("serve did not say where it listens")
	}
	done := make(chan struct{})
	go func() {
		for sc.Scan() {
			logMu.Lock()
			log.WriteString(sc.Text() + "\n")
			logMu.Unlock()
		}
		close(done)
	}()

	req, _ := http.NewRequest("POST", url+"/api/v1/calls?rep=Dana+Reyes&title=Acme", strings.NewReader(
		"Dana Reyes: Hi Bob.\nBob Stone: You guys will probably jack up the price after the first year.\nDana Reyes: I see that differently; may I share why?\n"))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 202 {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest("GET", url+"/api/v1/calls/1", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), `"status":"done"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("call not analysed: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-done
	err = cmd.Wait()
	logMu.Lock()
	defer logMu.Unlock()
	if err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "msg=stopped") {
		t.Errorf("serve did not stop gracefully:\n%s", log.String())
	}
}

func TestWorkerNeedsPostgres(t *testing.T) {
	_, errOut, code := run(t, "", "worker", "--data", t.TempDir())
	if code != 2 || !strings.Contains(errOut, "needs --db postgres://") {
		t.Errorf("worker on SQLite: exit %d %s", code, errOut)
	}
}

func TestReanalyzeCommand(t *testing.T) {
	data := t.TempDir()
	files := writeTranscripts(t, 5)
	if out, errOut, code := run(t, "", "import", "--data", data, "--rep", "Dana Reyes", files); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	out, errOut, code := run(t, "", "reanalyze", "--data", data)
	if code != 0 || !strings.Contains(out, "reanalysed 0 calls") {
		t.Errorf("reanalyze with nothing stale: %d %q %s", code, out, errOut)
	}
	out, errOut, code = run(t, "", "reanalyze", "--all", "--data", data)
	if code != 0 || !strings.Contains(out, "reanalysed 5 calls") {
		t.Errorf("reanalyze --all: %d %q %s", code, out, errOut)
	}
	db, err := store.Open(context.Background(), filepath.Join(data, "pushback.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	_ = db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM calls WHERE status = 'done' AND generation = 2`).Scan(&n)
	if n != 5 {
		t.Errorf("%d calls analysed a second time, want 5", n)
	}
	if _, errOut, code := run(t, "", "reanalyze", "--data", data, "x"); code != 2 {
		t.Errorf("reanalyze x: exit %d %s", code, errOut)
	}
}
