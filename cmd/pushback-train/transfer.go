package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/tone"
)

// toneTransfer measures how the tone models carry over to a tone bank they
// were not trained on, register by register: first trained without the bank
// at all (a new writer), then with the bank's other registers (a new
// register of a known writer). The bank is our own data, so this is where
// the tone models are developed; the reserved sets are only run to report.
func toneTransfer(c *corpus, path string) error {
	type line struct {
		Register   string `json:"register"`
		Text       string `json:"text"`
		Respectful bool   `json:"respectful"`
		Calm       bool   `json:"calm"`
	}
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	var held []line
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
		held = append(held, l)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	byReg := map[string][]line{}
	var regs []string
	for _, l := range held {
		if byReg[l.Register] == nil {
			regs = append(regs, l.Register)
		}
		byReg[l.Register] = append(byReg[l.Register], l)
	}
	sort.Strings(regs)
	// The training data as the shipped models have it, less the held bank.
	callResp, callCalm := callTone(c.callResp)
	isHeld := map[string]bool{}
	for _, l := range held {
		isHeld[l.Text] = true
	}
	keep := func(ts []toneExample) []toneExample {
		var out []toneExample
		for _, t := range ts {
			if !isHeld[t.text] {
				out = append(out, t)
			}
		}
		return out
	}
	baseResp := concat(weighted(c.pol, politenessWeight), keep(c.toneResp), callResp)
	baseCalm := concat(keep(c.toneCalm), callCalm)
	train := func(name string, data []toneExample) (*model.Linear, float64) {
		ex := c.toneExamples(data)
		if name == "respectful" {
			for i := range ex {
				ex[i].Features = tone.WithoutIntensity(ex[i].Features)
			}
		}
		return model.Train(name, []string{"no", "yes"}, ex, toneOptions), toneThreshold(name, ex, 5)
	}
	bal := func(m *model.Linear, th float64, name string, ls []line) string {
		var b balance
		for _, l := range ls {
			fs := c.toneF.Features(l.Text)
			if name == "respectful" {
				fs = tone.WithoutIntensity(fs)
			}
			gold := l.Respectful
			if name == "calm" {
				gold = l.Calm
			}
			b.add(gold, yesProb(m, fs) >= th)
		}
		if b.pos == 0 || b.neg == 0 {
			return "  -  "
		}
		return fmt.Sprintf("%.3f (yes %.2f no %.2f)", b.accuracy(), b.tp/b.pos, b.tn/b.neg)
	}
	mr, tr := train("respectful", baseResp)
	mc, tc := train("calm", baseCalm)
	fmt.Printf("balanced accuracy on %s, trained without it (thresholds %.3f, %.3f):\n", path, tr, tc)
	for _, r := range regs {
		fmt.Printf("  %-18s %4d  respectful %s  calm %s\n", r, len(byReg[r]), bal(mr, tr, "respectful", byReg[r]), bal(mc, tc, "calm", byReg[r]))
	}
	fmt.Println("trained with its other registers (leave one register out):")
	for _, r := range regs {
		var resp, calm []toneExample
		for _, o := range regs {
			if o == r {
				continue
			}
			for _, l := range byReg[o] {
				resp = append(resp, toneExample{"bank", l.Text, l.Respectful, 1})
				calm = append(calm, toneExample{"bank", l.Text, l.Calm, 1})
			}
		}
		mr, tr := train("respectful", concat(baseResp, resp))
		mc, tc := train("calm", concat(baseCalm, calm))
		fmt.Printf("  %-18s %4d  respectful %s  calm %s\n", r, len(byReg[r]), bal(mr, tr, "respectful", byReg[r]), bal(mc, tc, "calm", byReg[r]))
	}
	return nil
}
