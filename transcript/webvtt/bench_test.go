package webvtt_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pushback-coach/pushback"
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
			data := repeatCall(b, bc.file, 4<<20)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				_, err := webvtt.Read(bytes.NewReader(data), "", func(pushback.Segment) error {
					n++
					return nil
				})
				if err != nil || n == 0 {
					b.Fatalf("%d segments, err %v", n, err)
				}
			}
		})
	}
}

// callGenerator writes a Zoom-style WebVTT call of about size bytes as it is
// read, so the test holds no copy of it.
type callGenerator struct {
	left int
	cue  int
	buf  []byte
	off  int
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

func (g *callGenerator) Read(p []byte) (int, error) {
	if g.off == len(g.buf) {
		if g.left <= 0 {
			return 0, io.EOF
		}
		g.buf, g.off = g.buf[:0], 0
		if g.cue == 0 {
			g.buf = append(g.buf, "WEBVTT\n\n"...)
		}
		g.cue++
		start := g.cue * 3
		g.buf = fmt.Appendf(g.buf, "%d\n%02d:%02d:%02d.000 --> %02d:%02d:%02d.500\n%s: %s\n\n",
			g.cue, start/3600, start/60%60, start%60, start/3600, start/60%60, start%60+2,
			genSpeakers[g.cue%len(genSpeakers)], genLines[g.cue%len(genLines)])
		g.left -= len(g.buf)
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// TestReadStreamsInBoundedMemory reads a 100 MB call: Read must hold only
// the cue it is on, so the heap stays small whatever the input size.
func TestReadStreamsInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 100 MB")
	}
	const size = 100 << 20
	const limit = 32 << 20
	gen := &callGenerator{left: size}
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	sample := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	sample()
	n := 0
	id, err := webvtt.Read(gen, "", func(s pushback.Segment) error {
		n++
		if n%4096 == 0 {
			sample()
		}
		return nil
	})
	sample()
	if err != nil {
		t.Fatal(err)
	}
	if id != "webvtt-zoom" || n != gen.cue {
		t.Errorf("read %q with %d segments, want webvtt-zoom with %d", id, n, gen.cue)
	}
	t.Logf("%d MB, %d cues, peak HeapInuse %.1f MiB", size>>20, n, float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("peak HeapInuse %.1f MiB, want under %d MiB", float64(peak)/(1<<20), limit>>20)
	}
}
