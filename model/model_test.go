package model_test

import (
	"encoding/json"
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
