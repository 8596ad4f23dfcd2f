package server_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pushback-coach/pushback/store"
	"github.com/pushback-coach/pushback/store/storetest"
)

// The API benchmarks run over real HTTP on loopback against a real database
// of 1000 analysed calls, as an API token of an admin, with requests in
// parallel (GOMAXPROCS goroutines). Besides ns/op they report throughput
// (req/s) and per-request latency (p50-ms, p99-ms).

const benchCalls = 1000

// forEachDialect runs a sub-benchmark per database. The environment is
// made once per database (on the parent, so it outlives the rounds the
// benchmark framework runs with growing b.N) and handed to run.
func forEachDialect[T any](b *testing.B, setup func(tb testing.TB, d store.Dialect) T, run func(b *testing.B, v T)) {
	for _, d := range storetest.Dialects {
		var once sync.Once
		var v T
		b.Run(string(d), func(sb *testing.B) {
			storetest.SkipUnless(sb, d)
			once.Do(func() { v = setup(b, d) })
			run(sb, v)
		})
	}
}

type benchFixture struct {
	e     *env
	c     *client
	calls []store.Call
}

func benchEnv(tb testing.TB, d store.Dialect) benchFixture {
	e := newEnv(tb, d)
	admin := e.addUser("admin", "", store.RoleAdmin)
	calls := make([]store.Call, benchCalls)
	for i := range calls {
		rep := fmt.Sprintf("Rep %d", i%20)
		calls[i] = e.storeAnalysedCallTitled(rep, i, fmt.Sprintf("bench call %d", i))
	}
	c := e.tokenClient(e.addToken(admin, store.ScopeFull))
	e.ts.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	c.hc = e.ts.Client()
	return benchFixture{e, c, calls}
}

// measure runs req in parallel b.N times and reports throughput and latency.
func measure(b *testing.B, req func(i int) (*http.Response, error), want int) {
	var mu sync.Mutex
	var lat []time.Duration
	var n atomic.Int64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			i := int(n.Add(1))
			t0 := time.Now()
			resp, err := req(i)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
			if resp.StatusCode != want {
				b.Errorf("status %d, want %d", resp.StatusCode, want)
				return
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func (c *client) raw(method, path string, body string, ctype string) (*http.Response, error) {
	var req *http.Request
	var err error
	if body == "" {
		req, err = http.NewRequest(method, c.e.ts.URL+path, nil)
	} else {
		req, err = http.NewRequest(method, c.e.ts.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
	}
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.bearer)
	return c.hc.Do(req)
}

func BenchmarkAPIGetCall(b *testing.B) {
	forEachDialect(b, benchEnv, func(b *testing.B, f benchFixture) {
		measure(b, func(i int) (*http.Response, error) {
			return f.c.raw("GET", fmt.Sprintf("/api/v1/calls/%d", f.calls[i%len(f.calls)].ID), "", "")
		}, 200)
	})
}

func BenchmarkAPIListCalls(b *testing.B) {
	forEachDialect(b, benchEnv, func(b *testing.B, f benchFixture) {
		measure(b, func(i int) (*http.Response, error) {
			return f.c.raw("GET", "/api/v1/calls?limit=50", "", "")
		}, 200)
	})
}

// BenchmarkUpload times uploads until the server answers 202 (the call is
// stored and its analysis queued); the analyses run meanwhile on the queue.
func BenchmarkUpload(b *testing.B) {
	setup := func(tb testing.TB, d store.Dialect) *client {
		e := newEnv(tb, d)
		admin := e.addUser("admin", "", store.RoleAdmin)
		c := e.tokenClient(e.addToken(admin, store.ScopeFull))
		e.ts.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 64
		c.hc = e.ts.Client()
		return c
	}
	var seq atomic.Int64 // unique transcripts across rounds
	forEachDialect(b, setup, func(b *testing.B, c *client) {
		measure(b, func(int) (*http.Response, error) {
			return c.raw("POST", "/api/v1/calls?rep=Dana+Reyes", transcriptFor("Dana Reyes", int(seq.Add(1))), "text/plain")
		}, 202)
	})
}
