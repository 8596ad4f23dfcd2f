package textfmt_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/textfmt"
)

var benchSpeakers = []string{"Dana Reyes", "Bob Stone", "José Núñez", "Speaker 4"}

var benchLines = []string{
	"Thanks for making time today, I know the quarter is busy for your team.",
	"Honestly, you guys will probably jack up the price after the first year.",
	"I hear that a lot. Would it be okay if I shared how our annual plans work?",
	"Sure, go ahead, but our IT team says integrations always take six months.",
	"Our median customer is live in eleven days; the longest this year took five weeks.",
}

// benchCall writes a call of about size bytes in the given variant.
func benchCall(id string, size int) []byte {
	var b bytes.Buffer
	sec := 0
	for i := 0; b.Len() < size; i++ {
		who := benchSpeakers[i%len(benchSpeakers)]
		text := benchLines[i%len(benchLines)]
		more := benchLines[(i+2)%len(benchLines)]
		h, m, s := sec/3600, sec/60%60, sec%60
		switch id {
		case "otter":
			if h > 0 {
				fmt.Fprintf(&b, "%s  %d:%02d:%02d\n%s\n%s\n\n", who, h, m, s, text, more)
			} else {
				fmt.Fprintf(&b, "%s  %d:%02d\n%s\n%s\n\n", who, m, s, text, more)
			}
		case "rev-text":
			fmt.Fprintf(&b, "%s (%02d:%02d:%02d):\n%s\n%s\n\n", who, h, m, s, text, more)
		case "name-colon":
			fmt.Fprintf(&b, "[%02d:%02d:%02d] %s: %s\n", h, m, s, who, text)
			if i%3 == 0 {
				fmt.Fprintf(&b, "%s\n", more)
			}
		case "text":
			fmt.Fprintf(&b, "%s %s\n", text, more)
			if i%4 == 3 {
				b.WriteByte('\n')
			}
		}
		sec += 7
	}
	if id == "otter" {
		b.WriteString("Transcribed by https://otter.ai\n")
	}
	return b.Bytes()
}

func BenchmarkRead(b *testing.B) {
	for _, id := range []string{"otter", "rev-text", "name-colon", "text"} {
		data := benchCall(id, 8<<20)
		b.Run(id, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				got, err := textfmt.Read(bytes.NewReader(data), "", func(pushback.Segment) error {
					n++
					return nil
				})
				if err != nil || got != id || n == 0 {
					b.Fatalf("read %q, %d segments: %v", got, n, err)
				}
			}
		})
	}
}

func BenchmarkSniff(b *testing.B) {
	for _, id := range []string{"otter", "rev-text", "name-colon", "text"} {
		head := benchCall(id, 64<<10)[:64<<10]
		b.Run(id, func(b *testing.B) {
			b.SetBytes(int64(len(head)))
			for b.Loop() {
				textfmt.Sniff(head)
			}
		})
	}
}
