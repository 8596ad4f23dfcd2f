package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/tone"
)

var toneOptions = model.TrainOptions{Bits: 18, Epochs: 15, LearningRate: 0.05, L2: 1e-4, Seed: 13}

// toneWords says whether the tone models use word n-grams beside the cues.
const toneWords = true

type toneExample struct {
	source string
	text   string
	label  bool
	weight float32
}

// politenessExamples reads the Stanford Politeness Corpus (Wikipedia file):
// the top quartile of the normalised score is polite (respectful), the
// bottom quartile impolite, the middle half is dropped, as in the paper.
func politenessExamples(path string) ([]toneExample, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	type row struct {
		text  string
		score float64
	}
	var rows []row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		s, err := strconv.ParseFloat(rec[col["Normalized Score"]], 64)
		if err != nil {
			continue
		}
		rows = append(rows, row{rec[col["Request"]], s})
	}
	scores := make([]float64, len(rows))
	for i, x := range rows {
		scores[i] = x.score
	}
	sort.Float64s(scores)
	q25, q75 := scores[len(scores)/4], scores[len(scores)*3/4]
	var out []toneExample
	for _, x := range rows {
		switch {
		case x.score >= q75:
			out = append(out, toneExample{"politeness", x.text, true, 1})
		case x.score <= q25:
			out = append(out, toneExample{"politeness", x.text, false, 1})
		}
	}
	return out, nil
}

type toneBankLine struct {
	Text       string `json:"text"`
	Respectful bool   `json:"respectful"`
	Calm       bool   `json:"calm"`
}

func toneBank(path string) (resp, calm []toneExample, err error) {
	fh, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		var b toneBankLine
		if err := json.Unmarshal(sc.Bytes(), &b); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		resp = append(resp, toneExample{"bank", b.Text, b.Respectful, 1})
		calm = append(calm, toneExample{"bank", b.Text, b.Calm, 1})
	}
	return resp, calm, sc.Err()
}

func trainTone(o options, cases []*labels.Case) error {
	def, err := playbook.Default()
	if err != nil {
		return err
	}
	set, err := cues.Compile(def)
	if err != nil {
		return err
	}
	pol, err := politenessExamples(filepath.Join(o.data, "train", "politeness-wikipedia.csv"))
	if err != nil {
		return err
	}
	bankResp, bankCalm, err := toneBank(filepath.Join(o.data, "train", "tone-bank.jsonl"))
	if err != nil {
		return err
	}
	var callResp, callCalm []toneExample
	for _, r := range callResponses(set, cases) {
		if r.respectful != nil {
			callResp = append(callResp, toneExample{"calls", r.text, *r.respectful, 2})
		}
		if r.calm != nil {
			callCalm = append(callCalm, toneExample{"calls", r.text, *r.calm, 2})
		}
	}
	repBank, err := bankResponses(set, filepath.Join(o.data, "train", "rep-bank.jsonl"))
	if err != nil {
		return err
	}
	for _, r := range repBank {
		if r.respectful != nil {
			bankResp = append(bankResp, toneExample{"repbank", r.text, *r.respectful, 1})
		}
		if r.calm != nil {
			bankCalm = append(bankCalm, toneExample{"repbank", r.text, *r.calm, 1})
		}
	}
	f := tone.NewFeaturizer(set, toneWords)
	toEx := func(ts []toneExample) []model.Example {
		var ex []model.Example
		for _, t := range ts {
			c := 0
			if t.label {
				c = 1
			}
			ex = append(ex, model.Example{Features: append([]model.Feature(nil), f.Features(t.text)...), Class: c, Weight: t.weight})
		}
		return ex
	}
	fmt.Printf("tone models: %d politeness (Wikipedia), %d+%d respectful and %d+%d calm (banks + calls)\n", len(pol), len(bankResp), len(callResp), len(bankCalm), len(callCalm))
	// Cross-domain checks on our own data only: train without a source,
	// test on it (the reserved sets are measured by cmd/pushback-measure).
	report := func(name string, train, test []toneExample) {
		if len(test) == 0 {
			return
		}
		m := model.Train(name, []string{"no", "yes"}, toEx(train), toneOptions)
		fmt.Printf("  %-10s trained without %-10s balanced accuracy on it: %.3f (%d)\n", name, test[0].source, balancedAccuracy(m, f, test), len(test))
	}
	report("respectful", append(append([]toneExample{}, bankResp...), callResp...), pol)
	report("respectful", append(append([]toneExample{}, pol...), callResp...), bankResp)
	report("respectful", append(append([]toneExample{}, pol...), bankResp...), callResp)
	report("calm", callCalm, bankCalm)
	report("calm", bankCalm, callCalm)

	for _, spec := range []struct {
		name string
		data []toneExample
		desc []string
	}{
		{"respectful", append(append(append([]toneExample{}, pol...), bankResp...), callResp...), []string{
			"testdata/train/politeness-wikipedia.csv: Stanford Politeness Corpus, Wikipedia requests (Danescu-Niculescu-Mizil et al., ACL 2013); text CC BY-SA (Wikipedia), see NOTICE",
			"testdata/train/tone-bank.jsonl, rep-bank.jsonl and testdata/calls: written by the Pushback developers (project licence)"}},
		{"calm", append(append([]toneExample{}, bankCalm...), callCalm...), []string{
			"testdata/train/tone-bank.jsonl, rep-bank.jsonl and testdata/calls: written by the Pushback developers (project licence)"}},
	} {
		m := model.Train(spec.name, []string{"no", "yes"}, toEx(spec.data), toneOptions)
		m.Meta = model.Meta{Trained: "go run ./cmd/pushback-train -only tone", Data: spec.desc, Examples: len(spec.data),
			Options: map[string]string{"words": strconv.FormatBool(toneWords)}}
		if !o.dry {
			if err := writeModel(filepath.Join(o.out, "tone-"+spec.name+".json"), m); err != nil {
				return err
			}
		}
	}
	return nil
}

func balancedAccuracy(m *model.Linear, f *tone.Featurizer, test []toneExample) float64 {
	var tp, tn, pos, neg float64
	for _, t := range test {
		p := yesProb(m, f.Features(t.text)) >= 0.5
		if t.label {
			pos++
			if p {
				tp++
			}
		} else {
			neg++
			if !p {
				tn++
			}
		}
	}
	if pos == 0 || neg == 0 {
		return 0
	}
	return (tp/pos + tn/neg) / 2
}
