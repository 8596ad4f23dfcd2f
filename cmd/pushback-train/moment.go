package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/eval"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
	"strings"
)

// momentOptions are the training settings of the moment model.
var momentOptions = model.TrainOptions{Bits: 18, Epochs: 25, LearningRate: 0.15, L2: 2e-5, Seed: 7}

// candidateSet is a case's candidates with their features and gold classes.
type candidateSet struct {
	c     *labels.Case
	cands []detect.Candidate
	ex    []model.Example
}

func loadCases(dir string) ([]*labels.Case, error) {
	cases, err := labels.LoadDir(dir, nil)
	if err != nil {
		return nil, err
	}
	return cases, nil
}

// featurize builds the examples of every case with its own playbook.
func featurize(cases []*labels.Case) ([]candidateSet, error) {
	sets := map[string]*cues.Set{}
	var out []candidateSet
	for _, c := range cases {
		set, ok := sets[c.Playbook.Version]
		if !ok {
			var err error
			if set, err = cues.Compile(c.Playbook); err != nil {
				return nil, fmt.Errorf("%s: %w", c.LabelsPath, err)
			}
			sets[c.Playbook.Version] = set
		}
		f := detect.NewFeaturizer(set, c.Playbook)
		cs := candidateSet{c: c, cands: detect.Candidates(c.Call)}
		for i := range cs.cands {
			cand := &cs.cands[i]
			fs := f.Features(cand)
			cs.ex = append(cs.ex, model.Example{Features: append([]model.Feature(nil), fs...), Class: goldClass(c, cand)})
		}
		out = append(out, cs)
	}
	return out, nil
}

// goldClass is the class of a candidate: the category of a gold moment whose
// quote it overlaps, else none.
func goldClass(c *labels.Case, cand *detect.Candidate) int {
	for _, g := range c.Gold {
		if g.Turn == cand.Turn && cand.Start < g.Span[1] && g.Span[0] < cand.End {
			for k, name := range detect.Classes {
				if name == string(g.Category) {
					return k
				}
			}
		}
	}
	return 0
}

func examplesOf(sets []candidateSet) []model.Example {
	var ex []model.Example
	for _, s := range sets {
		ex = append(ex, s.ex...)
	}
	return ex
}

// scored is a candidate's probabilities from a model that did not see it.
type scored struct {
	set   *candidateSet
	i     int
	probs []float64
}

func predict(m *model.Linear, sets []candidateSet) []scored {
	var out []scored
	for k := range sets {
		for i, e := range sets[k].ex {
			out = append(out, scored{&sets[k], i, m.Probs(e.Features, nil)})
		}
	}
	return out
}

// evaluate turns scored candidates into moments at a threshold and scores
// them against the gold labels.
func evaluate(sc []scored, threshold float64) eval.Counts {
	byCase := map[*candidateSet][]pushback.Moment{}
	var order []*candidateSet
	for _, s := range sc {
		if _, ok := byCase[s.set]; !ok {
			order = append(order, s.set)
			byCase[s.set] = nil
		}
		if 1-s.probs[0] < threshold {
			continue
		}
		best := 1
		for k := 2; k < len(s.probs); k++ {
			if s.probs[k] > s.probs[best] {
				best = k
			}
		}
		cand := s.set.cands[s.i]
		byCase[s.set] = append(byCase[s.set], pushback.Moment{Turn: cand.Turn, Quote: cand.Text, Category: pushback.Category(detect.Classes[best])})
	}
	var total eval.Counts
	for _, cs := range order {
		k, misses := eval.Compare(cs.c, byCase[cs])
		total.Add(k)
		if errLog != nil {
			for _, m := range misses {
				fmt.Fprintf(errLog, "%s\t%s\tturn %d\t%s\t%s\t%q\n", cs.c.Name, m.Kind, m.Turn, m.Gold, m.Got, m.Quote)
			}
		}
	}
	return total
}

// errLog, when set, receives the disagreements of the outer folds.
var errLog *os.File

// bestThreshold picks the threshold with the best F1 on scored candidates.
func bestThreshold(sc []scored) float64 {
	best, bestF := 0.5, -1.0
	for t := 0.05; t <= 0.80001; t += 0.025 {
		r := evaluate(sc, t).Result("")
		if r.F1 > bestF+1e-9 {
			best, bestF = t, r.F1
		}
	}
	return best
}

// folds splits sets into k folds by call, deterministically.
func folds(sets []candidateSet, k int) [][]candidateSet {
	out := make([][]candidateSet, k)
	sorted := append([]candidateSet(nil), sets...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].c.Name < sorted[j].c.Name })
	for i, s := range sorted {
		out[i%k] = append(out[i%k], s)
	}
	return out
}

func without(fs [][]candidateSet, skip int) []candidateSet {
	var out []candidateSet
	for i, f := range fs {
		if i != skip {
			out = append(out, f...)
		}
	}
	return out
}

// crossValidate runs nested cross-validation: for each outer fold, the
// threshold is chosen by an inner cross-validation on the training folds
// only, so the reported figures never see their own test data.
func crossValidate(sets []candidateSet, k int, extra []model.Example) (eval.Counts, []float64) {
	outer := folds(sets, k)
	var total eval.Counts
	var thresholds []float64
	for i := range outer {
		train := without(outer, i)
		inner := folds(train, k-1)
		var innerScored []scored
		for j := range inner {
			m := model.Train("moment", detect.Classes, append(examplesOf(without(inner, j)), extra...), momentOptions)
			innerScored = append(innerScored, predict(m, inner[j])...)
		}
		t := bestThreshold(innerScored)
		thresholds = append(thresholds, t)
		m := model.Train("moment", detect.Classes, append(examplesOf(train), extra...), momentOptions)
		errLog = cvErrors
		total.Add(evaluate(predict(m, outer[i]), t))
		errLog = nil
	}
	return total, thresholds
}

var cvErrors *os.File

func trainMoment(o options, cases []*labels.Case) error {
	if o.errors != "" {
		f, err := os.Create(o.errors)
		if err != nil {
			return err
		}
		defer f.Close()
		cvErrors = f
	}
	sets, err := featurize(cases)
	if err != nil {
		return err
	}
	extra, err := prospectBank(filepath.Join(o.data, "train", "prospect-bank.jsonl"))
	if err != nil {
		return err
	}
	n := len(examplesOf(sets))
	fmt.Printf("moment model: %d labelled calls, %d candidates, %d gold moments, %d extra examples\n", len(sets), n, countGold(cases), len(extra))

	cv, ths := crossValidate(sets, o.folds, extra)
	r := cv.Result("")
	fmt.Printf("  %d-fold nested cross-validation by call: precision %.3f recall %.3f F1 %.3f, category accuracy %s (thresholds %v)\n",
		o.folds, r.Precision, r.Recall, r.F1, fmtPtr(r.CategoryAccuracy), ths)
	for _, c := range pushback.Categories {
		f := r.ByCategory[c]
		fmt.Printf("    %-22s P %.3f R %.3f F1 %.3f\n", c, f.Precision, f.Recall, f.F1)
	}
	// The shipped threshold: chosen by cross-validation over all the calls.
	var all []scored
	fs := folds(sets, o.folds)
	for i := range fs {
		m := model.Train("moment", detect.Classes, append(examplesOf(without(fs, i)), extra...), momentOptions)
		all = append(all, predict(m, fs[i])...)
	}
	th := bestThreshold(all)
	m := model.Train("moment", detect.Classes, append(examplesOf(sets), extra...), momentOptions)
	m.Meta = model.Meta{
		Trained:    "go run ./cmd/pushback-train -only moment",
		Data:       []string{"testdata/calls: labelled sales calls, and testdata/train/prospect-bank.jsonl: labelled prospect utterances, both written by the Pushback developers (project licence)"},
		Examples:   n + len(extra),
		Options:    map[string]string{"bits": fmt.Sprint(momentOptions.Bits), "epochs": fmt.Sprint(momentOptions.Epochs), "l2": fmt.Sprint(momentOptions.L2)},
		Thresholds: map[string]float64{"moment": th},
	}
	fmt.Printf("  shipped threshold %.3f\n", th)
	if o.dry {
		return nil
	}
	return writeModel(filepath.Join(o.out, "moment.json"), m)
}

func countGold(cases []*labels.Case) int {
	n := 0
	for _, c := range cases {
		n += len(c.Gold)
	}
	return n
}

func fmtPtr(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *p)
}

func writeModel(path string, m *model.Linear) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// prospectBankLine is a line of testdata/train/prospect-bank.jsonl.
type prospectBankLine struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Context string `json:"context"`
	Moments []struct {
		Quote    string `json:"quote"`
		Category string `json:"category"`
	} `json:"moments"`
}

// prospectBank reads the utterance bank as extra training examples, each
// utterance featurized as a prospect turn after the rep's context line.
func prospectBank(path string) ([]model.Example, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	def, err := playbook.Default()
	if err != nil {
		return nil, err
	}
	set, err := cues.Compile(def)
	if err != nil {
		return nil, err
	}
	f := detect.NewFeaturizer(set, def)
	var ex []model.Example
	for i, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var b prospectBankLine
		if err := json.Unmarshal(line, &b); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
		}
		call := &pushback.Call{}
		if b.Context != "" {
			call.Turns = append(call.Turns, pushback.Turn{Index: 0, Role: pushback.RoleRep, Speaker: "Rep", Text: b.Context})
		}
		call.Turns = append(call.Turns, pushback.Turn{Index: len(call.Turns), Role: pushback.RoleProspect, Speaker: "Prospect", Text: b.Text})
		ti := len(call.Turns) - 1
		for _, c := range detect.TurnCandidates(nil, call, ti) {
			class := 0
			for _, m := range b.Moments {
				if k := strings.Index(b.Text, m.Quote); k >= 0 && c.Start < k+len(m.Quote) && k < c.End {
					class = classIndex(m.Category)
					break
				}
			}
			ex = append(ex, model.Example{Features: append([]model.Feature(nil), f.Features(&c)...), Class: class})
		}
	}
	return ex, nil
}

func classIndex(cat string) int {
	for k, name := range detect.Classes {
		if name == cat {
			return k
		}
	}
	return 0
}
