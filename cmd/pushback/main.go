// Command pushback is the push-back coach for sales conversations: it reads
// call transcripts, finds the moments where the rep should push back, judges
// what the rep did and coaches a better way.
package main

import (
	"os"
	"runtime/debug"
	"runtime/pprof"
)

var batchCommands = map[string]bool{"analyze": true, "parse": true, "eval": true, "check": true, "import": true, "reanalyze": true}

func main() {
	// A batch command runs for seconds over data it mostly keeps: collect
	// garbage less often than the default, trading some memory for a fifth
	// less CPU. Long-running commands (serve, worker, live) keep the default.
	if os.Getenv("GOGC") == "" && len(os.Args) > 1 && batchCommands[os.Args[1]] {
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
