// Command pushback is the push-back coach for sales conversations: it reads
// call transcripts, finds the moments where the rep should push back, judges
// what the rep did and coaches a better way.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// A command runs for seconds over data it mostly keeps: collect garbage
	// less often than the default, trading some memory for a fifth less CPU.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
