package webvtt_test

import (
	"flag"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const fixtureDir = captiontest.FixtureDir

// fixtures lists every WebVTT fixture file.
func fixtures(t testing.TB) []string {
	return captiontest.Fixtures(t, "webvtt-*/*.vtt")
}

func readFile(t testing.TB, path, id string) (string, []pushback.Segment) {
	t.Helper()
	return captiontest.ReadFile(t, webvtt.Read, path, id)
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
			if got := captiontest.Speakers(segs); !reflect.DeepEqual(got, tt.speakers) {
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
	captiontest.Golden(t, fixtures(t), *update, func(t testing.TB, path string) (string, []pushback.Segment) {
		return readFile(t, path, "")
	})
}
