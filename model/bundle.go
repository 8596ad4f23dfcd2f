package model

import (
	"fmt"
	"math"
	"sync"
)

// Bundle evaluates several binary models over the same feature vector in
// one pass. Each bucket's weights sit side by side, one per model (the
// difference between the "yes" and "no" weights, which is all a two-class
// softmax depends on), so a feature costs one memory access for every model.
type Bundle struct {
	bits   uint
	n      int       // models
	dense  []float32 // bucket*n + model
	bias   []float64
	models []*Linear
}

// NewBundle combines binary models that share a feature space.
func NewBundle(ms ...*Linear) (*Bundle, error) {
	if len(ms) == 0 {
		return nil, fmt.Errorf("empty bundle")
	}
	b := &Bundle{bits: ms[0].Bits, n: len(ms), models: ms}
	for _, m := range ms {
		if len(m.Classes) != 2 {
			return nil, fmt.Errorf("bundle: model %s has %d classes, want 2", m.Name, len(m.Classes))
		}
		if m.Bits != b.bits {
			return nil, fmt.Errorf("bundle: model %s has %d bits, want %d", m.Name, m.Bits, b.bits)
		}
		b.bias = append(b.bias, float64(m.Bias[1]-m.Bias[0]))
	}
	b.dense = floats((1 << b.bits) * b.n)
	for i, m := range ms {
		if m.packed != nil && m.dense == nil {
			m.packed.fill(b.dense, 2, b.n, i, 0)
			continue
		}
		m.eachRow(func(bucket uint32, w []float32) {
			b.dense[int(bucket)*b.n+i] = w[1] - w[0]
		})
	}
	return b, nil
}

// Yes computes each model's probability of "yes" into out.
func (b *Bundle) Yes(fs []Feature, out []float64) []float64 {
	out = append(out[:0], b.bias...)
	mask := uint32(1<<b.bits - 1)
	n := b.n
	// The judge's four models and the two tone models are summed in
	// registers, as in dot4.
	switch n {
	case 4:
		out[0], out[1], out[2], out[3] = dot4(b.dense, mask, fs, out[0], out[1], out[2], out[3])
		fs = nil
	case 2:
		a0, a1 := out[0], out[1]
		for _, f := range fs {
			i := int(f.ID&mask) * 2
			row := b.dense[i : i+2 : i+2]
			v := f.Value
			a0 += float64(row[0] * v)
			a1 += float64(row[1] * v)
		}
		out[0], out[1] = a0, a1
		fs = nil
	}
	for _, f := range fs {
		row := b.dense[int(f.ID&mask)*n : int(f.ID&mask)*n+n]
		v := f.Value
		for i, w := range row {
			out[i] += float64(w * v)
		}
	}
	for i, z := range out {
		out[i] = 1 / (1 + math.Exp(-z))
	}
	return out
}

// Model returns the i-th model of the bundle.
func (b *Bundle) Model(i int) *Linear { return b.models[i] }

var bundles sync.Map // key: the models' addresses -> *Bundle

// SharedBundle is NewBundle, built once per set of models and shared:
// engines made for many playbooks over the same models share one table.
func SharedBundle(ms ...*Linear) (*Bundle, error) {
	key := ""
	for _, m := range ms {
		key += fmt.Sprintf("%p,", m)
	}
	if b, ok := bundles.Load(key); ok {
		return b.(*Bundle), nil
	}
	b, err := NewBundle(ms...)
	if err != nil {
		return nil, err
	}
	actual, _ := bundles.LoadOrStore(key, b)
	return actual.(*Bundle), nil
}
