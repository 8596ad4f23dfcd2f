package live_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/live"
)

// threeHours is a synthetic three-hour call: a labelled call's utterances
// over and over, each time later by the call's length.
func threeHours(t testing.TB) ([]live.Entry, []string) {
	c := labelled(t)[0]
	one := live.FromCall(c.Call)
	length := c.Call.Duration + 5
	var entries []live.Entry
	for k := 0; ; k++ {
		shift := pushback.Seconds(k) * length
		if shift > 3*3600 {
			break
		}
		for _, e := range one {
			u := e.Msg.Utterances[0]
			if u.Start.Known() {
				u.Start += shift
			}
			if u.End.Known() {
				u.End += shift
			}
			e.Msg.Utterances = []live.Utterance{u}
			e.At += shift
			e.Line = len(entries) + 1
			entries = append(entries, e)
		}
	}
	return entries, c.Labels.Rep
}

func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestThreeHourCallMemory measures what one session holds at the end of a
// three-hour call: the call itself (turns, text, sentences) and its
// moments. It must stay bounded: under 4 MiB.
func TestThreeHourCallMemory(t *testing.T) {
	entries, reps := threeHours(t)
	eng := engineFor(t, labelled(t)[0].Playbook)
	// Several sessions at once, so the figure stands out of the noise.
	const sessions = 4
	var ss [sessions]*live.Session
	before := heapNow()
	moments := 0
	for i := range ss {
		ss[i] = live.New(eng, live.Options{Reps: reps})
		for _, e := range entries {
			for _, ev := range ss[i].Handle(e.Msg, e.Line, time.Time{}) {
				if ev.Type == live.EventMoment && i == 0 {
					moments++
				}
			}
		}
	}
	held := (int64(heapNow()) - int64(before)) / sessions
	s := ss[0]
	call := s.Call()
	text := 0
	for _, tr := range call.Turns {
		text += len(tr.Text)
	}
	runtime.KeepAlive(ss)
	t.Logf("3-hour call: %d turns, %d KiB of text, %d moments: the session holds %d KiB", len(call.Turns), text/1024, moments, held/1024)
	if held > 4<<20 {
		t.Fatalf("a three-hour session holds %d KiB, want under 4096", held/1024)
	}
	if d := call.Duration; d < 3*3600 {
		t.Fatalf("the call lasts %v s", d)
	}
}

// BenchmarkSessionCall measures the engine work of a whole call fed
// sentence by sentence (no WebSocket): the time per utterance.
func BenchmarkSessionCall(b *testing.B) {
	c := labelled(b)[0]
	eng := engineFor(b, c.Playbook)
	entries := live.FromCall(c.Call)
	b.ReportAllocs()
	for b.Loop() {
		s := live.New(eng, live.Options{Reps: c.Labels.Rep})
		for _, e := range entries {
			s.Handle(e.Msg, e.Line, time.Time{})
		}
		s.End(0, time.Time{})
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(entries))/1e3, "µs/utterance")
}
