package srt_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/srt"
)

// BenchmarkRead reads a 4 MB call made of buzzcast.srt over and over.
func BenchmarkRead(b *testing.B) {
	one, err := os.ReadFile(filepath.Join(fixtureDir, "srt", "buzzcast.srt"))
	if err != nil {
		b.Fatal(err)
	}
	var data []byte
	for len(data) < 4<<20 {
		data = append(data, one...)
		data = append(data, "\n\n"...)
	}
	captiontest.BenchRead(b, srt.Read, data)
}

// srtCue appends cue n of an SRT call, with a speaker label on every fifth.
func srtCue(buf []byte, n int) []byte {
	start := n * 3
	label := ""
	if n%5 == 1 {
		label = []string{"Dana: ", "BOB: "}[n/5%2]
	}
	return fmt.Appendf(buf, "%d\n%02d:%02d:%02d,000 --> %02d:%02d:%02d,500\n%s<i>Honestly, your price is going to jump</i>\nafter the first year &amp; then some.\n\n",
		n, start/3600, start/60%60, start%60, start/3600, start/60%60, start%60+2, label)
}

// TestReadStreamsInBoundedMemory reads a 100 MB call: Read must hold only
// the cue it is on, so the heap stays small whatever the input size.
func TestReadStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const size = 100 << 20
	const limit = 32 << 20
	gen := &captiontest.Generator{Left: size, Cue: srtCue}
	n, peak, err := captiontest.PeakHeap(func(emit func(pushback.Segment) error) error {
		_, err := srt.Read(gen, "", emit)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != gen.Cues {
		t.Errorf("%d segments, want %d", n, gen.Cues)
	}
	t.Logf("%d MB, %d cues, peak HeapInuse %.1f MiB", size>>20, n, float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("peak HeapInuse %.1f MiB, want under %d MiB", float64(peak)/(1<<20), limit>>20)
	}
}
