package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/judge"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/model"
)

var responseOptions = model.TrainOptions{Bits: 18, Epochs: 20, LearningRate: 0.1, L2: 3e-5, Seed: 11}

// responseExample is one rep response with its gold labels.
type responseExample struct {
	group      string // the call (or bank) it comes from, for folds
	features   []model.Feature
	pushedBack bool
	warning    bool
	permission bool
	how        string // "" when unknown
	gaveReason *bool  // nil when unknown
	text       string // what the rep said, for tone
	respectful *bool
	calm       *bool
	weight     float32 // 0 means 1
}

// w is the example's weight.
func (r responseExample) w() float32 {
	if r.weight == 0 {
		return 1
	}
	return r.weight
}

// callResponses builds examples from the gold moments of labelled calls,
// windowed the way the engine windows them.
func callResponses(set *cues.Set, cases, copies []*labels.Case) []responseExample {
	f := judge.NewFeaturizer(set)
	var out []responseExample
	for i, c := range cases {
		out = append(out, caseResponses(f, c, 0)...)
		if u := copies[i]; u != nil {
			out = append(out, caseResponses(f, u, unpunctuatedReplyWeight)...)
		}
	}
	return out
}

// caseResponses is callResponses for one case, each example at weight w (0
// means 1).
func caseResponses(f *judge.Featurizer, c *labels.Case, w float32) []responseExample {
	var out []responseExample
	goldTurns := map[int]bool{}
	for _, g := range c.Gold {
		goldTurns[g.Turn] = true
	}
	for _, g := range c.Gold {
		if g.Response == nil {
			continue
		}
		items, repTurns, _ := judge.Window(c.Call, g.Turn, func(t int) bool { return t != g.Turn && goldTurns[t] })
		if len(repTurns) == 0 {
			continue // no reply: decided by structure, not by a model
		}
		x := f.Analyze(items, g.Quote, c.Call.Turns[g.Turn].Speaker)
		out = append(out, responseExample{
			group: c.Name, features: append([]model.Feature(nil), x.Features()...),
			pushedBack: g.Response.PushedBack, warning: g.Response.Warning, permission: g.Response.Permission,
			text: x.RepText(), respectful: g.Response.Respectful, calm: g.Response.Calm, weight: w,
		})
	}
	return out
}

// bankLine is a line of testdata/train/rep-bank.jsonl.
type bankLine struct {
	ID           string `json:"id"`
	Prospect     string `json:"prospect"`
	ProspectName string `json:"prospect_name"`
	Turns        []struct {
		Role string `json:"role"`
		Text string `json:"text"`
	} `json:"turns"`
	Labels struct {
		PushedBack bool   `json:"pushed_back"`
		How        string `json:"how"`
		Warning    bool   `json:"warning"`
		Permission bool   `json:"permission"`
		Respectful *bool  `json:"respectful"`
		Calm       *bool  `json:"calm"`
		GaveReason *bool  `json:"gave_reason"`
	} `json:"labels"`
}

func bankResponses(set *cues.Set, path string) ([]responseExample, error) {
	fh, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	f := judge.NewFeaturizer(set)
	var out []responseExample
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		var b bankLine
		if err := json.Unmarshal(sc.Bytes(), &b); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		var items []judge.Item
		for _, t := range b.Turns {
			role := pushback.RoleRep
			if t.Role == "prospect" {
				role = pushback.RoleProspect
			}
			for _, it := range judge.ReplyItems(t.Text) {
				it.Role = role
				items = append(items, it)
			}
		}
		x := f.Analyze(items, b.Prospect, b.ProspectName)
		out = append(out, responseExample{
			group: "bank", features: append([]model.Feature(nil), x.Features()...),
			pushedBack: b.Labels.PushedBack, warning: b.Labels.Warning, permission: b.Labels.Permission,
			how: b.Labels.How, text: x.RepText(), respectful: b.Labels.Respectful, calm: b.Labels.Calm,
			gaveReason: b.Labels.GaveReason,
		})
	}
	return out, sc.Err()
}

func binaryExamples(rs []responseExample, label func(responseExample) (bool, bool)) []model.Example {
	var ex []model.Example
	for _, r := range rs {
		y, ok := label(r)
		if !ok {
			continue
		}
		c := 0
		if y {
			c = 1
		}
		ex = append(ex, model.Example{Features: r.features, Class: c, Weight: r.w()})
	}
	return ex
}

func yesProb(m *model.Linear, fs []model.Feature) float64 {
	var buf [2]float64
	return m.Probs(fs, buf[:0])[1]
}
