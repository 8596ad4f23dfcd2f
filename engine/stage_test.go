package engine_test

import (
	"bytes"
	"testing"

	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/transcript"
)

func BenchmarkStages(b *testing.B) {
	e := mustEngine(b, "")
	data := bigCall(b, 4<<20)
	call, _ := transcript.Parse(bytes.NewReader(data), transcript.Options{Reps: []string{"Rep"}})
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			transcript.Parse(bytes.NewReader(data), transcript.Options{Reps: []string{"Rep"}})
		}
	})
	b.Run("detect", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			n := 0
			var before detect.Prior
			for t := range call.Turns {
				ms, here := e.DetectTurnAfter(call, t, before)
				n += len(ms)
				before = before.Add(here)
			}
		}
	})
	b.Run("analyze", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			e.Analyze(call)
		}
	})
}
