package main

import (
	"path/filepath"
	"testing"

	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/models"
	"github.com/pushback-coach/pushback/playbook"
)

// The trainer chooses the moment threshold on probabilities moved as the
// detector moves each call's threshold (callAdjusted): the two must agree,
// candidate by candidate, or the threshold is chosen for another detector.
func TestCallAdjustedIsTheDetectorsThreshold(t *testing.T) {
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := models.Load("moment")
	if err != nil {
		t.Fatal(err)
	}
	prior, ok := m.Meta.Thresholds[detect.PriorKey]
	if !ok {
		t.Fatal("the moment model records no call prior")
	}
	d, err := detect.New(pb, m)
	if err != nil {
		t.Fatal(err)
	}
	set, err := detect.CompileCues(pb)
	if err != nil {
		t.Fatal(err)
	}
	f := detect.NewFeaturizer(set, pb)
	checked, moved := 0, 0
	// Calls dense in moments and calls with few, where the call's threshold
	// moves furthest.
	paths, _ := filepath.Glob("../../testdata/calls/[abt]*.labels.json")
	if len(paths) < 100 {
		t.Fatalf("%d labelled calls", len(paths))
	}
	for _, path := range paths {
		c, err := labels.Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		cs := &candidateSet{c: c, cands: detect.Candidates(c.Call)}
		var sc []scored
		for i := range cs.cands {
			sc = append(sc, scored{cs, i, m.Probs(f.Features(&cs.cands[i]), nil)})
		}
		adj := callAdjusted(sc, prior, detect.CallPriorWeight, true)
		// The evidence up to and including each turn, as Analyze adds it up.
		upTo := make([]detect.Prior, len(c.Call.Turns))
		var before detect.Prior
		for turn := range c.Call.Turns {
			before = before.Add(d.TurnPrior(c.Call, turn))
			upTo[turn] = before
		}
		for i, s := range sc {
			turn := cs.cands[s.i].Turn
			th := d.CallThreshold(upTo[turn])
			raw, moved1 := 1-s.probs[0], 1-adj[i].probs[0]
			if (raw >= th) != (moved1 >= d.Threshold()) {
				t.Errorf("%s turn %d: probability %.4f, call threshold %.4f, but moved %.4f against %.4f", c.Name, turn, raw, th, moved1, d.Threshold())
			}
			if (raw >= d.Threshold()) != (raw >= th) {
				moved++
			}
			checked++
		}
	}
	if checked < 1000 || moved == 0 {
		t.Fatalf("%d candidates checked, %d verdicts moved by the call's threshold: the test no longer tests it", checked, moved)
	}
	t.Logf("%d candidates; the call's threshold changed the verdict on %d", checked, moved)
}

// Writer folds keep each writer's set whole.
func TestWriterFoldsKeepSetsWhole(t *testing.T) {
	var sets []candidateSet
	for _, name := range []string{"a01-x", "a02-y", "b01-x", "ba01-x", "ba02-y", "c01-z", "c02-z"} {
		sets = append(sets, candidateSet{c: &labels.Case{Name: name}})
	}
	folds := writerFolds(sets, 3)
	where := map[string]int{}
	n := 0
	for k, fold := range folds {
		for _, s := range fold {
			w := setOf(s.c.Name)
			if j, ok := where[w]; ok && j != k {
				t.Errorf("set %s is in folds %d and %d", w, j, k)
			}
			where[w] = k
			n++
		}
	}
	if n != len(sets) || len(where) != 4 {
		t.Errorf("%d calls in %d sets across the folds, want %d in 4", n, len(where), len(sets))
	}
}
