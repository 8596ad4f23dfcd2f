package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/tone"
)

// toneVariant is one way of training the tone models, compared on our own
// data only: cross-validated Wikipedia politeness, each register of the tone
// bank held out in turn, and the labelled calls' responses.
type toneVariant struct {
	name    string
	words   bool
	augment bool    // add source-specific copies of every feature (Daumé's feature augmentation)
	polW    float32 // weight of politeness examples
	opts    model.TrainOptions
}

func toneExperiments(o options, c *corpus) error {
	type reg struct {
		text  string
		reg   string
		resp  bool
		calm  bool
		index int
	}
	var regs []reg
	data, err := os.ReadFile(filepath.Join(o.data, "train", "tone-bank.jsonl"))
	if err != nil {
		return err
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var b struct {
			Register   string `json:"register"`
			Text       string `json:"text"`
			Respectful bool   `json:"respectful"`
			Calm       bool   `json:"calm"`
		}
		if err := json.Unmarshal([]byte(line), &b); err != nil {
			return err
		}
		regs = append(regs, reg{b.Text, b.Register, b.Respectful, b.Calm, i})
	}
	callResp, callCalm := callTone(c.callResp)
	var repResp, repCalm []toneExample
	for _, r := range c.bank {
		if r.respectful != nil {
			repResp = append(repResp, toneExample{"repbank", r.text, *r.respectful, 1})
		}
		if r.calm != nil {
			repCalm = append(repCalm, toneExample{"repbank", r.text, *r.calm, 1})
		}
	}
	variants := []toneVariant{
		{"union+words", true, false, 1, toneOptions},
		{"union, cues only", false, false, 1, toneOptions},
		{"augmented+words", true, true, 1, toneOptions},
		{"augmented, cues only", false, true, 1, toneOptions},
		{"union+words, politeness x0.5", true, false, 0.5, toneOptions},
	}
	for _, v := range variants {
		f := tone.NewFeaturizer(c.toneF.Set(), v.words)
		ex := func(ts []toneExample, train bool) []model.Example {
			out := make([]model.Example, 0, len(ts))
			for _, t := range ts {
				k := 0
				if t.label {
					k = 1
				}
				fs := append([]model.Feature(nil), f.Features(t.text)...)
				if train && v.augment {
					salt := model.HashString("src:" + t.source)
					n := len(fs)
					for i := 0; i < n; i++ {
						fs = append(fs, model.Feature{ID: fs[i].ID ^ salt, Value: fs[i].Value})
					}
				}
				w := t.weight
				if t.source == "politeness" {
					w *= v.polW
				}
				out = append(out, model.Example{Features: fs, Class: k, Weight: w})
			}
			return out
		}
		bal := func(m *model.Linear, test []toneExample) float64 {
			var b balance
			for _, e := range ex(test, false) {
				b.add(e.Class == 1, yesProb(m, e.Features) >= 0.5)
			}
			return b.accuracy()
		}
		var line []string
		// Politeness, 5-fold.
		sum := 0.0
		for k := 0; k < 5; k++ {
			var tr, te []toneExample
			for i, t := range c.pol {
				if i%5 == k {
					te = append(te, t)
				} else {
					tr = append(tr, t)
				}
			}
			bank := make([]toneExample, 0, len(regs))
			for _, r := range regs {
				bank = append(bank, toneExample{"bank", r.text, r.resp, 1})
			}
			m := model.Train("r", []string{"no", "yes"}, ex(concat(tr, bank, repResp, callResp), true), v.opts)
			sum += bal(m, te)
		}
		line = append(line, fmt.Sprintf("politeness-cv %.3f", sum/5))
		for _, held := range []string{"wiki-talk", "forum", "debate", "qa-site"} {
			var trR, teR, trC, teC []toneExample
			for _, r := range regs {
				if r.reg == held {
					teR = append(teR, toneExample{"bank", r.text, r.resp, 1})
					teC = append(teC, toneExample{"bank", r.text, r.calm, 1})
				} else {
					trR = append(trR, toneExample{"bank", r.text, r.resp, 1})
					trC = append(trC, toneExample{"bank", r.text, r.calm, 1})
				}
			}
			mr := model.Train("r", []string{"no", "yes"}, ex(concat(c.pol, trR, repResp, callResp), true), v.opts)
			mc := model.Train("c", []string{"no", "yes"}, ex(concat(trC, repCalm, callCalm), true), v.opts)
			line = append(line, fmt.Sprintf("%s resp %.3f calm %.3f", held, bal(mr, teR), bal(mc, teC)))
		}
		bankR := make([]toneExample, 0, len(regs))
		bankC := make([]toneExample, 0, len(regs))
		for _, r := range regs {
			bankR = append(bankR, toneExample{"bank", r.text, r.resp, 1})
			bankC = append(bankC, toneExample{"bank", r.text, r.calm, 1})
		}
		mr := model.Train("r", []string{"no", "yes"}, ex(concat(c.pol, bankR, repResp), true), v.opts)
		mc := model.Train("c", []string{"no", "yes"}, ex(concat(bankC, repCalm), true), v.opts)
		line = append(line, fmt.Sprintf("calls resp %.3f calm %.3f", bal(mr, callResp), bal(mc, callCalm)))
		fmt.Printf("%-32s %s\n", v.name, strings.Join(line, " | "))
	}
	return nil
}
