package textfmt_test

import (
	"fmt"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/textfmt"
)

func ExampleRead() {
	otter := "Dana Reyes  0:03\nHi Bob, thanks for making time.\n\nBob Stone  0:07\nYou'll raise the price next year anyway.\n\nTranscribed by https://otter.ai\n"
	id, err := textfmt.Read(strings.NewReader(otter), "", func(s pushback.Segment) error {
		end := "?"
		if s.End.Known() {
			end = fmt.Sprint(float64(s.End))
		}
		fmt.Printf("%s [%v-%s] %s\n", s.Speaker, float64(s.Start), end, s.Text)
		return nil
	})
	fmt.Println(id, err)
	// Output:
	// Dana Reyes [3-7] Hi Bob, thanks for making time.
	// Bob Stone [7-?] You'll raise the price next year anyway.
	// otter <nil>
}
