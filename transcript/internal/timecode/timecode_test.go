package timecode_test

import (
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

func TestRange(t *testing.T) {
	s, e, rest, err := timecode.Range("00:00:01.000 --> 00:00:04.500 align:start position:10%")
	if err != nil || s != 1 || e != 4.5 || rest != "align:start position:10%" {
		t.Fatalf("Range = %v %v %q %v", s, e, rest, err)
	}
	if _, _, _, err := timecode.Range("00:00:01.000 -> 00:00:04.500"); err == nil {
		t.Fatal("Range accepted a line without -->")
	}
}
