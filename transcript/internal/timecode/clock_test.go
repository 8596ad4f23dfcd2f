package timecode

import (
	"fmt"
	"testing"
)

// checkClock checks that parseClock, when it reads s, reads it as the
// general parse does.
func checkClock(t *testing.T, s string) {
	got, ok := parseClock(s)
	if !ok {
		return
	}
	want, err := parse(s)
	if err != nil || got != want {
		t.Fatalf("parseClock(%q) = %v; parse: %v, %v", s, got, want, err)
	}
}

func TestParseClock(t *testing.T) {
	n := 0
	for h := 0; h < 100; h += 7 {
		for m := 0; m < 61; m += 3 {
			for s := 0; s < 61; s += 4 {
				for ms := 0; ms < 1000; ms += 37 {
					for _, sep := range ".," {
						in := fmt.Sprintf("%02d:%02d:%02d%c%03d", h, m, s, sep, ms)
						if _, ok := parseClock(in); ok {
							n++
						} else if m < 60 && s < 60 {
							t.Fatalf("parseClock(%q) declined", in)
						}
						checkClock(t, in)
					}
				}
			}
		}
	}
	for _, in := range []string{"00:00:01.5", "0:00:01.500", "00:00:01:500", "00:0a:01.500", "00:00:01.50x", "99:99:99.999"} {
		if _, ok := parseClock(in); ok {
			t.Errorf("parseClock(%q) read it", in)
		}
	}
	if n == 0 {
		t.Fatal("no clock read")
	}
}

func FuzzParseClock(f *testing.F) {
	f.Add("01:02:03.456")
	f.Add("00:00:00,000")
	f.Fuzz(checkClock)
}

// checkRange checks that Range reads line as parseRange does.
func checkRange(t *testing.T, line string) {
	s, e, rest, err := Range(line)
	ws, we, wrest, werr := parseRange(line)
	if s != ws || e != we || rest != wrest || (err == nil) != (werr == nil) {
		t.Fatalf("Range(%q) = %v, %v, %q, %v; want %v, %v, %q, %v", line, s, e, rest, err, ws, we, wrest, werr)
	}
}

func TestRange(t *testing.T) {
	for _, line := range []string{
		"00:00:01.200 --> 00:00:05.400", "00:00:01.200 --> 00:00:05.400 align:start line:0%", "00:00:01.200 --> 00:00:05.400  ",
		"00:00:01.200 --> 00:00:05.400\tline:0", "00:00:01.200 --> 00:00:05.4000", "00:00:01,200 --> 00:00:05,400",
		"00:00:61.200 --> 00:00:05.400", "00:00:01.200 --> 00:60:05.400", "0:00:01.200 --> 00:00:05.400", "00:00:01.200 -->  00:00:05.400",
	} {
		checkRange(t, line)
	}
}

func FuzzRange(f *testing.F) {
	f.Add("00:00:01.200 --> 00:00:05.400 align:start")
	f.Fuzz(checkRange)
}
