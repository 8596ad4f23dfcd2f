package srt_test

import (
	"flag"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/srt"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const fixtureDir = captiontest.FixtureDir

// fixtures lists every SRT fixture file.
func fixtures(t testing.TB) []string {
	return captiontest.Fixtures(t, "srt/*.srt")
}

func readFile(t testing.TB, path string) []pushback.Segment {
	t.Helper()
	id, segs := captiontest.ReadFile(t, srt.Read, path, "")
	if id != "srt" {
		t.Fatalf("Read(%s): id %q", path, id)
	}
	return segs
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file        string
		speakers    []string
		segments    int
		first, last pushback.Segment
		counts      map[string]int // segments per speaker, where it matters
	}{
		{
			// Speaker named only on the cue where it changes: carried forward.
			file: "buzzcast.srt", speakers: []string{"Alban", "Kevin", "Travis", "Tom", "Dave"}, segments: 488,
			first:  seg("Alban", 0, 4.799, "It is so stinking nice to like, show up and record this"),
			last:   seg("Travis", 1680.049, 1684.46, "lightning round, have a bunch of questions and hopefully will"),
			counts: map[string]int{"Alban": 121, "Kevin": 149, "Travis": 73, "Tom": 47, "Dave": 98},
		},
		{
			// AssemblyAI export: no speakers, one cue without a number.
			file: "assemblyai_subtitles.srt", speakers: []string{""}, segments: 50,
			first: seg("", 5.4, 12.55, "Runner's knee runner's"),
			last:  seg("", 190.01, 193.514, "loss of full range of motion, swelling around the knee."),
		},
		{
			// BOM, '.' and ',' fractions, coordinates after the timing, "MAN:" label.
			file: "astisub_example-in.srt", speakers: []string{"", "MAN"}, segments: 6,
			first: seg("", 99, 101.04, "(deep rumbling)"),
			last:  seg("MAN", 151.4, 153.44, "(computer playing electronic melody)"),
		},
		{
			file: "dialogue.srt", speakers: []string{"DANA", "Bob Stone", "BOB", "Carlos Farías", "Dana Reyes"}, segments: 7,
			first: seg("DANA", 1, 3.5, "Thanks for joining."),
			last:  seg("Dana Reyes", 15.1, 18, "Honestly, it's about the price. Note: the price is for one year."),
		},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(fixtureDir, "srt", tt.file)
			covered[filepath.Clean(path)] = true
			segs := readFile(t, path)
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
		return "srt", readFile(t, path)
	})
}
