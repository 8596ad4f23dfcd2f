package webvtt_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixtureDir holds the shared transcript fixtures: real files with their
// SOURCE.md, and synthetic ones for what no licensed real file shows.
const fixtureDir = "../../testdata/transcripts"

// fixtures lists every WebVTT fixture file.
func fixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "webvtt-*", "*.vtt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WebVTT fixtures in %s: %v", fixtureDir, err)
	}
	return files
}

func readFile(t testing.TB, path, id string) (string, []pushback.Segment) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var segs []pushback.Segment
	got, err := webvtt.Read(f, id, func(s pushback.Segment) error {
		segs = append(segs, s)
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return got, segs
}

// speakers lists the speakers of segs in order of first appearance.
func speakers(segs []pushback.Segment) []string {
	seen := map[string]bool{}
	names := []string{}
	for _, s := range segs {
		if !seen[s.Speaker] {
			seen[s.Speaker] = true
			names = append(names, s.Speaker)
		}
	}
	return names
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file        string
		id          string
		speakers    []string
		segments    int
		first, last pushback.Segment
		counts      map[string]int // segments per speaker, where it matters
	}{
		{
			// BOM, NOTE/STYLE (with a blank line inside a rule)/"Region:" blocks,
			// MM:SS times, cue settings, a "MAN:" caption label carried forward.
			file: "webvtt-plain/astisub_example-in.vtt", id: "webvtt",
			speakers: []string{"", "MAN"}, segments: 6,
			first: seg("", 99, 101.04, "(deep rumbling)"),
			last:  seg("MAN", 151.4, 153.44, "(computer playing electronic melody)"),
		},
		{
			file: "webvtt-plain/webvttpy_using_identifiers.vtt", id: "webvtt",
			speakers: []string{""}, segments: 6,
			first: seg("", 0.5, 7, "Caption text #1"),
			last:  seg("", 23.88, 27.28, "Caption text #6"),
		},
		{
			file: "webvtt-plain/blocks.vtt", id: "webvtt",
			speakers: []string{"", "DANA", "BOB"}, segments: 6,
			first: seg("", 1, 4, "Welcome to the call, everyone."),
			last:  seg("BOB", 12.5, 15, "Note: this call is recorded."),
		},
		{
			// Zoom audio transcript: "Name: " on every cue but one ("Hmm.").
			file: "webvtt-zoom/GMT20240124-202901_Recording.transcript.vtt", id: "webvtt-zoom",
			speakers: []string{"Srijani Ghosh", "Conor Healy", "Dr. Melissa Ko", "Shreeharsh Kelkar", "", "Ryan Sloan"}, segments: 102,
			first:  seg("Srijani Ghosh", 0.05, 1.79, "Hi!"),
			last:   seg("Conor Healy", 728.76, 735.62, "why don't we just spin into that as a conversation, and I'll I'll go ahead and stop the Zoom Meeting, and everybody can come join."),
			counts: map[string]int{"Conor Healy": 80, "Srijani Ghosh": 8, "Shreeharsh Kelkar": 6, "Dr. Melissa Ko": 5, "Ryan Sloan": 2, "": 1},
		},
		{
			// Zoom live captions: CRLF, no ids, no speakers.
			file: "webvtt-zoom/GMT20240124-202901_Recording.cc.vtt", id: "webvtt",
			speakers: []string{""}, segments: 100,
			first: seg("", 68, 69, "This doesn't."),
			last:  seg("", 724, 739, "Can those in the call here? Okay, then why don't we just in into that as a conversation and I'll go ahead and stop the Zoom Meeting and everybody can come join."),
		},
		{
			file: "webvtt-zoom/zoom_colons_crlf.vtt", id: "webvtt-zoom",
			speakers: []string{"Dana Reyes", "Bob Stone (Acme)", "Carlos Farías", ""}, segments: 7,
			first: seg("Dana Reyes", 0.5, 3, "Hi Bob, thanks for making time."),
			last:  seg("Dana Reyes", 17.5, 20, "Would you be ok if I challenged that a bit?"),
		},
		{
			file: "webvtt-teams/teams_timeframe.vtt", id: "webvtt-teams",
			speakers: []string{"Yuri Bakulin", "Adrian Petrescu"}, segments: 2,
			first: seg("Yuri Bakulin", 0, 0.57, "There you go."),
			last:  seg("Adrian Petrescu", 0.21, 1.13, "Why hello there, Yuri."),
		},
		{
			file: "webvtt-teams/teams_modern.vtt", id: "webvtt-teams",
			speakers: []string{"Carlos Farías", "Dana Reyes", "Bob O'Neil"}, segments: 7,
			first: seg("Carlos Farías", 1.23, 4.56, "Thanks for joining, everyone. I'll share my screen in a second."),
			last:  seg("Bob O'Neil", 14, 18, "Sure, go ahead."),
		},
		{
			// SOURCE.md says 3 speakers; the file has a fourth, SPEAKER_4, on 5 cues.
			file: "webvtt-voice/podnews_weekly_review_2024-01-19.vtt", id: "webvtt-teams",
			speakers: []string{"SPEAKER_1", "SPEAKER_2", "SPEAKER_3", "SPEAKER_4"}, segments: 189,
			first:  seg("SPEAKER_1", 0, 3.48, "It's Friday, the 19th of January, 2024."),
			last:   seg("SPEAKER_3", 850.72, 855.04, "The best known hosting monetization business is Acast."),
			counts: map[string]int{"SPEAKER_1": 110, "SPEAKER_2": 67, "SPEAKER_3": 7, "SPEAKER_4": 5},
		},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(fixtureDir, tt.file)
			covered[filepath.Clean(path)] = true
			id, segs := readFile(t, path, "")
			if id != tt.id {
				t.Errorf("id = %q, want %q", id, tt.id)
			}
			if got := speakers(segs); !reflect.DeepEqual(got, tt.speakers) {
				t.Errorf("speakers = %q, want %q", got, tt.speakers)
			}
			if len(segs) != tt.segments {
				t.Fatalf("%d segments, want %d", len(segs), tt.segments)
			}
			if got := []pushback.Segment{segs[0], segs[len(segs)-1]}; !sameSegments(got, []pushback.Segment{tt.first, tt.last}) {
				t.Errorf("first, last:%s\nwant:%s", show(got), show([]pushback.Segment{tt.first, tt.last}))
			}
			if tt.counts != nil {
				got := map[string]int{}
				for _, s := range segs {
					got[s.Speaker]++
				}
				if !reflect.DeepEqual(got, tt.counts) {
					t.Errorf("segments per speaker = %v, want %v", got, tt.counts)
				}
			}
			// Forcing the detected variant reads the same.
			if id2, segs2 := readFile(t, path, tt.id); id2 != id || !reflect.DeepEqual(segs2, segs) {
				t.Errorf("forced %q reads differently", tt.id)
			}
		})
	}
	for _, f := range fixtures(t) {
		if !covered[filepath.Clean(f)] {
			t.Errorf("fixture %s has no row in TestFixtures", f)
		}
	}
}

// TestGolden compares every segment of every fixture with
// testdata/golden; go test -run TestGolden -update rewrites them.
func TestGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".vtt") + ".json"
		t.Run(name, func(t *testing.T) {
			id, segs := readFile(t, path, "")
			got := goldenJSON(t, id, segs)
			golden := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("segments differ from %s (run with -update and review the diff)", golden)
			}
		})
	}
}

// goldenJSON writes the format id and one segment per line, for readable diffs.
func goldenJSON(t testing.TB, id string, segs []pushback.Segment) []byte {
	var b bytes.Buffer
	b.WriteString("{\"format\": ")
	j, _ := json.Marshal(id)
	b.Write(j)
	b.WriteString(", \"segments\": [\n")
	for i, s := range segs {
		var line bytes.Buffer
		enc := json.NewEncoder(&line)
		enc.SetEscapeHTML(false)
		err := enc.Encode(struct {
			Speaker string           `json:"speaker"`
			Start   pushback.Seconds `json:"start_s"`
			End     pushback.Seconds `json:"end_s"`
			Text    string           `json:"text"`
		}{s.Speaker, s.Start, s.End, s.Text})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(bytes.TrimSuffix(line.Bytes(), []byte("\n")))
		if i < len(segs)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes()
}
