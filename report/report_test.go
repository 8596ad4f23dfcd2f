package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/report"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden files in testdata/golden")
	recoach = flag.Bool("recoach", false, "rewrite the suggestions, feedback and scores of the testdata analyses with the coach")
)

// fixtures are the hand-built analyses in testdata; their coaching and
// scores come from the coach (-recoach).
var fixtures = []struct {
	file     string
	playbook string // YAML merged over the default playbook when recoaching
}{
	{"testdata/analysis.json", "company: Acme Analytics\nproduct: Acme Insight\n"},
	{"testdata/analysis-2.json", ""},
}

func load(t testing.TB, file string) *pushback.Analysis {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var a pushback.Analysis
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &a
}

func TestFixturesAreCoached(t *testing.T) {
	for _, f := range fixtures {
		a := load(t, f.file)
		if *recoach {
			pb, err := playbook.Default()
			if f.playbook != "" {
				pb, err = playbook.Parse("fixture.playbook.yaml", []byte(f.playbook))
			}
			if err != nil {
				t.Fatal(err)
			}
			coach.New(pb).Annotate(a)
			out, err := json.MarshalIndent(a, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f.file, append(out, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := json.Marshal(coach.Score(a))
		want, _ := json.Marshal(a.Scores)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: scores are not the coach's (run go test ./report -run TestFixturesAreCoached -recoach):\n got %s\nwant %s", f.file, want, got)
		}
		for i, m := range a.Moments {
			if m.Suggestion == nil || m.Feedback == "" {
				t.Errorf("%s: moment %d has no suggestion or feedback (-recoach)", f.file, i)
			}
		}
	}
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from line %d (run go test ./report -update if the change is intended):\n got %q\nwant %q", path, i+1, g, w)
			}
		}
	}
}

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	a := load(t, "testdata/analysis.json")
	b := load(t, "testdata/analysis-2.json")
	both := []*pushback.Analysis{a, b}
	tests := []struct {
		name string
		f    func(*bytes.Buffer) error
	}{
		{"analysis.txt", func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{}) }},
		{"analysis.colour.txt", func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{Colour: true}) }},
		{"analysis.narrow.txt", func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{Width: 50}) }},
		{"analysis.md", func(w *bytes.Buffer) error { return report.Markdown(w, a) }},
		{"analysis.html", func(w *bytes.Buffer) error { return report.HTML(w, a) }},
		{"analysis-2.txt", func(w *bytes.Buffer) error { return report.Text(w, b, report.Options{}) }},
		{"calls.txt", func(w *bytes.Buffer) error { return report.TextCalls(w, both, report.Options{}) }},
		{"calls.md", func(w *bytes.Buffer) error { return report.MarkdownCalls(w, both) }},
		{"calls.html", func(w *bytes.Buffer) error { return report.HTMLCalls(w, both) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { golden(t, tt.name, render(t, tt.f)) })
	}
}

func TestSingleCallIsTheSameAsCalls(t *testing.T) {
	a := load(t, "testdata/analysis.json")
	for _, f := range report.Formats {
		one := render(t, func(w *bytes.Buffer) error {
			switch f {
			case report.FormatText:
				return report.Text(w, a, report.Options{})
			case report.FormatMarkdown:
				return report.Markdown(w, a)
			}
			return report.HTML(w, a)
		})
		viaWrite := render(t, func(w *bytes.Buffer) error { return report.Write(w, f, []*pushback.Analysis{a}, report.Options{}) })
		if !bytes.Equal(one, viaWrite) {
			t.Errorf("%s: Write with one call differs from the single-call function", f)
		}
	}
	err := report.Write(new(bytes.Buffer), "pdf", nil, report.Options{})
	if pushback.ErrorCode(err) != pushback.EINVALID || !strings.Contains(err.Error(), "text, markdown, html") {
		t.Errorf("unknown format: err = %v", err)
	}
}

func TestHTMLEscapesTranscriptText(t *testing.T) {
	for _, name := range []string{"analysis.html", "calls.html"} {
		out := string(render(t, func(w *bytes.Buffer) error {
			as := []*pushback.Analysis{load(t, "testdata/analysis.json")}
			if name == "calls.html" {
				as = append(as, load(t, "testdata/analysis-2.json"))
			}
			return report.HTMLCalls(w, as)
		}))
		if strings.Contains(out, "<script") || strings.Contains(out, "alert(1)</") {
			t.Errorf("%s: transcript markup reached the page unescaped", name)
		}
		// In the quote, the highlighted transcript, the paraphrase and the title attribute-free text.
		if n := strings.Count(out, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 3 {
			t.Errorf("%s: the <script> line is shown escaped %d times, want the timeline, the script and the transcript", name, n)
		}
		if !strings.Contains(out, "demo form &amp; said") || !strings.Contains(out, "R&amp;D") {
			t.Errorf("%s: '&' in the transcript is not escaped as &amp;", name)
		}
		// Self-contained: nothing to fetch, no script to run.
		for _, bad := range []string{"http://", "https://", "<script", "<link", "src=", "@import", "url(", "//fonts"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: contains %q: the report must not load anything", name, bad)
			}
		}
		for _, want := range []string{`<html lang="en">`, `<meta name="viewport"`, "<main", "<h1>", "<mark id="} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: lacks %s", name, want)
			}
		}
		checkAnchors(t, name, out)
	}
}

var (
	hrefRe = regexp.MustCompile(`href="#([^"]*)"`)
	idRe   = regexp.MustCompile(` id="([^"]*)"`)
)

// checkAnchors asserts every in-page link has its target, and ids are unique.
func checkAnchors(t *testing.T, name, out string) {
	t.Helper()
	ids := map[string]int{}
	for _, m := range idRe.FindAllStringSubmatch(out, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q is used %d times", name, id, n)
		}
	}
	links := hrefRe.FindAllStringSubmatch(out, -1)
	if len(links) < 10 {
		t.Errorf("%s: only %d in-page links", name, len(links))
	}
	for _, m := range links {
		if ids[m[1]] == 0 {
			t.Errorf("%s: link to #%s has no target", name, m[1])
		}
	}
}

func TestHTMLLinksTimelineAndTranscript(t *testing.T) {
	out := string(render(t, func(w *bytes.Buffer) error { return report.HTML(w, load(t, "testdata/analysis.json")) }))
	for _, want := range []string{
		`<li class="moment pushed" id="m1">`,
		`<a href="#q1">In the transcript</a>`,
		`<mark id="q1"><a href="#m1" title="Moment 1">you guys will probably jack up the price after the first year</a></mark>`,
		`<a href="#t2">The rep’s reply</a>`,
		`The rep’s reply to <a href="#m1">moment 1</a>`,
		`<li class="moment no-reply" id="m8">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	out := string(render(t, func(w *bytes.Buffer) error { return report.Markdown(w, load(t, "testdata/analysis.json")) }))
	if strings.Contains(out, "<script") {
		t.Error("Markdown passes transcript HTML through")
	}
	if !strings.Contains(out, "> Our IT lead pasted &lt;script&gt;alert(1)&lt;/script&gt; into your demo form & said your security is a joke.") {
		t.Error("Markdown does not show the <script> quote escaped as a blockquote")
	}
	if !strings.Contains(out, "| **This call** | 8 | 3 | 38% | 58% |") {
		t.Error("Markdown lacks the scores table")
	}
}

func TestMarkdownEscapesBlockMarkers(t *testing.T) {
	a := load(t, "testdata/analysis-2.json")
	a.Moments[0].Quote = "#1 priority is *cost* | [link](x) `code` ~~gone~~ &amp; <b>"
	a.Moments[0].Feedback = "1. first"
	a.Moments[0].Suggestion.ThenShare = "- not a list"
	out := string(render(t, func(w *bytes.Buffer) error { return report.Markdown(w, a) }))
	for _, want := range []string{
		"> \\#1 priority is \\*cost\\* \\| \\[link\\](x) \\`code\\` \\~\\~gone\\~\\~ &amp;amp; &lt;b&gt;",
		`**Feedback:** 1\. first`,
		`**Then share:** \- not a list`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks %s", want)
		}
	}
}

func TestTextPlainAndWrapped(t *testing.T) {
	a := load(t, "testdata/analysis.json")
	for _, width := range []int{0, 50, 10} {
		out := string(render(t, func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{Width: width}) }))
		if strings.Contains(out, "\x1b") {
			t.Errorf("width %d: escape codes without Colour", width)
		}
		limit := width
		switch {
		case width == 0:
			limit = report.DefaultWidth
		case width < report.MinWidth:
			limit = report.MinWidth
		}
		for i, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > limit && strings.Contains(strings.TrimSpace(line), " ") && !strings.Contains(line, "moments  pushed back") && !isTableRow(line) {
				t.Errorf("width %d: line %d has %d columns: %q", width, i+1, n, line)
			}
		}
	}
	coloured := string(render(t, func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{Colour: true}) }))
	if !strings.Contains(coloured, "\x1b[") {
		t.Error("Colour: no escape codes")
	}
	plain := string(render(t, func(w *bytes.Buffer) error { return report.Text(w, a, report.Options{}) }))
	if stripANSI(coloured) != plain {
		t.Error("the coloured report says something other than the plain one")
	}
}

var tableRow = regexp.MustCompile(`\s+\d+\s+\d+\s+(\d+%|–)\s+(\d+%|–)$`)

func isTableRow(line string) bool { return tableRow.MatchString(line) }

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

func TestTextDropsControlCharacters(t *testing.T) {
	a := load(t, "testdata/analysis-2.json")
	a.Turns[1].Text = "We run it in spreadsheets.\x1b[2J\x1b]0;pwned\x07 Fine."
	a.Moments[0].Quote = "your tool\x1b[31m will be too complicated"
	a.Speakers[1].Name = "Speaker\r1"
	for _, f := range report.Formats {
		out := render(t, func(w *bytes.Buffer) error {
			return report.Write(w, f, []*pushback.Analysis{a}, report.Options{})
		})
		if bytes.ContainsAny(out, "\x1b\x07\r") {
			t.Errorf("%s: a control character from the transcript reached the output", f)
		}
	}
}

func TestEmptyAnalysis(t *testing.T) {
	a := &pushback.Analysis{Call: pushback.Call{Schema: pushback.AnalysisSchema, Source: "-", Duration: pushback.NoTime}}
	a.Scores = coach.Score(a)
	for _, f := range report.Formats {
		out := string(render(t, func(w *bytes.Buffer) error {
			return report.Write(w, f, []*pushback.Analysis{a}, report.Options{})
		}))
		if !strings.Contains(out, "standard input") || !strings.Contains(out, "No push-back moments") {
			t.Errorf("%s: empty analysis:\n%s", f, out)
		}
	}
	// A moment pointing past the turns, with no response or suggestion.
	a.Moments = []pushback.Moment{{Turn: 7, Quote: "you'll raise prices", Category: pushback.ForwardLooking}}
	a.Scores = coach.Score(a)
	for _, f := range report.Formats {
		out := string(render(t, func(w *bytes.Buffer) error {
			return report.Write(w, f, []*pushback.Analysis{a, nil}, report.Options{})
		}))
		if !strings.Contains(out, "turn 7") || !strings.Contains(out, "No reply from the rep") {
			t.Errorf("%s: dangling moment:\n%s", f, out)
		}
	}
	if err := report.HTMLCalls(new(bytes.Buffer), nil); err != nil {
		t.Errorf("no calls: %v", err)
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	a := load(t, "testdata/analysis.json")
	for _, f := range report.Formats {
		err := report.Write(&failWriter{n: 100}, f, []*pushback.Analysis{a}, report.Options{})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s: err = %v, want the writer's error", f, err)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	a := load(b, "testdata/analysis.json")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := report.HTML(&buf, a); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkText(b *testing.B) {
	a := load(b, "testdata/analysis.json")
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := report.Text(&buf, a, report.Options{Colour: true}); err != nil {
			b.Fatal(err)
		}
	}
}
