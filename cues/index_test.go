package cues

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"

	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
)

// refScan is Scan without the pair index: every entry of byWord, as the
// scanner did before the index.
func refScan(s *Set, sc *Scanner, toks []string) []Hit {
	s.Scan(sc, toks, nil) // fills ids and the word infos
	var hits []Hit
	for i := range toks {
		if id := sc.ids[i]; id >= 0 {
			hits = s.try(sc, i, s.byWord[id], hits, 0)
		}
		if k := sc.ks[i]; k >= 0 {
			wi := &sc.infos[k]
			for _, p := range sc.pool[wi.pre:wi.end] {
				hits = s.try(sc, i, s.byPrefix[p], hits, 0)
			}
		}
	}
	return hits
}

// TestPairIndex checks the hits of the (word, next word) index against a
// scan of all the entries of each word, on random runs of pattern words.
func TestPairIndex(t *testing.T) {
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Compile(pb)
	if err != nil {
		t.Fatal(err)
	}
	words := make([]string, 0, len(s.vocab)+len(s.prefixes))
	for w := range s.vocab {
		words = append(words, w)
	}
	for _, p := range s.prefixes {
		words = append(words, p+"ing")
	}
	words = append(words, "zzz", "of", "to")
	sort.Strings(words)
	inv := make([]string, len(s.vocab))
	for w, id := range s.vocab {
		inv[id] = w
	}
	rng := rand.New(rand.NewSource(1))
	sc, ref := &Scanner{}, &Scanner{}
	long := 0
	for n := 0; n < 20000; n++ {
		toks := make([]string, 1+rng.Intn(12))
		for i := range toks {
			toks[i] = words[rng.Intn(len(words))]
			// Often the next word of a pattern the word before starts.
			if id, ok := s.vocab[toks[max(i-1, 0)]]; ok && i > 0 && rng.Intn(3) > 0 && len(s.byWord[id]) > 0 {
				if e := s.byWord[id][rng.Intn(len(s.byWord[id]))]; e.next >= 0 {
					toks[i] = inv[e.next]
				}
			}
		}
		got := s.Scan(sc, toks, nil)
		want := refScan(s, ref, toks)
		if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("Scan(%q) = %v, want %v", toks, got, want)
		}
		for i, h := range sc.WordHashes() {
			if h != model.WordHash(toks[i]) {
				t.Fatalf("WordHashes()[%d] of %q = %d, want model.WordHash %d", i, toks, h, model.WordHash(toks[i]))
			}
		}
		for _, h := range got {
			if h.End-h.Start > 1 {
				long++
			}
		}
	}
	if long < 1000 {
		t.Errorf("only %d hits of more than one word", long)
	}
}
