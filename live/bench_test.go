package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/live/loadtest"
)

// BenchmarkLiveWebSocket100 drives 100 concurrent live sessions over
// WebSocket on loopback, each replaying a labelled call sentence by
// sentence as final utterances at 30 times the call's pace (about nine
// finals a second per session, several times what a speech-to-text
// stream sends), and reports the latency from an utterance's arrival to
// its moment event leaving the server (p50/p95/p99, µs) and the client's
// round trip. go run ./cmd/pushback-livebench prints the same as a table.
func BenchmarkLiveWebSocket100(b *testing.B) {
	scripts, err := loadtest.Scripts(callsDir)
	if err != nil {
		b.Fatal(err)
	}
	var res loadtest.Result
	for range b.N {
		res, err = loadtest.Run(context.Background(), loadtest.Config{
			Sessions: 100, Speed: 30, Duration: 20 * time.Second, Scripts: scripts, Seed: 1,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Server.P50.Microseconds()), "p50-µs")
	b.ReportMetric(float64(res.Server.P95.Microseconds()), "p95-µs")
	b.ReportMetric(float64(res.Server.P99.Microseconds()), "p99-µs")
	b.ReportMetric(float64(res.Client.P99.Microseconds()), "client-p99-µs")
	b.ReportMetric(float64(res.Moments), "moments")
	b.Logf("%d sessions, %d utterances, %d moment samples in %s", res.Sessions, res.Messages, res.Moments, res.Wall.Round(time.Millisecond))
	b.Logf("server (arrival -> moment event written): %s", res.Server)
	b.Logf("client round trip:                        %s", res.Client)
	b.Logf("every event an utterance caused:          %s", res.AllServer)
	b.Logf("heap per open session, its call held (both ends of the connection): %.0f KiB", float64(res.SessionHeap)/1024)
}
