package engine_test

import (
	"bytes"
	"testing"

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
			for t := range call.Turns {
				n += len(e.DetectTurn(call, t))
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
