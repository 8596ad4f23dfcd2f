package engine_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/labels"
)

// Over every labelled call, each moment's quote is a piece of its turn, and
// the quotes of one turn never overlap, even where a near miss between two
// moments could join either; some quotes run over two sentences.
func TestQuotesAreDisjointPiecesOfTheirTurn(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses every labelled call")
	}
	cases, err := labels.LoadDir("../testdata/calls", nil)
	if err != nil {
		t.Fatal(err)
	}
	engines := map[string]*engine.Engine{}
	joined := 0
	for _, c := range cases {
		e := engines[c.Playbook.Name]
		if e == nil {
			if e, err = engine.New(c.Playbook); err != nil {
				t.Fatal(err)
			}
			engines[c.Playbook.Name] = e
		}
		a := e.Analyze(c.Call)
		type span struct{ start, end int }
		byTurn := map[int][]span{}
		for _, m := range a.Moments {
			text := c.Call.Turns[m.Turn].Text
			k := strings.Index(text, m.Quote)
			if k < 0 {
				t.Errorf("%s turn %d: quote %q is not in the turn", c.Name, m.Turn, m.Quote)
				continue
			}
			byTurn[m.Turn] = append(byTurn[m.Turn], span{k, k + len(m.Quote)})
			if strings.Count(strings.TrimRight(m.Quote, ".!?"), ". ") > 0 {
				joined++
			}
		}
		for turn, ss := range byTurn {
			sort.Slice(ss, func(i, j int) bool { return ss[i].start < ss[j].start })
			for i := 1; i < len(ss); i++ {
				if ss[i].start < ss[i-1].end {
					t.Errorf("%s turn %d: quotes overlap: %q and %q", c.Name, turn,
						c.Call.Turns[turn].Text[ss[i-1].start:ss[i-1].end], c.Call.Turns[turn].Text[ss[i].start:ss[i].end])
				}
			}
		}
	}
	if joined == 0 {
		t.Error("no quote ran over two sentences: the join is not exercised")
	}
}
