package textfmt_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/textfmt"
)

// fuzzIDs are the ids FuzzRead reads as; "" detects.
var fuzzIDs = []string{"", "otter", "rev-text", "name-colon", "text"}

func FuzzRead(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files in %s: %v", fixtures, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for i := range fuzzIDs {
			f.Add(data, uint8(i))
		}
	}
	for _, edge := range []string{
		"Acme call\n\nDana Reyes  0:03\nHi.\n\nBob Stone  0:75\nHello.\n",
		"\uFEFFSpeaker 1 (00:00):\r\nHi.\r\n\r\nSpeaker 2 (01:02:03): Hello.\r\n",
		"Renée [00:00:01]: a\n(00:04) Karl: b\n00:00:09 Renée: c\nKarl (00:12): d\n[99:99] X: e\n",
		"Jane Doe:\nHi.\n\nJon Smith:\nHello.\nNote: not a speaker, at 10:30, https://x.y\n",
	} {
		for i := range fuzzIDs {
			f.Add([]byte(edge), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		id := fuzzIDs[int(which)%len(fuzzIDs)]
		if s := textfmt.Sniff(data[:min(len(data), 64<<10)]); s < 0 || s > 100 {
			t.Fatalf("Sniff = %d, want 0..100", s)
		}
		segs, got, err := fuzzRead(t, data, id)
		if err != nil {
			var ie *pushback.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Read(%q) error %T %v, want *pushback.InputError", id, err, err)
			}
			if ie.Line < 1 || ie.File != "" || ie.Msg == "" {
				t.Fatalf("Read(%q) error %+v, want a line, no file, a message", id, ie)
			}
			return
		}
		if !slices.Contains(fuzzIDs[1:], got) || (id != "" && got != id) {
			t.Fatalf("Read(%q) read %q", id, got)
		}
		if id == "" {
			// Forcing the detected variant reads the same, unless it rejects
			// text before the first label, which detection tolerates.
			again, _, err := fuzzRead(t, data, got)
			if err == nil && !slices.Equal(segs, again) {
				t.Fatalf("Read(%q) and Read(\"\") differ:\n%+v\n%+v", got, again, segs)
			}
		}
	})
}

// fuzzRead reads data as id, checking every segment as it is emitted.
func fuzzRead(t *testing.T, data []byte, id string) ([]pushback.Segment, string, error) {
	var segs []pushback.Segment
	got, err := textfmt.Read(bytes.NewReader(data), id, func(s pushback.Segment) error {
		if s.Start.Known() && s.End.Known() && s.Start > s.End {
			t.Fatalf("segment %+v ends before it starts", s)
		}
		if s.End.Known() && !s.Start.Known() {
			t.Fatalf("segment %+v has an end but no start", s)
		}
		if len(bytes.TrimSpace([]byte(s.Text))) == 0 || !utf8.ValidString(s.Text) || !utf8.ValidString(s.Speaker) {
			t.Fatalf("segment %+v: want non-blank, valid UTF-8 text and speaker", s)
		}
		if bytes.ContainsAny([]byte(s.Text), "\n") {
			t.Fatalf("segment %+v: text spans lines", s)
		}
		segs = append(segs, s)
		return nil
	})
	return segs, got, err
}
