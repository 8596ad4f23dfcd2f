package webvtt_test

import (
	"testing"

	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

// fuzzIDs are the ids FuzzRead reads as: detected, then each forced variant.
var fuzzIDs = []string{"", "webvtt", "webvtt-zoom", "webvtt-teams"}

func FuzzRead(f *testing.F) {
	captiontest.AddFixtures(f, "webvtt-*/*.vtt", "srt/*.srt")
	for _, s := range []string{
		"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>hi</v> <00:00:01.500><v B>yo</v>\n",
		"WEBVTT\n\n1\n00:01.000 --> 00:02.000\nDana: a\n2\n00:02.000 --> 00:03.000\nBob: b\n",
		"WEBVTT\r\n\r\nSTYLE\r\n::cue {\r\n\r\n}\r\n\r\n0.5 --> 1\r\n- MAN: x\r\n- WOMAN: y",
		"WEBVTT\n\nNOTE\n00:00:01.000 --> 00:00:02.000\n&amp;&#0;&#x110000;&lt;v x&gt;\n",
		"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n",
		"\ufeffWEBVTT\rx\r\r1\r\r0:0:0.0 --> 0:0:0.5\r<v.a.b  Carlos Far&#237;as >x",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, variant uint8) {
		id := fuzzIDs[int(variant)%len(fuzzIDs)]
		got, err := captiontest.CheckRead(t, webvtt.Read, data, id, captiontest.StopAfter(variant))
		if err == nil && (id != "" && got != id || id == "" && got != "webvtt" && got != "webvtt-zoom" && got != "webvtt-teams") {
			t.Fatalf("Read(%q) returned id %q", id, got)
		}
	})
}
