package jsonfmt_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/jsonfmt"
)

// FuzzRead reads arbitrary bytes as detected JSON or as a forced format
// (pick chooses which). Read must never panic, must fail only with a
// *pushback.InputError, and what it emits must hold together.
func FuzzRead(f *testing.F) {
	for _, dir := range folders {
		files, err := filepath.Glob(filepath.Join(testdata, dir, "*.json"))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, uint8(0))
		}
	}
	for _, seed := range []string{
		`{}`, `[]`, `[{}]`, `{"segments": [{"start": 1, "end": 0, "text": "x"}]}`,
		`{"results": {"channels": [{"alternatives": [{"words": [{"word": "a", "start": "1", "speaker": 0}]}]}, {}]}}`,
		`{"results": {"speaker_labels": {"segments": [{"items": [{"start_time": "1"}]}]}, "items": [{"type": "punctuation", "alternatives": [{"content": "."}]}]}}`,
		`{"callTranscripts": [{"transcript": [{"speakerId": 1, "sentences": [{"start": 1e300, "text": "x"}]}]}], "calls": [{"parties": null}]}`,
		`{"data": {"transcript": null}, "errors": []}`,
		`{"transcription": [{"timestamps": {"from": "99:99:99,999"}, "text": "x", "speaker_turn_next": true}]}`,
	} {
		f.Add([]byte(seed), uint8(0))
	}
	ids := []string{""}
	for _, format := range jsonfmt.Formats {
		ids = append(ids, format.ID)
	}
	known := map[string]bool{}
	for _, id := range ids[1:] {
		known[id] = true
	}
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		id := ids[int(pick)%len(ids)]
		segs, got, err := read(data, id)
		if err != nil {
			var ie *pushback.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not a *pushback.InputError", err, err)
			}
			if ie.Msg == "" {
				t.Fatalf("error without a message: %+v", ie)
			}
			return
		}
		if !known[got] || id != "" && got != id {
			t.Fatalf("read as %q, asked for %q", got, id)
		}
		for i, s := range segs {
			if s.Text == "" {
				t.Fatalf("segment %d has no text", i)
			}
			for _, at := range []pushback.Seconds{s.Start, s.End} {
				if !at.Known() && at != pushback.NoTime {
					t.Fatalf("segment %d: time %v is neither known nor NoTime", i, at)
				}
			}
			if s.Start.Known() && s.End.Known() && s.End < s.Start {
				t.Fatalf("segment %d ends (%v) before it starts (%v)", i, s.End, s.Start)
			}
		}
	})
}
