package srt_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pushback-coach/pushback"
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
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		_, err := srt.Read(bytes.NewReader(data), "", func(pushback.Segment) error {
			n++
			return nil
		})
		if err != nil || n == 0 {
			b.Fatalf("%d segments, err %v", n, err)
		}
	}
}

// callGenerator writes an SRT call of about size bytes as it is read, so the
// test holds no copy of it.
type callGenerator struct {
	left int
	cue  int
	buf  []byte
	off  int
}

func (g *callGenerator) Read(p []byte) (int, error) {
	if g.off == len(g.buf) {
		if g.left <= 0 {
			return 0, io.EOF
		}
		g.cue++
		start := g.cue * 3
		label := ""
		if g.cue%5 == 1 {
			label = []string{"Dana: ", "BOB: "}[g.cue/5%2]
		}
		g.buf = fmt.Appendf(g.buf[:0], "%d\n%02d:%02d:%02d,000 --> %02d:%02d:%02d,500\n%s<i>Honestly, your price is going to jump</i>\nafter the first year &amp; then some.\n\n",
			g.cue, start/3600, start/60%60, start%60, start/3600, start/60%60, start%60+2, label)
		g.off = 0
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
	_, err := srt.Read(gen, "", func(s pushback.Segment) error {
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
	if n != gen.cue {
		t.Errorf("%d segments, want %d", n, gen.cue)
	}
	t.Logf("%d MB, %d cues, peak HeapInuse %.1f MiB", size>>20, n, float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("peak HeapInuse %.1f MiB, want under %d MiB", float64(peak)/(1<<20), limit>>20)
	}
}
