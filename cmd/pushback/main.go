// Command pushback is the push-back coach for sales conversations: it reads
// call transcripts, finds the moments where the rep should push back, judges
// what the rep did and coaches a better way.
package main

import (
	"os"
	"runtime/debug"
	"runtime/pprof"
)

func main() {
	// A command runs for seconds over data it mostly keeps: collect garbage
	// less often than the default, trading some memory for a fifth less CPU.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// PUSHBACK_CPUPROFILE=FILE writes a CPU profile, for tuning.
	if path := os.Getenv("PUSHBACK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			code := Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
