package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/judge"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
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
}

// callResponses builds examples from the gold moments of labelled calls,
// windowed the way the engine windows them.
func callResponses(set *cues.Set, cases []*labels.Case) []responseExample {
	f := judge.NewFeaturizer(set)
	var out []responseExample
	for _, c := range cases {
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
				text: x.RepText(), respectful: g.Response.Respectful, calm: g.Response.Calm,
			})
		}
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
		ex = append(ex, model.Example{Features: r.features, Class: c})
	}
	return ex
}

var responseLabels = map[string]func(responseExample) (bool, bool){
	"pushed_back": func(r responseExample) (bool, bool) { return r.pushedBack, true },
	"warning":     func(r responseExample) (bool, bool) { return r.warning, r.pushedBack },
	"permission":  func(r responseExample) (bool, bool) { return r.permission, r.pushedBack },
}

func trainResponse(o options, cases []*labels.Case) error {
	def, err := playbook.Default()
	if err != nil {
		return err
	}
	set, err := cues.Compile(def)
	if err != nil {
		return err
	}
	calls := callResponses(set, cases)
	bank, err := bankResponses(set, filepath.Join(o.data, "train", "rep-bank.jsonl"))
	if err != nil {
		return err
	}
	fmt.Printf("response models: %d responses in labelled calls, %d in the rep bank\n", len(calls), len(bank))
	// Cross-validation by call: the bank is always training data, calls are
	// split into folds.
	groups := groupsOf(calls)
	for _, name := range []string{"pushed_back", "warning", "permission"} {
		label := responseLabels[name]
		right, total := 0, 0
		for k := 0; k < o.folds; k++ {
			var train, test []responseExample
			for _, r := range calls {
				if groups[r.group]%o.folds == k {
					test = append(test, r)
				} else {
					train = append(train, r)
				}
			}
			m := model.Train(name, []string{"no", "yes"}, binaryExamples(append(train, bank...), label), responseOptions)
			for _, r := range test {
				y, ok := label(r)
				if !ok {
					continue
				}
				total++
				if (yesProb(m, r.features) >= 0.5) == y {
					right++
				}
			}
		}
		fmt.Printf("  %-12s %d-fold cross-validated accuracy on labelled calls: %.3f (%d responses)\n", name, o.folds, float64(right)/float64(max(total, 1)), total)
		m := model.Train(name, []string{"no", "yes"}, binaryExamples(append(calls, bank...), label), responseOptions)
		m.Meta = model.Meta{
			Trained:  "go run ./cmd/pushback-train -only response",
			Data:     []string{"testdata/calls (labelled calls) and testdata/train/rep-bank.jsonl, written by the Pushback developers (project licence)"},
			Examples: len(calls) + len(bank),
		}
		if !o.dry {
			if err := writeModel(filepath.Join(o.out, "response-"+name+".json"), m); err != nil {
				return err
			}
		}
	}
	// Whether a push-back gave a reason: only the bank is labelled for it.
	var reason []model.Example
	for _, r := range bank {
		if r.pushedBack && r.gaveReason != nil {
			c := 0
			if *r.gaveReason {
				c = 1
			}
			reason = append(reason, model.Example{Features: r.features, Class: c})
		}
	}
	if len(reason) >= 40 {
		// Held-out check: train on 4/5 of the bank, test on the rest.
		var tr, te []model.Example
		for i, e := range reason {
			if i%5 == 0 {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		m := model.Train("gave_reason", []string{"no", "yes"}, tr, responseOptions)
		right := 0
		for _, e := range te {
			if (yesProb(m, e.Features) >= 0.5) == (e.Class == 1) {
				right++
			}
		}
		fmt.Printf("  %-12s held-out accuracy on a fifth of the rep bank: %.3f (%d)\n", "gave_reason", float64(right)/float64(len(te)), len(te))
		if !o.dry {
			m := model.Train("gave_reason", []string{"no", "yes"}, reason, responseOptions)
			m.Meta = model.Meta{Trained: "go run ./cmd/pushback-train -only response", Data: []string{"testdata/train/rep-bank.jsonl (project licence)"}, Examples: len(reason)}
			if err := writeModel(filepath.Join(o.out, "response-gave_reason.json"), m); err != nil {
				return err
			}
		}
	}
	// How a moment was let go: learned from the bank when it has examples.
	var letgo []model.Example
	for _, r := range bank {
		for c, name := range judge.LetGoClasses {
			if r.how == name {
				letgo = append(letgo, model.Example{Features: r.features, Class: c})
			}
		}
	}
	if len(letgo) >= 40 && !o.dry {
		m := model.Train("letgo", judge.LetGoClasses, letgo, responseOptions)
		m.Meta = model.Meta{Trained: "go run ./cmd/pushback-train -only response", Data: []string{"testdata/train/rep-bank.jsonl (project licence)"}, Examples: len(letgo)}
		if err := writeModel(filepath.Join(o.out, "response-letgo.json"), m); err != nil {
			return err
		}
	}
	return nil
}

func groupsOf(rs []responseExample) map[string]int {
	g := map[string]int{}
	for _, r := range rs {
		if _, ok := g[r.group]; !ok {
			g[r.group] = len(g)
		}
	}
	return g
}

func yesProb(m *model.Linear, fs []model.Feature) float64 {
	var buf [2]float64
	return m.Probs(fs, buf[:0])[1]
}
