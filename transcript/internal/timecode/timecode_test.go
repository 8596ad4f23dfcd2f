package timecode_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want pushback.Seconds
		ok   bool
	}{
		{"00:00:01.500", 1.5, true},
		{"01:02:03.250", 3723.25, true},
		{"00:01:02,500", 62.5, true},
		{"0:0:0.570", 0.57, true},
		{"02:03.5", 123.5, true},
		{"1:02", 62, true},
		{"62.25", 62.25, true},
		{"3.480", 3.48, true},
		{"[00:01:02]", 62, true},
		{"100:00:00.000", 360000, true},
		{"", pushback.NoTime, false},
		{"1:60", pushback.NoTime, false},
		{"a:00", pushback.NoTime, false},
		{"00:00:01.", pushback.NoTime, false},
		{"1:2:3:4", pushback.NoTime, false},
		{"-1", pushback.NoTime, false},
		{"999999999", 999999999, true},
		{"17000000:0", pushback.NoTime, false}, // 32 years: beyond the times Pushback keeps
		{"999999999:00:00", pushback.NoTime, false},
	}
	for _, tt := range tests {
		got, err := timecode.Parse(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q) err = %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && (got-tt.want > 1e-9 || tt.want-got > 1e-9) {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestParseFraction checks the hand-read fractions against
// strconv.ParseFloat at every length Parse takes (its text is at most 32
// bytes): short ones are divided by a power of ten, long ones go to ParseFloat.
func TestParseFraction(t *testing.T) {
	for n := 1; n <= 30; n++ {
		for _, d := range []string{"0", "1", "3", "5", "9", "1234567890123456789012345678901"} {
			frac := strings.Repeat(d, n)[:n]
			for _, sep := range []string{".", ","} {
				in := "3" + sep + frac
				want, err := strconv.ParseFloat("0."+frac, 64)
				if err != nil {
					t.Fatal(err)
				}
				got, err := timecode.Parse(in)
				if err != nil || got != pushback.Seconds(3+want) {
					t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, 3+want)
				}
			}
		}
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	for _, in := range []string{"00:00:01.500", "01:02:03,250", "[00:01:02]", "1:2:3.12345678901234567890", "1,123456789012345678901234567890", "1:2:3:4", "x"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = timecode.Parse(in) }); n != 0 {
			t.Errorf("Parse(%q): %v allocations, want 0", in, n)
		}
	}
}

func TestRange(t *testing.T) {
	s, e, rest, err := timecode.Range("00:00:01.000 --> 00:00:04.500 align:start position:10%")
	if err != nil || s != 1 || e != 4.5 || rest != "align:start position:10%" {
		t.Fatalf("Range = %v %v %q %v", s, e, rest, err)
	}
	if _, _, _, err := timecode.Range("00:00:01.000 -> 00:00:04.500"); err == nil {
		t.Fatal("Range accepted a line without -->")
	}
}

// BenchmarkParse parses one time stamp of each form the readers meet; every
// cue timing line holds two, so Parse should not allocate.
func BenchmarkParse(b *testing.B) {
	stamps := []string{"00:00:01.500", "01:02:03,250", "0:0:0.570", "02:03.5", "62.25", "[00:01:02]", "100:00:00.000", "1:02"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range stamps {
			if _, err := timecode.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
