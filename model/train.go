package model

import (
	"math"
	"math/rand/v2"
)

// Example is one training example: features, the gold class and a weight.
type Example struct {
	Features []Feature
	Class    int
	Weight   float32 // 0 means 1
}

// TrainOptions control training.
type TrainOptions struct {
	Bits         uint    // feature space 1<<Bits buckets (default 18)
	Epochs       int     // passes over the data (default 30)
	LearningRate float64 // AdaGrad base rate (default 0.2)
	L2           float64 // L2 penalty per example (default 1e-5)
	Seed         uint64  // shuffling seed (default 1)
	BalanceClass bool    // weight classes inversely to their frequency
}

func (o *TrainOptions) defaults() {
	if o.Bits == 0 {
		o.Bits = 18
	}
	if o.Epochs == 0 {
		o.Epochs = 30
	}
	if o.LearningRate == 0 {
		o.LearningRate = 0.2
	}
	if o.L2 == 0 {
		o.L2 = 1e-5
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
}

// Train fits a multinomial logistic regression by stochastic gradient
// descent with AdaGrad step sizes and L2 regularisation, visiting the
// examples in a seeded random order: the same inputs give the same model.
func Train(name string, classes []string, data []Example, opt TrainOptions) *Linear {
	opt.defaults()
	k := len(classes)
	dim := 1 << opt.Bits
	w := make([]float64, dim*k)
	g2 := make([]float64, dim*k)
	bias := make([]float64, k)
	bg2 := make([]float64, k)

	classW := make([]float64, k)
	for c := range classW {
		classW[c] = 1
	}
	if opt.BalanceClass {
		counts := make([]float64, k)
		for _, e := range data {
			counts[e.Class]++
		}
		for c := range classW {
			if counts[c] > 0 {
				classW[c] = float64(len(data)) / (float64(k) * counts[c])
			}
		}
	}

	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	z := make([]float64, k)
	mask := uint32(dim - 1)
	const eps = 1e-8
	for epoch := 0; epoch < opt.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			e := &data[idx]
			ew := float64(e.Weight)
			if ew == 0 {
				ew = 1
			}
			ew *= classW[e.Class]
			for c := 0; c < k; c++ {
				z[c] = bias[c]
			}
			for _, f := range e.Features {
				row := int(f.ID&mask) * k
				for c := 0; c < k; c++ {
					z[c] += w[row+c] * float64(f.Value)
				}
			}
			softmax(z)
			for c := 0; c < k; c++ {
				grad := z[c]
				if c == e.Class {
					grad -= 1
				}
				grad *= ew
				bg2[c] += grad * grad
				bias[c] -= opt.LearningRate * grad / (math.Sqrt(bg2[c]) + eps)
				for _, f := range e.Features {
					i := int(f.ID&mask)*k + c
					gi := grad*float64(f.Value) + opt.L2*w[i]
					g2[i] += gi * gi
					w[i] -= opt.LearningRate * gi / (math.Sqrt(g2[i]) + eps)
				}
			}
		}
	}
	m := &Linear{Name: name, Classes: classes, Bits: opt.Bits, Bias: make([]float32, k), Weights: map[uint32][]float32{}}
	for c := range bias {
		m.Bias[c] = float32(bias[c])
	}
	for b := 0; b < dim; b++ {
		row := w[b*k : b*k+k]
		nz := false
		for _, v := range row {
			if math.Abs(v) > 1e-6 {
				nz = true
			}
		}
		if nz {
			ws := make([]float32, k)
			for c, v := range row {
				ws[c] = float32(v)
			}
			m.Weights[uint32(b)] = ws
		}
	}
	m.densify()
	return m
}
