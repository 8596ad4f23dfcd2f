// Command pushback is the push-back coach for sales conversations: it reads
// call transcripts, finds the moments where the rep should push back, judges
// what the rep did and coaches a better way.
package main

import "os"

func main() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
