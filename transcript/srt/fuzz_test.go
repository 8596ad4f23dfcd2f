package srt_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/srt"
)

var errStop = errors.New("emit says stop")

func FuzzRead(f *testing.F) {
	for _, pattern := range []string{"srt/*.srt", "webvtt-*/*.vtt"} {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, pattern))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data, uint8(0))
		}
	}
	for _, s := range []string{
		"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>DANA:</i> hi\n2\n00:00:02,000 --> 00:00:03,000\n- BOB: yo\n- Dana: ok\n",
		"1\r\n00:00:01,000 --> 00:00:02,000\r\n<v A>x</v> <v B>y\r\n\r\n\r\n2\r\n\r\n00:00:02.000 --> 00:00:03.000\r\n42\r\n",
		"1\n00:00:02,000 --> 00:00:01,000\nx\n",
		"\ufeff1\r0:0:0,5 --> 0:0:1\r&amp;&#0;{\\}{\\a<b\r",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(130))
	}
	f.Fuzz(func(t *testing.T, data []byte, variant uint8) {
		stopAfter := -1 // emit never fails
		if variant >= 128 {
			stopAfter = int(variant % 4)
		}
		got, segs, err := fuzzRead(bytes.NewReader(data), stopAfter)
		if err != nil {
			var ie *pushback.InputError
			switch {
			case err == errStop:
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
		} else {
			if stopAfter >= 0 && len(segs) > stopAfter {
				t.Fatalf("emit failed but Read returned nil")
			}
			if got != "srt" {
				t.Fatalf("Read returned id %q", got)
			}
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
		// Reading a byte at a time (line ends split across reads) reads the same.
		if len(data) <= 8<<10 { // bigger inputs make the one-byte scan slow, not more thorough
			got2, segs2, err2 := fuzzRead(iotest.OneByteReader(bytes.NewReader(data)), stopAfter)
			if got2 != got || !reflect.DeepEqual(segs2, segs) || !sameError(err, err2) {
				t.Fatalf("byte-at-a-time read differs: %q %v (%d segments) vs %q %v (%d segments)", got2, err2, len(segs2), got, err, len(segs))
			}
		}
	})
}

func fuzzRead(r io.Reader, stopAfter int) (string, []pushback.Segment, error) {
	var segs []pushback.Segment
	got, err := srt.Read(r, "", func(s pushback.Segment) error {
		segs = append(segs, s)
		if len(segs) == stopAfter+1 {
			return errStop
		}
		return nil
	})
	return got, segs, err
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}
