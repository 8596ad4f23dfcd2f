package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"

	"github.com/pushback-coach/pushback/model"
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

func balancedAccuracy(m *model.Linear, f *tone.Featurizer, test []toneExample) float64 {
	var b balance
	for _, t := range test {
		b.add(t.label, yesProb(m, f.Features(t.text)) >= 0.5)
	}
	return b.accuracy()
}

// balance tallies binary verdicts against gold labels for balanced accuracy.
type balance struct{ tp, tn, pos, neg float64 }

func (b *balance) add(gold, got bool) {
	if gold {
		b.pos++
		if got {
			b.tp++
		}
	} else {
		b.neg++
		if !got {
			b.tn++
		}
	}
}

// accuracy is the mean of the recalls of yes and no (0 without both).
func (b *balance) accuracy() float64 {
	if b.pos == 0 || b.neg == 0 {
		return 0
	}
	return (b.tp/b.pos + b.tn/b.neg) / 2
}
