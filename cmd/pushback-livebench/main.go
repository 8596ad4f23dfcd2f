// Command pushback-livebench measures the live copilot's latency: it serves
// the live WebSocket on loopback, opens many sessions at once, each
// replaying a labelled call's utterances as final results at the call's
// pace sped up, and prints the latency from an utterance's arrival at the
// server to its moment event leaving (p50, p95, p99), with the client's
// round trip beside it.
//
//	go run ./cmd/pushback-livebench [-sessions 100] [-speed 30] [-duration 20s] [-calls testdata/calls]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"time"

	"github.com/pushback-coach/pushback/live/loadtest"
)

func main() {
	sessions := flag.Int("sessions", 100, "live sessions open at once")
	speed := flag.Float64("speed", 30, "how many times faster than the calls went (0: as fast as the connections take)")
	duration := flag.Duration("duration", 20*time.Second, "stop each session's utterances after this long (0: whole calls)")
	calls := flag.String("calls", "testdata/calls", "a folder of labelled calls to replay")
	runs := flag.Int("runs", 1, "repeat the run, printing a row each time")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	scripts, err := loadtest.Scripts(*calls)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pushback-livebench:", err)
		os.Exit(1)
	}
	fmt.Printf("%d sessions over %d labelled calls at %gx, %s each, GOMAXPROCS=%d\n\n", *sessions, len(scripts), *speed, *duration, runtime.GOMAXPROCS(0))
	row := "%3s %10s %7s | %10s %10s %10s %10s | %10s %10s %10s | %12s\n"
	fmt.Printf(row, "run", "utterances", "moments", "server p50", "p95", "p99", "max", "client p50", "p95", "p99", "heap/session")
	for i := range *runs {
		res, err := loadtest.Run(ctx, loadtest.Config{Sessions: *sessions, Speed: *speed, Duration: *duration, Scripts: scripts, Seed: uint64(i + 1)})
		if err != nil {
			fmt.Fprintln(os.Stderr, "pushback-livebench:", err)
			os.Exit(1)
		}
		fmt.Printf(row, fmt.Sprint(i+1), fmt.Sprint(res.Messages), fmt.Sprint(res.Moments),
			ms(res.Server.P50), ms(res.Server.P95), ms(res.Server.P99), ms(res.Server.Max),
			ms(res.Client.P50), ms(res.Client.P95), ms(res.Client.P99), fmt.Sprintf("%.0f KiB", float64(res.SessionHeap)/1024))
	}
	fmt.Println("\nserver: from an utterance's arrival to its moment event leaving (the event's latency_us).")
	fmt.Println("client: the round trip the sending client sees on loopback.")
	fmt.Println("heap/session: live heap per open session with its call held, both ends of the connection included.")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }
