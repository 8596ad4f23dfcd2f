package loadtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/live/loadtest"
)

// TestRunSmall plays a few sessions as fast as they go: every session ends
// cleanly and moments are timed on both ends.
func TestRunSmall(t *testing.T) {
	scripts, err := loadtest.Scripts("../../testdata/calls")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := loadtest.Run(ctx, loadtest.Config{Sessions: 6, Scripts: scripts[:3], Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if res.Moments == 0 || res.Server.N != res.Moments || res.Client.N != res.Moments || res.Messages == 0 {
		t.Fatalf("result %+v", res)
	}
	if res.Server.P50 <= 0 || res.Client.P50 < res.Server.P50 || res.Server.P99 < res.Server.P50 {
		t.Fatalf("latencies: server %s, client %s", res.Server, res.Client)
	}
	t.Logf("server %s; client %s", res.Server, res.Client)
}
