package webvtt_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

// repeatCall builds a call of at least size bytes from a fixture: its header
// once, then its cues over and over.
func repeatCall(b *testing.B, file string, size int) []byte {
	data, err := os.ReadFile(filepath.Join(fixtureDir, file))
	if err != nil {
		b.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	header, body, _ := bytes.Cut(data, []byte("\n\n"))
	out := append(append([]byte{}, header...), "\n\n"...)
	for len(out) < size {
		out = append(out, body...)
		out = append(out, "\n\n"...)
	}
	return out
}

func BenchmarkRead(b *testing.B) {
	for _, bc := range []struct{ name, file string }{
		{"zoom", "webvtt-zoom/GMT20240124-202901_Recording.transcript.vtt"},
		{"voice", "webvtt-voice/podnews_weekly_review_2024-01-19.vtt"},
		{"plain", "webvtt-zoom/GMT20240124-202901_Recording.cc.vtt"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			captiontest.BenchRead(b, webvtt.Read, repeatCall(b, bc.file, 4<<20))
		})
	}
}

var (
	genSpeakers = []string{"Dana Reyes", "Bob Stone", "Mei Lin", "Carlos Far&#237;as"}
	genLines    = []string{
		"Thanks for making time today, I know the quarter is busy.",
		"Honestly, your price is going to jump after the first year, everyone's does.",
		"Would you be ok if I challenged that a bit? <i>Annual plans lock the price.</i>",
		"Sure, go ahead &amp; tell me more.",
	}
)

// zoomCue appends cue n of a Zoom-style WebVTT call, after the header for
// the first.
func zoomCue(buf []byte, n int) []byte {
	if n == 1 {
		buf = append(buf, "WEBVTT\n\n"...)
	}
	start := n * 3
	return fmt.Appendf(buf, "%d\n%02d:%02d:%02d.000 --> %02d:%02d:%02d.500\n%s: %s\n\n",
		n, start/3600, start/60%60, start%60, start/3600, start/60%60, start%60+2,
		genSpeakers[n%len(genSpeakers)], genLines[n%len(genLines)])
}

// TestReadStreamsInBoundedMemory reads a 100 MB call: Read must hold only
// the cue it is on, so the heap stays small whatever the input size.
func TestReadStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const size = 100 << 20
	const limit = 32 << 20
	gen := &captiontest.Generator{Left: size, Cue: zoomCue}
	var id string
	n, peak, err := captiontest.PeakHeap(func(emit func(pushback.Segment) error) (err error) {
		id, err = webvtt.Read(gen, "", emit)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if id != "webvtt-zoom" || n != gen.Cues {
		t.Errorf("read %q with %d segments, want webvtt-zoom with %d", id, n, gen.Cues)
	}
	t.Logf("%d MB, %d cues, peak HeapInuse %.1f MiB", size>>20, n, float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("peak HeapInuse %.1f MiB, want under %d MiB", float64(peak)/(1<<20), limit>>20)
	}
}
