package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/practice"
)

// practiceCLI runs `pushback practice` with args and returns the exit code,
// stdout and stderr.
func practiceCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"practice"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// cueJudge stands in for the engine's judge where a test needs a verdict it
// controls: "mind if" asks permission, "see that differently" warns,
// "because" gives a reason.
type cueJudge struct{}

func (cueJudge) CheckRep(text, context, prospect string) engine.RepCheck {
	l := strings.ToLower(text)
	c := engine.RepCheck{Text: text, Scores: map[string]float64{}, Reasons: []string{"cue judge"}, Respectful: true, Calm: true}
	c.Permission = strings.Contains(l, "mind if")
	c.Warning = strings.Contains(l, "see that differently")
	c.GaveReason = strings.Contains(l, "because")
	c.PushedBack = c.Permission || c.Warning || c.GaveReason
	c.PermissionFirst = c.Permission
	c.UsedName = strings.Contains(text, prospect)
	return c
}

func withCueJudge(t *testing.T) {
	t.Helper()
	old := newPracticeJudge
	newPracticeJudge = func(*pushback.Playbook) (practice.Judge, error) { return cueJudge{}, nil }
	t.Cleanup(func() { newPracticeJudge = old })
}

func noServerEnv(t *testing.T) {
	t.Setenv("PUSHBACK_SERVER", "")
	t.Setenv("PUSHBACK_TOKEN", "")
}

func decodeResult(t *testing.T, out string) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	return doc
}

func TestPracticeReplyJSON(t *testing.T) {
	noServerEnv(t)
	dir := t.TempDir()
	code, out, stderr := practiceCLI(t, "--data", dir, "--rep", "Dana", "--scenario", "fwd-price-hike", "--format", "json",
		"--reply", "Lisa, I see that one differently. Can I share why? The price is locked for three years in the contract.")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc := decodeResult(t, out)
	if doc["schema"] != "pushback.practice/v1" || doc["status"] != "scored" || doc["rep"] != "Dana" || doc["recorded"] != true {
		t.Errorf("document = %v", doc)
	}
	sc := doc["scenario"].(map[string]any)
	for _, k := range []string{"id", "category", "industry", "persona", "prospect", "difficulty", "statement", "why_wrong", "model_pushback"} {
		if sc[k] == nil || sc[k] == "" {
			t.Errorf("scenario.%s missing: %v", k, sc)
		}
	}
	scores := doc["scores"].(map[string]any)
	for _, k := range []string{"warning", "permission", "permission_first", "respectful", "calm", "gave_reason", "used_name", "pushed_back", "overall"} {
		if _, ok := scores[k]; !ok {
			t.Errorf("scores.%s missing: %v", k, scores)
		}
	}
	if o, ok := scores["overall"].(float64); !ok || o < 0 || o > 100 {
		t.Errorf("overall = %v", scores["overall"])
	}
	for _, k := range []string{"reply", "tip", "model_answer", "at"} {
		if s, _ := doc[k].(string); s == "" {
			t.Errorf("%s missing", k)
		}
	}
	if turns, _ := doc["turns"].([]any); len(turns) != 2 {
		t.Errorf("turns = %v", doc["turns"])
	}
	if _, err := os.Stat(filepath.Join(dir, "practice.db")); err != nil {
		t.Errorf("no progress file: %v", err)
	}
}

func TestPracticePermissionThenContinue(t *testing.T) {
	noServerEnv(t)
	withCueJudge(t)
	dir := t.TempDir()
	pb, _ := playbook.Default()
	sc, _ := practice.NewLibrary(pb).Scenario("fact-epic-integration")
	answer := practice.Answer(sc, true)

	code, out, stderr := practiceCLI(t, "--data", dir, "--rep", "Dana", "--scenario", sc.ID, "--format", "json",
		"--reply", "Priya, mind if I push back on that?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc := decodeResult(t, out)
	if doc["status"] != "continue" || doc["prospect_answer"] != answer || doc["recorded"] != false {
		t.Errorf("permission only: status %v, prospect_answer %v (want %q), recorded %v", doc["status"], doc["prospect_answer"], answer, doc["recorded"])
	}
	if _, ok := doc["model_answer"]; ok {
		t.Error("the model answer should wait until the rep has continued")
	}
	if tip, _ := doc["tip"].(string); !strings.Contains(tip, answer) {
		t.Errorf("tip %q should say the prospect answered", tip)
	}

	code, out, stderr = practiceCLI(t, "--data", dir, "--rep", "Dana", "--scenario", sc.ID, "--format", "json",
		"--reply", "Priya, mind if I push back on that?", "--reply", "Because we have a certified two-way Epic integration.")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc = decodeResult(t, out)
	turns, _ := doc["turns"].([]any)
	if doc["status"] != "scored" || doc["prospect_answer"] != answer || doc["model_answer"] != sc.ModelPushback || len(turns) != 4 || doc["recorded"] != true {
		t.Errorf("continued: %v", doc)
	}

	// Text output says the same for people.
	code, out, _ = practiceCLI(t, "--data", dir, "--rep", "Dana", "--scenario", sc.ID, "--reply", "Priya, mind if I push back on that?")
	if code != 0 || !strings.Contains(out, "Priya: "+answer) || !strings.Contains(out, "second --reply") {
		t.Errorf("text output:\n%s", out)
	}
}

func TestPracticeFearReframe(t *testing.T) {
	noServerEnv(t)
	withCueJudge(t)
	dir := t.TempDir()
	var doc map[string]any
	for _, id := range []string{"fwd-price-hike", "fwd-hidden-fees", "fwd-intro-price-triples"} {
		code, out, stderr := practiceCLI(t, "--data", dir, "--rep", "Dana", "--scenario", id, "--format", "json", "--reply", "Sure, fair enough.")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		doc = decodeResult(t, out)
	}
	f, ok := doc["fear_reframe"].(map[string]any)
	if !ok {
		t.Fatalf("no fear_reframe after three let-go replies: %v", doc)
	}
	easier, _ := f["easier_scenario"].(map[string]any)
	if msg, _ := f["message"].(string); !strings.Contains(msg, "False Expectations Appearing Real") || easier["category"] != "forward_looking" || easier["difficulty"] != "easy" {
		t.Errorf("fear_reframe = %v", f)
	}
	// Progress shows the streak and the weakness.
	code, out, _ := practiceCLI(t, "--data", dir, "--rep", "dana", "--progress", "--format", "json")
	var p struct {
		Rep     string           `json:"rep"`
		Summary practice.Summary `json:"summary"`
		Due     []practice.Card  `json:"due"`
	}
	if err := json.Unmarshal([]byte(out), &p); code != 0 || err != nil {
		t.Fatalf("progress: exit %d, %v\n%s", code, err, out)
	}
	if p.Summary.Done != 3 || p.Summary.LetGoStreak != 3 || p.Summary.Weakest != "pushed_back" {
		t.Errorf("progress summary = %+v", p.Summary)
	}
	code, out, _ = practiceCLI(t, "--data", dir, "--rep", "dana", "--progress")
	if code != 0 || !strings.Contains(out, "Done:           3 scenarios") || !strings.Contains(out, "Work on:        pushing back") {
		t.Errorf("progress text:\n%s", out)
	}
}

func TestPracticeList(t *testing.T) {
	noServerEnv(t)
	code, out, stderr := practiceCLI(t, "--list", "--category", "forward_looking", "--difficulty", "hard", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var scs []pushback.Scenario
	if err := json.Unmarshal([]byte(out), &scs); err != nil || len(scs) < 8 {
		t.Fatalf("%d scenarios, %v", len(scs), err)
	}
	for _, sc := range scs {
		if sc.Category != pushback.ForwardLooking || sc.Difficulty != pushback.Hard {
			t.Errorf("filter let through %s", sc.ID)
		}
	}
	code, out, _ = practiceCLI(t, "--list", "--persona", "cfo")
	if code != 0 || !strings.HasPrefix(out, "ID ") || !strings.Contains(out, "sceptical CFO") || strings.Contains(out, "rushed IT director") {
		t.Errorf("text list:\n%s", out)
	}

	team := filepath.Join(t.TempDir(), "team.yaml")
	os.WriteFile(team, playbook.Starter(), 0o644)
	code, out, _ = practiceCLI(t, "--list", "--playbook", team, "--industry", "team", "--format", "json")
	if err := json.Unmarshal([]byte(out), &scs); code != 0 || err != nil || len(scs) != 4 || scs[0].Fact != "crm-integration" {
		t.Errorf("team facts as scenarios: exit %d, %d scenarios, %v", code, len(scs), err)
	}
}

func TestPracticeUsageErrors(t *testing.T) {
	noServerEnv(t)
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--reply", "hi"}, "--reply needs --scenario"},
		{[]string{"--scenario", "nope", "--reply", "hi", "--data", dir}, `--scenario "nope": no such scenario`},
		{[]string{"--list", "--category", "rants"}, `--category "rants"`},
		{[]string{"--list", "--industry", "mining"}, `--industry "mining": no scenarios (industries: construction`},
		{[]string{"--list", "--format", "xml"}, `--format "xml"`},
		{[]string{"--scenario", "fwd-price-hike", "--reply", "a", "--reply", "b", "--reply", "c", "--data", dir}, "at most one continuation"},
		{[]string{"--scenario", "fwd-price-hike", "--reply", " ", "--data", dir}, "--reply 1 is empty"},
		{[]string{"--data", dir}, "needs a terminal"},
		{[]string{"--server", "not a url", "--progress"}, "--server"},
		{[]string{"extra"}, "unknown command"},
	}
	for _, tt := range tests {
		code, _, stderr := practiceCLI(t, tt.args...)
		if code != exitUsage || !strings.HasPrefix(stderr, "pushback: ") || !strings.Contains(stderr, tt.want) {
			t.Errorf("practice %v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestPracticeOnTeamServer(t *testing.T) {
	noServerEnv(t)
	withCueJudge(t)
	var mu sync.Mutex
	var stored []practice.Attempt
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/practice/attempts", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"error":"no"}`, http.StatusUnauthorized)
			return
		}
		var a practice.Attempt
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, `{"error":"bad"}`, http.StatusBadRequest)
			return
		}
		mu.Lock()
		stored = append(stored, a)
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /api/v1/practice/progress", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"error":"no"}`, http.StatusUnauthorized)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		json.NewEncoder(w).Encode(practice.Progress{Attempts: append([]practice.Attempt{}, stored...)})
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	dir := t.TempDir()
	code, _, stderr := practiceCLI(t, "--server", srv.URL, "--token", "tok", "--data", dir, "--rep", "Dana",
		"--scenario", "fwd-price-hike", "--reply", "Lisa, I see that differently, because of the contract.")
	if code != 0 || len(stored) != 1 || stored[0].Rep != "Dana" || stored[0].ScenarioID != "fwd-price-hike" {
		t.Fatalf("exit %d (%s); server has %+v", code, stderr, stored)
	}
	if _, err := os.Stat(filepath.Join(dir, "practice.db")); err == nil {
		t.Error("connected to a team server, the local file should not be used")
	}
	// From the environment, and the progress comes from the server.
	t.Setenv("PUSHBACK_SERVER", srv.URL)
	t.Setenv("PUSHBACK_TOKEN", "tok")
	code, out, _ := practiceCLI(t, "--rep", "Dana", "--progress", "--format", "json")
	if code != 0 || !strings.Contains(out, `"done":1`) {
		t.Errorf("progress from the server: exit %d\n%s", code, out)
	}
	// A wrong token fails the run (exit 1) with the server's reason.
	t.Setenv("PUSHBACK_TOKEN", "bad")
	code, out, stderr = practiceCLI(t, "--rep", "Dana", "--progress")
	if code != exitFailure || !strings.Contains(stderr, "401") || !strings.Contains(stderr, "PUSHBACK_TOKEN") {
		t.Errorf("bad token: exit %d, stderr %q, out %q", code, stderr, out)
	}
}
