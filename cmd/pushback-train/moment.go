package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
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
	aug   []model.Example // the same call unpunctuated (labels.Case.Unpunctuated), for training only
}

func loadCases(dir string) ([]*labels.Case, error) {
	cases, err := labels.LoadDir(dir, nil)
	if err != nil {
		return nil, err
	}
	return cases, nil
}

// unpunctuatedCopies returns each case as speech-to-text without punctuation
// writes it (nil where a gold quote would be lost), made once for every
// model that trains on them.
func unpunctuatedCopies(cases []*labels.Case) []*labels.Case {
	out := make([]*labels.Case, len(cases))
	for i, c := range cases {
		if u, ok := c.Unpunctuated(); ok {
			out[i] = u
		}
	}
	return out
}

// featurize builds the examples of every case, and of its unpunctuated copy
// (copies[i], when not nil), with its own playbook.
func featurize(cases, copies []*labels.Case) ([]candidateSet, error) {
	sets := map[string]*cues.Set{}
	var out []candidateSet
	for i, c := range cases {
		set, ok := sets[c.Playbook.Version]
		if !ok {
			var err error
			if set, err = detect.CompileCues(c.Playbook); err != nil {
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
		if u := copies[i]; u != nil {
			for _, cand := range detect.Candidates(u.Call) {
				fs := f.Features(&cand)
				cs.aug = append(cs.aug, model.Example{Features: append([]model.Feature(nil), fs...), Class: goldClass(u, &cand), Weight: unpunctuatedWeight})
			}
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
		ex = append(ex, s.aug...)
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
// them against the gold labels. As the detector does, moments on
// neighbouring candidates of a turn are one moment quoting both
// (detect.JoinAdjacent).
func evaluate(sc []scored, threshold float64) eval.Counts {
	// found is a case's moments; its last turn's are ms[base:], at spans.
	type found struct {
		ms    []pushback.Moment
		base  int
		spans []detect.QuoteSpan
	}
	join := func(cs *candidateSet, f *found) {
		if len(f.spans) > 0 {
			text := cs.c.Call.Turns[f.ms[f.base].Turn].Text
			f.ms = detect.JoinAdjacent(f.ms, f.base, f.spans, text)
		}
		f.base, f.spans = len(f.ms), f.spans[:0]
	}
	byCase := map[*candidateSet]*found{}
	var order []*candidateSet
	for _, s := range sc {
		f := byCase[s.set]
		if f == nil {
			f = &found{}
			order = append(order, s.set)
			byCase[s.set] = f
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
		if len(f.spans) > 0 && f.ms[f.base].Turn != cand.Turn {
			join(s.set, f)
		}
		f.spans = append(f.spans, detect.QuoteSpan{Start: cand.Start, End: cand.End, Cand: s.i})
		f.ms = append(f.ms, pushback.Moment{Turn: cand.Turn, Quote: cand.Text, Category: pushback.Category(detect.Classes[best]), Confidence: 1 - s.probs[0]})
	}
	var total eval.Counts
	for _, cs := range order {
		f := byCase[cs]
		join(cs, f)
		k, _ := eval.Compare(cs.c, f.ms)
		total.Add(k)
	}
	return total
}

// bestThreshold picks the moment threshold from scored candidates: the
// highest whose F1 is within nearTie of the best.
func bestThreshold(sc []scored) float64 {
	var ts, f1 []float64
	bestF := -1.0
	for t := 0.05; t <= 0.80001; t += 0.025 {
		r := evaluate(sc, t).Result("")
		ts, f1 = append(ts, t), append(f1, r.F1)
		bestF = max(bestF, r.F1)
	}
	if thresholdCurve != nil {
		for i := range ts {
			if i%2 == 0 && ts[i] >= 0.2 && ts[i] <= 0.7 {
				fmt.Fprintf(thresholdCurve, " %.2f:%.3f", ts[i], f1[i])
			}
		}
		fmt.Fprintln(thresholdCurve)
	}
	// Pooled F1 is flat over a wide band of thresholds, and where it is the
	// highest of them wins: among near ties, fewer false alarms.
	best := 0.5
	for i := range ts {
		if f1[i] >= bestF-nearTie {
			best = ts[i]
		}
	}
	return best
}

// nearTie is how far below the best cross-validated F1 a threshold may score
// and still be chosen, when it is higher.
const nearTie = 0.005

// thresholdCurve, when set, gets the cross-validated F1 by threshold.
var thresholdCurve io.Writer

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

// writerFolds splits sets into k folds by writer: each writer's set (the
// letters of a call's name) falls whole into one fold, the sets dealt in
// turn in name order.
func writerFolds(sets []candidateSet, k int) [][]candidateSet {
	var names []string
	fold := map[string]int{}
	for _, s := range sets {
		w := setOf(s.c.Name)
		if _, ok := fold[w]; !ok {
			fold[w] = 0
			names = append(names, w)
		}
	}
	sort.Strings(names)
	for i, w := range names {
		fold[w] = i % k
	}
	out := make([][]candidateSet, k)
	for _, s := range sets {
		out[fold[setOf(s.c.Name)]] = append(out[fold[setOf(s.c.Name)]], s)
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

func countCandidates(sets []candidateSet) int {
	n := 0
	for _, s := range sets {
		n += len(s.ex)
	}
	return n
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

// writeModel writes the binary form of m to path and returns it.
func writeModel(path string, m *model.Linear) ([]byte, error) {
	b, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return b, os.WriteFile(path, b, 0o644)
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
	set, err := detect.CompileCues(def)
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

// callAdjusted returns the candidates' probabilities as the detector reads
// them in a call (detect.CallThreshold): moved by the call's share of
// moments, estimated from the mean probability of its candidates, shrunk
// toward prior with k pseudo-candidates; causal, over the candidates of the
// turns up to each candidate's (else over the whole call). A threshold on
// these is the detector's threshold.
func callAdjusted(sc []scored, prior, k float64, causal bool) []scored {
	byCall, out := byCallCopy(sc)
	for set, idx := range byCall {
		sum, n := 0.0, 0
		if !causal {
			for _, i := range idx {
				sum += 1 - sc[i].probs[0]
				n++
			}
		}
		j := 0
		for _, i := range idx {
			if causal {
				turn := set.cands[sc[i].i].Turn
				for j < len(idx) && set.cands[sc[idx[j]].i].Turn <= turn {
					sum += 1 - sc[idx[j]].probs[0]
					n++
					j++
				}
			}
			pi := (sum + k*prior) / (float64(n) + k)
			pi = min(max(pi, 1e-4), 1-1e-4)
			p := 1 - sc[i].probs[0]
			a := p * pi / prior
			b := (1 - p) * (1 - pi) / (1 - prior)
			out[i].probs = withMomentProb(sc[i].probs, a/(a+b))
		}
	}
	return out
}

// trainPrior is the share of candidates that are moments.
func trainPrior(sets []candidateSet) float64 {
	g, n := 0, 0
	for _, s := range sets {
		for _, e := range s.ex {
			if e.Class != 0 {
				g++
			}
			n++
		}
	}
	return float64(g) / float64(n)
}

// withMomentProb returns a copy of probs in which the moment classes
// together hold adj, in the same proportions among themselves.
func withMomentProb(probs []float64, adj float64) []float64 {
	out := append([]float64(nil), probs...)
	scale := 0.0
	if p := 1 - probs[0]; p > 0 {
		scale = adj / p
	}
	for c := 1; c < len(out); c++ {
		out[c] *= scale
	}
	out[0] = 1 - adj
	return out
}

// byCallCopy returns the indexes of sc's candidates by call, in order, and
// a copy of sc to adjust.
func byCallCopy(sc []scored) (map[*candidateSet][]int, []scored) {
	byCall := map[*candidateSet][]int{}
	for i, s := range sc {
		byCall[s.set] = append(byCall[s.set], i)
	}
	return byCall, append([]scored(nil), sc...)
}
