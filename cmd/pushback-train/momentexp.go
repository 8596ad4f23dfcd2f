package main

import (
	"fmt"
	"sort"

	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/model"
)

// momentVariant is one way of training the moment model, compared by
// leaving groups of writers' sets out.
type momentVariant struct {
	name      string
	opts      model.TrainOptions
	wordScale float32 // multiplies the word features (value wordValue) by this
}

// momentExperiments compares moment-model variants, leaving out groups of
// writers' sets in turn (each set held out once), and prints F1 by
// threshold: pooled over all sets, over the dense ones and over the quarter
// of sets with the fewest moments per candidate, the mean over sets and the
// lowest set. Each variant is also read through the call's own threshold
// (detect.CallThreshold; full EM and one step over the whole call, and the
// causal one step the detector uses), at several prior weights. It trains
// the moment model only, and scores its candidates as the threshold choice
// does, without the engine's quote joins and rescues. With -errors, the
// misses and false alarms at 0.5 go to the file.
func momentExperiments(c *corpus, groups int, variants []momentVariant) {
	bySet := map[string][]int{}
	var names []string
	for i, s := range c.sets {
		k := setOf(s.c.Name)
		if _, ok := bySet[k]; !ok {
			names = append(names, k)
		}
		bySet[k] = append(bySet[k], i)
	}
	sort.Strings(names)
	density := map[string]float64{}
	for _, k := range names {
		g, n := 0, 0
		for _, i := range bySet[k] {
			g += len(c.sets[i].c.Gold)
			n += len(c.sets[i].ex)
		}
		density[k] = float64(g) / float64(n)
	}
	bydens := append([]string(nil), names...)
	sort.Slice(bydens, func(i, j int) bool { return density[bydens[i]] < density[bydens[j]] })
	sparse := map[string]bool{}
	for _, k := range bydens[:len(bydens)/4] {
		sparse[k] = true
	}
	fmt.Printf("sparse sets (fewest moments per candidate): %v\n", bydens[:len(bydens)/4])
	ths := []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7}
	for _, v := range variants {
		var sc []scored
		for g := 0; g < groups; g++ {
			held := map[int]bool{}
			for j, k := range names {
				if j%groups == g {
					for _, i := range bySet[k] {
						held[i] = true
					}
				}
			}
			var ex []model.Example
			var test []candidateSet
			for i, s := range c.sets {
				if held[i] {
					test = append(test, s)
					continue
				}
				ex = append(ex, scaleWords(s.ex, v.wordScale)...)
				ex = append(ex, scaleWords(s.aug, v.wordScale)...)
			}
			ex = append(ex, scaleWords(c.prospect, v.wordScale)...)
			m := model.Train("moment", detect.Classes, ex, v.opts)
			for k := range test {
				test[k].ex = scaleWords(test[k].ex, v.wordScale)
			}
			sc = append(sc, predict(m, test)...)
		}
		if errLog != nil {
			for _, s := range sc {
				gold := s.set.ex[s.i].Class
				p := 1 - s.probs[0]
				if p >= 0.5 && gold == 0 || p < 0.5 && gold != 0 {
					fmt.Fprintf(errLog, "%s\t%v\t%.2f\t%d\t%s\t%q\n", v.name, sparse[setOf(s.set.c.Name)], p, gold, s.set.c.Name, s.set.cands[s.i].Text)
				}
			}
		}
		report(v.name, sc, ths, sparse)
		for _, k := range []float64{40, 20, 10} {
			adj := priorShift(sc, trainPrior(c.sets), k)
			report(fmt.Sprintf("  prior shift k=%g", k), adj, ths, sparse)
			report(fmt.Sprintf("  one step k=%g", k), callAdjusted(sc, trainPrior(c.sets), k, false), ths, sparse)
			report(fmt.Sprintf("  causal one step k=%g", k), callAdjusted(sc, trainPrior(c.sets), k, true), ths, sparse)
		}
	}
}

// priorShift re-estimates each call's share of moments from the model's
// probabilities (EM, Saerens et al. 2002), shrunk toward the training prior
// with k pseudo-candidates, and returns the probabilities adjusted to it.
func priorShift(sc []scored, prior, k float64) []scored {
	byCall, out := byCallCopy(sc)
	for _, idx := range byCall {
		pi := prior
		adj := make([]float64, len(idx))
		for it := 0; it < 20; it++ {
			sum := 0.0
			for j, i := range idx {
				p := 1 - sc[i].probs[0]
				a := p * pi / prior
				b := (1 - p) * (1 - pi) / (1 - prior)
				adj[j] = a / (a + b)
				sum += adj[j]
			}
			pi = (sum + k*prior) / (float64(len(idx)) + k)
		}
		for j, i := range idx {
			out[i].probs = withMomentProb(sc[i].probs, adj[j])
		}
	}
	return out
}

// scaleWords returns examples with the word features (value wordValue)
// multiplied by s; the same examples when s is 0 or 1.
func scaleWords(ex []model.Example, s float32) []model.Example {
	if s == 0 || s == 1 {
		return ex
	}
	out := make([]model.Example, len(ex))
	for i, e := range ex {
		fs := make([]model.Feature, len(e.Features))
		for j, f := range e.Features {
			if f.Value == 0.15 {
				f.Value *= s
			}
			fs[j] = f
		}
		e.Features = fs
		out[i] = e
	}
	return out
}

// report prints, by threshold, pooled F1 over all sets, the dense and the
// sparse ones, and the mean and the lowest F1 of a set.
func report(name string, sc []scored, ths []float64, sparse map[string]bool) {
	fmt.Println(name + "   (all / dense / sparse / mean of sets / min)")
	bySet := map[string][]scored{}
	var dense, sp []scored
	for _, s := range sc {
		k := setOf(s.set.c.Name)
		bySet[k] = append(bySet[k], s)
		if sparse[k] {
			sp = append(sp, s)
		} else {
			dense = append(dense, s)
		}
	}
	for _, t := range ths {
		sum, lo := 0.0, 1.0
		for _, x := range bySet {
			f := evaluate(x, t).Result("").F1
			sum += f
			lo = min(lo, f)
		}
		fmt.Printf("    %.2f: %.3f %.3f %.3f %.3f %.3f\n", t, evaluate(sc, t).Result("").F1, evaluate(dense, t).Result("").F1,
			evaluate(sp, t).Result("").F1, sum/float64(len(bySet)), lo)
	}
}
