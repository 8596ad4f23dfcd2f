package model_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/model"
)

func feats(words ...string) []model.Feature {
	var fs []model.Feature
	for _, w := range words {
		fs = append(fs, model.Feature{ID: model.HashString(w), Value: 1})
	}
	return fs
}

func TestTrainSeparatesClasses(t *testing.T) {
	var data []model.Example
	for i := 0; i < 50; i++ {
		data = append(data,
			model.Example{Features: feats("will", "price", "you"), Class: 1},
			model.Example{Features: feats("thanks", "great"), Class: 0},
			model.Example{Features: feats("never", "all", "same"), Class: 2},
		)
	}
	m := model.Train("t", []string{"none", "future", "general"}, data, model.TrainOptions{Bits: 10, Epochs: 5})
	for want, fs := range map[int][]model.Feature{1: feats("will", "price"), 0: feats("thanks"), 2: feats("all", "same")} {
		p := m.Probs(fs, nil)
		best := 0
		for c := range p {
			if p[c] > p[best] {
				best = c
			}
		}
		if best != want {
			t.Errorf("class of %v = %d (%v), want %d", fs, best, p, want)
		}
	}
	// Deterministic, and survives a JSON round trip.
	m2 := model.Train("t", []string{"none", "future", "general"}, data, model.TrainOptions{Bits: 10, Epochs: 5})
	a, _ := json.Marshal(m)
	b, _ := json.Marshal(m2)
	if string(a) != string(b) {
		t.Fatal("training is not deterministic")
	}
	var m3 model.Linear
	if err := json.Unmarshal(a, &m3); err != nil {
		t.Fatal(err)
	}
	p1 := m.Probs(feats("will", "price"), nil)
	p3 := m3.Probs(feats("will", "price"), nil)
	for c := range p1 {
		if d := p1[c] - p3[c]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("round trip changed probabilities: %v vs %v", p1, p3)
		}
	}
}

func TestUnmarshalRejectsBadModels(t *testing.T) {
	for _, s := range []string{`{}`, `{"classes":["a","b"],"bias":[0],"bits":4}`, `{"classes":["a","b"],"bias":[0,0],"bits":4,"buckets":[1],"values":[]}`} {
		var m model.Linear
		if err := json.Unmarshal([]byte(s), &m); err == nil {
			t.Errorf("accepted %s", s)
		}
	}
}

func TestBundleMatchesModels(t *testing.T) {
	var data []model.Example
	for i := 0; i < 30; i++ {
		data = append(data, model.Example{Features: feats("yes", "sure"), Class: 1}, model.Example{Features: feats("no", "never"), Class: 0})
	}
	var ms []*model.Linear
	for seed := uint64(1); seed <= 5; seed++ {
		ms = append(ms, model.Train("m", []string{"no", "yes"}, data, model.TrainOptions{Bits: 8, Epochs: 3, Seed: seed}))
	}
	// Bundles of two and four models have their own loops; check every size.
	for n := 1; n <= len(ms); n++ {
		bundle, err := model.NewBundle(ms[:n]...)
		if err != nil {
			t.Fatal(err)
		}
		fs := feats("yes", "maybe", "sure")
		got := bundle.Yes(fs, nil)
		for i, m := range ms[:n] {
			want := m.Probs(fs, nil)[1]
			if d := got[i] - want; d > 1e-5 || d < -1e-5 {
				t.Errorf("bundle of %d, model %d: bundle %v, model %v", n, i, got[i], want)
			}
		}
	}
	if _, err := model.NewBundle(ms[0], model.Train("c", []string{"x", "y", "z"}, nil, model.TrainOptions{Bits: 8})); err == nil {
		t.Error("bundled a three-class model")
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	var data []model.Example
	for i := 0; i < 20; i++ {
		data = append(data, model.Example{Features: feats("a", "b"), Class: 1}, model.Example{Features: feats("c"), Class: 0})
	}
	m := model.Train("t", []string{"no", "yes"}, data, model.TrainOptions{Bits: 10, Epochs: 3})
	m.Meta.Thresholds = map[string]float64{"yes": 0.4}
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var m2 model.Linear
	if err := m2.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if m2.Name != "t" || m2.Meta.Thresholds["yes"] != 0.4 || len(m2.Rows()) != len(m.Rows()) {
		t.Fatalf("round trip: %+v", m2)
	}
	if p, q := m.Probs(feats("a"), nil)[1], m2.Probs(feats("a"), nil)[1]; p != q {
		t.Fatalf("probabilities differ: %v %v", p, q)
	}
	for _, bad := range [][]byte{nil, []byte("PBM1"), append([]byte("PBM1\xff\xff\xff\x7f"), 1), b[:len(b)-3]} {
		var x model.Linear
		if err := x.UnmarshalBinary(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// A model read from its binary form keeps its rows packed and lays out its
// table on first use; read without a copy (UnmarshalShared) it reads the
// caller's bytes. Either way it, and a bundle built from it without a table,
// must score as the trained model does.
func TestPackedModelsScoreAsTrained(t *testing.T) {
	var data []model.Example
	for i := 0; i < 30; i++ {
		data = append(data, model.Example{Features: feats("yes", "sure"), Class: 1}, model.Example{Features: feats("no", "never"), Class: 0})
	}
	var trained, read, shared []*model.Linear
	for seed := uint64(1); seed <= 4; seed++ {
		m := model.Train("m", []string{"no", "yes"}, data, model.TrainOptions{Bits: 8, Epochs: 3, Seed: seed})
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r, s model.Linear
		if err := r.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if err := s.UnmarshalShared(b); err != nil {
			t.Fatal(err)
		}
		trained, read, shared = append(trained, m), append(read, &r), append(shared, &s)
	}
	fs := feats("yes", "maybe", "never")
	// Bundles first: they must not need the models' own tables.
	want, err := model.NewBundle(trained...)
	if err != nil {
		t.Fatal(err)
	}
	for _, ms := range [][]*model.Linear{read, shared} {
		b, err := model.NewBundle(ms...)
		if err != nil {
			t.Fatal(err)
		}
		got, exp := b.Yes(fs, nil), want.Yes(fs, nil)
		for i := range got {
			if got[i] != exp[i] {
				t.Errorf("bundle of read models, model %d: %v, want %v", i, got[i], exp[i])
			}
		}
	}
	for i, m := range trained {
		p := m.Probs(fs, nil)
		for _, r := range []*model.Linear{read[i], shared[i]} {
			if q := r.Probs(fs, nil); q[0] != p[0] || q[1] != p[1] {
				t.Errorf("model %d read back: %v, want %v", i, q, p)
			}
			if w, v := r.Weight(model.HashString("yes"), 1), m.Weight(model.HashString("yes"), 1); w != v {
				t.Errorf("model %d read back: weight %v, want %v", i, w, v)
			}
			if len(r.Rows()) != len(m.Rows()) {
				t.Errorf("model %d read back: %d rows, want %d", i, len(r.Rows()), len(m.Rows()))
			}
		}
	}
	// UnmarshalBinary copies: changing the bytes afterwards changes nothing.
	b, _ := trained[0].MarshalBinary()
	var c model.Linear
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	for i := len(b) - 8; i < len(b); i++ {
		b[i] ^= 0x55
	}
	if q, p := c.Probs(fs, nil), trained[0].Probs(fs, nil); q[1] != p[1] {
		t.Errorf("UnmarshalBinary kept the caller's bytes: %v, want %v", q, p)
	}
}

// Rows out of order (a damaged or hand-made file) are an error, not a model
// that silently scores wrong.
func TestUnmarshalRejectsRowsOutOfOrder(t *testing.T) {
	var data []model.Example
	for i := 0; i < 10; i++ {
		data = append(data, model.Example{Features: feats("a", "b"), Class: 1}, model.Example{Features: feats("c"), Class: 0})
	}
	m := model.Train("t", []string{"no", "yes"}, data, model.TrainOptions{Bits: 10, Epochs: 2})
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// The rows are the last 12 bytes each (bucket + two weights): swap the
	// last two.
	n := len(b)
	if len(m.Rows()) < 2 {
		t.Fatal("need two rows")
	}
	last, prev := append([]byte(nil), b[n-12:]...), append([]byte(nil), b[n-24:n-12]...)
	copy(b[n-24:], last)
	copy(b[n-12:], prev)
	var x model.Linear
	if err := x.UnmarshalBinary(b); err == nil || !strings.Contains(err.Error(), "out of order") {
		t.Fatalf("rows out of order: %v", err)
	}
}

// Logits has its own loop for four classes (the moment model): it must sum
// what the weights say.
func TestLogitsFourClasses(t *testing.T) {
	var data []model.Example
	for i := 0; i < 20; i++ {
		for c, w := range []string{"none", "fact", "conclusion", "future"} {
			data = append(data, model.Example{Features: feats(w, "shared"), Class: c})
		}
	}
	m := model.Train("four", []string{"none", "fact", "conclusion", "future"}, data, model.TrainOptions{Bits: 8, Epochs: 3})
	fs := feats("fact", "future", "shared", "unseen")
	got := m.Logits(fs, nil)
	for c := range 4 {
		want := float64(m.Bias[c])
		for _, f := range fs {
			want += float64(m.Weight(f.ID, c) * f.Value)
		}
		if got[c] != want {
			t.Errorf("class %d: logit %v, want %v", c, got[c], want)
		}
	}
	// Read back from its binary form, the rows are laid out by their own
	// loop (four classes): the logits must not change.
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var r, e model.Linear
	if err := r.UnmarshalShared(b); err != nil {
		t.Fatal(err)
	}
	if err := e.UnmarshalEmbedded(b); err != nil {
		t.Fatal(err)
	}
	if back := r.Logits(fs, nil); !slices.Equal(back, got) {
		t.Errorf("read back: logits %v, want %v", back, got)
	}
	if back := e.Logits(fs, nil); !slices.Equal(back, got) {
		t.Errorf("read back as embedded: logits %v, want %v", back, got)
	}
}

// UnmarshalEmbedded trusts the rows of the models built into the program
// (a test of package models checks them): rows out of order still score as
// they say, and a damaged bucket is folded into the space, never read out of
// bounds.
func TestUnmarshalEmbeddedDoesNotCheckRows(t *testing.T) {
	var data []model.Example
	for i := 0; i < 10; i++ {
		data = append(data, model.Example{Features: feats("a", "b"), Class: 1}, model.Example{Features: feats("c"), Class: 0})
	}
	m := model.Train("t", []string{"no", "yes"}, data, model.TrainOptions{Bits: 10, Epochs: 2})
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	n := len(b)
	last, prev := append([]byte(nil), b[n-12:]...), append([]byte(nil), b[n-24:n-12]...)
	copy(b[n-24:], last)
	copy(b[n-12:], prev)
	fs := feats("a", "b", "c", "d")
	var x model.Linear
	if err := x.UnmarshalEmbedded(b); err != nil {
		t.Fatal(err)
	}
	if got, want := x.Probs(fs, nil), m.Probs(fs, nil); !slices.Equal(got, want) {
		t.Errorf("rows out of order: %v, want %v", got, want)
	}
	b[n-12+3] = 0xff // the last row's bucket, far out of the 2^10 space
	var y model.Linear
	if err := y.UnmarshalEmbedded(b); err != nil {
		t.Fatal(err)
	}
	y.Probs(fs, nil)
	if _, err := model.NewBundle(&y, &y); err != nil {
		t.Fatal(err)
	}
}
