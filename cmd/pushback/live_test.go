package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// liveCLI runs `pushback live` with args and stdin and returns the exit
// code, stdout and stderr.
func liveCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(append([]string{"live"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var events []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e map[string]any
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		events = append(events, e)
	}
	return events
}

// TestLiveStdinJSONL: Name lines and JSON lines on stdin, a bad line in the
// middle; the events come out as JSON lines, the bad line as an error event
// naming it, and the session goes on to its summary.
func TestLiveStdinJSONL(t *testing.T) {
	in := strings.Join([]string{
		`Dana Reyes: Hi Bob, thanks for making time today.`,
		`{"speaker":"Bob Stone","text":"Honestly, you guys will probably jack up the price after the first year.","start":3.1,"end":7.9}`,
		`this line has no speaker`,
		`Dana Reyes: Bob, I see that a little differently. Would you be ok if I shared why?`,
		`Bob Stone: Sure.`,
		`Dana Reyes: Annual plans lock the price for three years, in the order form.`,
		`Bob Stone: Good to know.`,
	}, "\n")
	code, out, errOut := liveCLI(t, in, "--rep", "Dana Reyes", "--format", "jsonl")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	events := jsonLines(t, out)
	if events[0]["type"] != "hello" || events[0]["schema"] != "pushback.live/v1" {
		t.Fatalf("first event %v", events[0])
	}
	types := map[string]int{}
	for _, e := range events {
		types[e["type"].(string)]++
		if e["type"] == "error" && e["line"] != float64(3) {
			t.Fatalf("error event on line %v, want 3", e["line"])
		}
		if e["type"] == "moment" {
			card := e["card"].(map[string]any)
			if card["category"] != "forward_looking" || card["script"] == "" || e["line"] != float64(2) {
				t.Fatalf("moment %v", e)
			}
		}
		if e["type"] == "feedback" && e["response"].(map[string]any)["pushed_back"] != true {
			t.Fatalf("feedback %v", e)
		}
	}
	if types["moment"] != 1 || types["feedback"] != 1 || types["error"] != 1 || types["summary"] != 1 {
		t.Fatalf("events %v", types)
	}
	if last := events[len(events)-1]; last["type"] != "summary" {
		t.Fatalf("last event %v", last)
	}
}

// TestLiveReplayEqualsAnalyze replays transcripts as fast as possible and
// saves the analysis: it is what pushback analyze gives for the same file.
func TestLiveReplayEqualsAnalyze(t *testing.T) {
	calls := filepath.Join("..", "..", "testdata", "calls")
	for _, tc := range []struct{ file, rep, playbook string }{
		{"a01-relaybook-discovery.vtt", "Nadia Okafor", "a-relaybook.playbook.yaml"},
		{"a14-campusly-student-success-demo.txt", "Leah", "a-campusly.playbook.yaml"},
		{"a05-northbound-freight-cold-call.txt", "Tyler Brooks", ""},
	} {
		path := filepath.Join(calls, tc.file)
		args := []string{"--rep", tc.rep}
		if tc.playbook != "" {
			args = append(args, "--playbook", filepath.Join(calls, tc.playbook))
		}
		saved := filepath.Join(t.TempDir(), "analysis.json")
		code, _, errOut := liveCLI(t, "", append(args, "--replay", path, "--speed", "0", "--save", saved, "--format", "jsonl")...)
		if code != 0 {
			t.Fatalf("%s: live exit %d: %s", tc.file, code, errOut)
		}
		var batch bytes.Buffer
		var errb bytes.Buffer
		if code := Main(append([]string{"analyze", "--format", "json", path}, args...), strings.NewReader(""), &batch, &errb); code != 0 {
			t.Fatalf("%s: analyze exit %d: %s", tc.file, code, errb.String())
		}
		got, err := os.ReadFile(saved)
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(batch.Bytes(), &w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("%s: the live analysis differs from analyze's", tc.file)
		}
	}
}

// TestLiveReplayExample plays the shipped example session and prints cards.
func TestLiveReplayExample(t *testing.T) {
	example := filepath.Join("..", "..", "examples", "live-session.jsonl")
	code, out, errOut := liveCLI(t, "", "--replay", example, "--speed", "0")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"PUSH BACK", "Say:", "Then:", "maybe", "Call over:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("no %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Fatal("colour written to a non-terminal")
	}
}

func TestLiveUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--format", "xml"},
		{"--speed", "2"},
		{"--replay", "x.jsonl", "--speed", "-1"},
		{"extra-arg"},
	} {
		if code, _, errOut := liveCLI(t, "", args...); code != 2 || !strings.HasPrefix(errOut, "pushback:") {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if code, _, errOut := liveCLI(t, "", "--replay", "no-such-file.jsonl"); code != 2 || !strings.Contains(errOut, "no-such-file.jsonl") {
		t.Fatalf("missing replay file: exit %d, stderr %q", code, errOut)
	}
}
