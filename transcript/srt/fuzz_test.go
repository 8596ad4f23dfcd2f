package srt_test

import (
	"testing"

	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/srt"
)

func FuzzRead(f *testing.F) {
	captiontest.AddFixtures(f, "srt/*.srt", "webvtt-*/*.vtt")
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
		got, err := captiontest.CheckRead(t, srt.Read, data, "", captiontest.StopAfter(variant))
		if err == nil && got != "srt" {
			t.Fatalf("Read returned id %q", got)
		}
	})
}
