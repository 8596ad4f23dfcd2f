//go:build !race

package live_test

// raceStride: without the race detector every labelled call is replayed.
const raceStride = 1
