package roles

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/models"
)

// The learned role model: a logistic regression over each speaker's
// evidence (the heuristic's score and cues), how much and when they speak,
// how often they use each pronoun compared with the other speakers, and
// the words and word pairs they use. cmd/pushback-train trains it on the
// labelled calls; `go run ./cmd/pushback-train -roles` measures it leaving
// one writer's set out.

// RoleWords bounds the words read per call: the roles show in the first
// minutes, and a long call then costs no more than a short one.
const RoleWords = 50000

// wordValue is the value of a word or word-pair feature against 1 for the
// others. Leaving one set out over 23 sets with a first draft of these
// features, speakers right: 0.939 without words, 0.984 at 0.1, 0.992 at
// 0.3, 0.985 at 1.
const wordValue = 0.3

// pronouns are compared between speakers: a seller says "we" and "our" for
// the product, a buyer "you" and "your" for it.
var pronouns = []string{"i", "we", "our", "you", "your", "us", "my", "me", "they", "their", "guys", "yeah", "?"}

var loadModel = sync.OnceValues(func() (*model.Linear, error) { return models.Load("roles") })

// Features returns each speaker's features for the role model, by name.
func Features(call *pushback.Call) map[string][]model.Feature {
	ev := Explain(call)
	top := ""
	if len(ev) > 0 {
		top = ev[0].Speaker
	}
	type stats struct {
		words map[uint32]bool
		count map[string]int // pronoun counts
		toks  int
		turns int
	}
	st := map[string]*stats{}
	for _, s := range call.Speakers {
		st[s.Name] = &stats{words: map[uint32]bool{}, count: map[string]int{}}
	}
	total, turns := 0, 0
	var toks []string
	for _, t := range call.Turns {
		s := st[t.Speaker]
		if s == nil {
			continue
		}
		if total >= RoleWords {
			break
		}
		turns++
		s.turns++
		toks = lang.AppendTokens(toks[:0], t.Text)
		s.toks += len(toks)
		total += len(toks)
		prev := uint32(0)
		for i, tok := range toks {
			h := model.WordHash(tok)
			s.words[model.Unigram(nsWord, h)] = true
			if i > 0 {
				s.words[model.Bigram(nsWord, prev, h)] = true
			}
			prev = h
			if isPronoun(tok) {
				s.count[tok]++
			}
		}
	}
	rate := func(s *stats, p string) float64 { return float64(s.count[p]) / float64(max(s.toks, 1)) }
	out := make(map[string][]model.Feature, len(ev))
	for _, e := range ev {
		s := st[e.Speaker]
		var fs []model.Feature
		add := func(name string, v float64) { fs = append(fs, model.Feature{ID: model.Hash(name), Value: float32(v)}) }
		add("bias", 1)
		add("h:score", e.Score/5)
		if e.Speaker == top {
			add("h:top", 1)
		}
		for _, c := range e.Cues {
			if k := strings.Index(c, " ×"); k > 0 {
				add("h:cue:"+c[:k], 1)
			}
		}
		if len(call.Turns) > 0 && call.Turns[0].Speaker == e.Speaker {
			add("s:first", 1)
		}
		add("s:share", float64(s.toks)/float64(max(total, 1)))
		add("s:turnshare", float64(s.turns)/float64(max(turns, 1)))
		for _, p := range pronouns {
			var others, n float64
			for _, o := range call.Speakers {
				if o.Name != e.Speaker {
					others += rate(st[o.Name], p)
					n++
				}
			}
			if n > 0 {
				others /= n
			}
			add("p:"+p, (rate(s, p)-others)*20)
		}
		for id := range s.words {
			fs = append(fs, model.Feature{ID: id, Value: wordValue})
		}
		sortFeatures(fs)
		out[e.Speaker] = fs
	}
	return out
}

var nsWord = model.Namespace("rw")

func isPronoun(t string) bool {
	for _, p := range pronouns {
		if t == p {
			return true
		}
	}
	return false
}

// sortFeatures orders features by id, so that training and scoring see them
// in one order whatever the map iteration gave.
func sortFeatures(fs []model.Feature) {
	slices.SortFunc(fs, func(a, b model.Feature) int { return cmp.Compare(a.ID, b.ID) })
}

// SellerProbs returns each speaker's probability of being on the seller
// side, from the embedded role model; nil when it cannot be loaded.
func SellerProbs(call *pushback.Call) map[string]float64 {
	m, err := loadModel()
	if err != nil {
		return nil
	}
	return SellerProbsWith(m, call)
}

// SellerProbsWith is SellerProbs with a given model.
func SellerProbsWith(m *model.Linear, call *pushback.Call) map[string]float64 {
	out := map[string]float64{}
	var buf []float64
	for name, fs := range Features(call) {
		buf = m.Probs(fs, buf[:0])
		out[name] = buf[1]
	}
	return out
}

// Decide turns seller probabilities into the seller side: the speakers at
// 0.5 or more, keeping at least one speaker on each side when there are two
// or more.
func Decide(call *pushback.Call, p map[string]float64) map[string]bool {
	reps := map[string]bool{}
	var best, worst string
	for _, s := range call.Speakers {
		ps, ok := p[s.Name]
		if !ok {
			continue
		}
		if best == "" || ps > p[best] {
			best = s.Name
		}
		if worst == "" || ps < p[worst] {
			worst = s.Name
		}
		if ps >= 0.5 {
			reps[s.Name] = true
		}
	}
	if len(p) > 1 {
		if len(reps) == 0 {
			reps[best] = true
		}
		if len(reps) == len(p) {
			delete(reps, worst)
		}
	}
	return reps
}
