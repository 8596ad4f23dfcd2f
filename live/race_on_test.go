//go:build race

package live_test

// raceStride thins the replays of the labelled calls under the race
// detector, which runs them five to ten times slower and keeps an engine per
// team playbook: every fourth call still exercises every code path, and a run
// without -race (go test ./live) replays them all.
const raceStride = 4
