// Package captiontest holds the test helpers the WebVTT and SRT reader tests
// share: building and comparing segments, reading the shared fixtures,
// golden files, the checks every fuzzed read must pass, and a generator for
// inputs too large to hold. Only tests import it.
package captiontest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/pushback-coach/pushback"
)

// FixtureDir holds the shared transcript fixtures: real files with their
// SOURCE.md, and synthetic ones for what no licensed real file shows. The
// path is relative to a reader's package directory, where its tests run.
const FixtureDir = "../../testdata/transcripts"

// ReadFunc is a reader's Read: webvtt.Read, srt.Read.
type ReadFunc func(r io.Reader, id string, emit func(pushback.Segment) error) (string, error)

// Seg builds a segment, for tables of expected results.
func Seg(speaker string, start, end float64, text string) pushback.Segment {
	return pushback.Segment{Speaker: speaker, Start: pushback.Seconds(start), End: pushback.Seconds(end), Text: text}
}

// SameSegments compares segments, times to the microsecond.
func SameSegments(got, want []pushback.Segment) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Speaker != w.Speaker || g.Text != w.Text ||
			math.Abs(float64(g.Start-w.Start)) > 1e-6 || math.Abs(float64(g.End-w.End)) > 1e-6 {
			return false
		}
	}
	return true
}

// Show formats segments one a line, for failure messages.
func Show(segs []pushback.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		fmt.Fprintf(&b, "\n\t%q [%g-%g] %q", s.Speaker, s.Start, s.End, s.Text)
	}
	return b.String()
}

// Speakers lists the speakers of segs in order of first appearance.
func Speakers(segs []pushback.Segment) []string {
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

// Collect runs read over r as id, collecting what it emits. With stopAfter
// >= 0, emit returns ErrStop on segment stopAfter+1.
func Collect(read ReadFunc, r io.Reader, id string, stopAfter int) (string, []pushback.Segment, error) {
	var segs []pushback.Segment
	got, err := read(r, id, func(s pushback.Segment) error {
		segs = append(segs, s)
		if len(segs) == stopAfter+1 {
			return ErrStop
		}
		return nil
	})
	return got, segs, err
}

// Fixtures lists the fixture files matching pattern under FixtureDir,
// failing the test if there are none: a moved directory must not make the
// fixture tests pass by testing nothing.
func Fixtures(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(FixtureDir, pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures %s in %s: %v", pattern, FixtureDir, err)
	}
	return files
}

// ReadFile reads the file at path with read as id, failing the test on an
// error, and returns the id read and the segments.
func ReadFile(t testing.TB, read ReadFunc, path, id string) (string, []pushback.Segment) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, segs, err := Collect(read, f, id, -1)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return got, segs
}

// Golden compares the format id and segments that read gives for each of
// files with testdata/golden/NAME.json, NAME being the file's base name
// without its extension; with update it rewrites the golden files instead.
func Golden(t *testing.T, files []string, update bool, read func(t testing.TB, path string) (string, []pushback.Segment)) {
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".json"
		t.Run(name, func(t *testing.T) {
			id, segs := read(t, path)
			got := goldenJSON(t, id, segs)
			golden := filepath.Join("testdata", "golden", name)
			if update {
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

// CheckInputError checks that err is an *InputError at line wantLine whose
// message holds wantMsg, with File left for the core to fill.
func CheckInputError(t *testing.T, err error, wantLine int, wantMsg string) {
	t.Helper()
	var ie *pushback.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v (%T), want *pushback.InputError", err, err)
	}
	if ie.Line != wantLine || !strings.Contains(ie.Msg, wantMsg) {
		t.Errorf("err = line %d %q, want line %d containing %q", ie.Line, ie.Msg, wantLine, wantMsg)
	}
	if ie.File != "" {
		t.Errorf("File = %q, want empty (the core fills it)", ie.File)
	}
}

// ErrStop is the error emit returns to stop a read early.
var ErrStop = errors.New("emit says stop")

// AddFixtures seeds f with the fixture files matching each pattern under
// FixtureDir, with 0 for the fuzz target's second argument.
func AddFixtures(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		files, _ := filepath.Glob(filepath.Join(FixtureDir, pattern))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, uint8(0))
		}
	}
}

// StopAfter returns, for a fuzzed variant byte, after how many segments
// emit should fail: -1 (never) below 128, else 0 to 3.
func StopAfter(variant uint8) int {
	if variant >= 128 {
		return int(variant % 4)
	}
	return -1
}

// CheckRead reads data with read as id, emit failing after stopAfter
// segments (see StopAfter), and checks what must hold whatever the input:
// the error is nil, emit's, or an *InputError with a line and a message;
// Read stops at emit's error; every segment has trimmed, non-empty text, a
// trimmed speaker, and known times in order; and reading a byte at a time
// (line ends split across reads) reads the same. It returns the id and
// error Read returned, for the caller to check the id.
func CheckRead(t *testing.T, read ReadFunc, data []byte, id string, stopAfter int) (string, error) {
	t.Helper()
	got, segs, err := Collect(read, bytes.NewReader(data), id, stopAfter)
	if err != nil {
		var ie *pushback.InputError
		switch {
		case err == ErrStop:
			if len(segs) != stopAfter+1 {
				t.Fatalf("emit failed on segment %d, Read went on to %d", stopAfter+1, len(segs))
			}
		case errors.As(err, &ie):
			if ie.Line < 1 || ie.File != "" || ie.Msg == "" {
				t.Fatalf("bad InputError %#v", ie)
			}
		default:
			t.Fatalf("err = %v (%T), want *pushback.InputError or emit's error", err, err)
		}
	} else if stopAfter >= 0 && len(segs) > stopAfter {
		t.Fatalf("emit failed but Read returned nil")
	}
	for i, s := range segs {
		if strings.TrimSpace(s.Text) == "" || s.Text != strings.TrimSpace(s.Text) {
			t.Fatalf("segment %d text %q: want non-empty and trimmed", i, s.Text)
		}
		if s.Speaker != strings.TrimSpace(s.Speaker) {
			t.Fatalf("segment %d speaker %q not trimmed", i, s.Speaker)
		}
		if !s.Start.Known() || !s.End.Known() || s.Start > s.End {
			t.Fatalf("segment %d times %v..%v: want known, start <= end", i, s.Start, s.End)
		}
	}
	if len(data) <= 8<<10 { // bigger inputs make the one-byte scan slow, not more thorough
		got2, segs2, err2 := Collect(read, iotest.OneByteReader(bytes.NewReader(data)), id, stopAfter)
		if got2 != got || !reflect.DeepEqual(segs2, segs) || !sameError(err, err2) {
			t.Fatalf("byte-at-a-time read differs: %q %v (%d segments) vs %q %v (%d segments)", got2, err2, len(segs2), got, err, len(segs))
		}
	}
	return got, err
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

// BenchRead times read over data, detecting the format id, reporting bytes
// per second and allocations.
func BenchRead(b *testing.B, read ReadFunc, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		_, err := read(bytes.NewReader(data), "", func(pushback.Segment) error {
			n++
			return nil
		})
		if err != nil || n == 0 {
			b.Fatalf("%d segments, err %v", n, err)
		}
	}
}

// Generator writes a call as it is read, one cue at a time, so that a test
// of a huge input holds no copy of it.
type Generator struct {
	Left int                            // bytes still to write; the cue that crosses 0 is the last
	Cues int                            // cues written so far
	Cue  func(buf []byte, n int) []byte // appends cue n, counted from 1, to buf

	buf []byte
	off int
}

func (g *Generator) Read(p []byte) (int, error) {
	if g.off == len(g.buf) {
		if g.Left <= 0 {
			return 0, io.EOF
		}
		g.Cues++
		g.buf, g.off = g.Cue(g.buf[:0], g.Cues), 0
		g.Left -= len(g.buf)
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

// PeakHeap runs read, which reads a call and emits its segments, and
// returns how many it emitted and the most heap in use before, during (every
// 4096 segments) and after: a streaming reader's peak stays small whatever
// the size of the call.
func PeakHeap(read func(emit func(pushback.Segment) error) error) (n int, peak uint64, err error) {
	runtime.GC()
	var ms runtime.MemStats
	sample := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	sample()
	err = read(func(pushback.Segment) error {
		n++
		if n%4096 == 0 {
			sample()
		}
		return nil
	})
	sample()
	return n, peak, err
}
