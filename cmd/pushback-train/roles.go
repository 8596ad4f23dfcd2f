package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/roles"
)

// roleOptions are the training settings of the role model.
var roleOptions = model.TrainOptions{Bits: 18, Epochs: 30, LearningRate: 0.1, L2: 1e-4, Seed: 7}

// roleSpeaker is one speaker of a labelled call, for the role model.
type roleSpeaker struct {
	c     *labels.Case
	name  string
	rep   bool
	feats []model.Feature
}

func roleSpeakers(cases []*labels.Case) []roleSpeaker {
	var out []roleSpeaker
	for _, c := range cases {
		gold := map[string]bool{}
		for _, r := range c.Labels.Rep {
			gold[r] = true
		}
		fs := roles.Features(c.Call)
		for _, s := range c.Call.Speakers {
			out = append(out, roleSpeaker{c: c, name: s.Name, rep: gold[s.Name], feats: fs[s.Name]})
		}
	}
	return out
}

func trainRoles(sp []roleSpeaker) *model.Linear {
	ex := make([]model.Example, 0, len(sp))
	for _, s := range sp {
		k := 0
		if s.rep {
			k = 1
		}
		ex = append(ex, model.Example{Features: s.feats, Class: k})
	}
	m := model.Train("roles", []string{"buyer", "seller"}, ex, roleOptions)
	m.Meta = model.Meta{
		Trained:  "go run ./cmd/pushback-train",
		Data:     []string{"testdata/calls: the speakers of the labelled calls and their sides (the labels' rep), written by the Pushback developers (project licence)"},
		Examples: len(ex),
		Options:  trainOptions(roleOptions),
	}
	return m
}

// inSet reports whether the labelled call name is picked by p: a set's
// letters ("k" picks k01-... but not ka01-...), or any longer prefix of
// names ("k0" picks k01 to k09).
func inSet(name, p string) bool {
	if p != "" && p == strings.TrimRight(p, "0123456789") && !strings.ContainsAny(p, "-_") {
		return setOf(name) == p
	}
	return strings.HasPrefix(name, p)
}

// setOf is the writer's set a labelled call belongs to: the letters before
// its number ("a" for a01-...).
func setOf(name string) string {
	i := 0
	for i < len(name) && 'a' <= name[i] && name[i] <= 'z' {
		i++
	}
	return name[:i]
}

// rolesReport measures the role guess leaving one writer's set out: the
// role model trained on the other sets guesses the sides of each held-out
// call, beside the heuristic score alone. Calls whose format carries the
// sides (Gong) are left out of the figures.
func rolesReport(cases []*labels.Case) {
	sp := roleSpeakers(cases)
	sets := map[string]bool{}
	for _, c := range cases {
		sets[setOf(c.Name)] = true
	}
	var names []string
	for s := range sets {
		names = append(names, s)
	}
	sort.Strings(names)
	var tot [6]int // calls, calls right (model), calls right (heuristic), speakers, right (model), right (heuristic)
	for _, held := range names {
		var train []roleSpeaker
		for _, s := range sp {
			if setOf(s.c.Name) != held {
				train = append(train, s)
			}
		}
		m := trainRoles(train)
		var n [6]int
		for _, c := range cases {
			if setOf(c.Name) != held || strings.HasPrefix(c.Call.Format, "gong") {
				continue
			}
			gold := map[string]bool{}
			for _, r := range c.Labels.Rep {
				gold[r] = true
			}
			learned := roles.Decide(c.Call, roles.SellerProbsWith(m, c.Call))
			heur := roles.GuessByScore(c.Call)
			okL, okH := true, true
			for _, s := range c.Call.Speakers {
				n[3]++
				if learned[s.Name] == gold[s.Name] {
					n[4]++
				} else {
					okL = false
				}
				if heur[s.Name] == gold[s.Name] {
					n[5]++
				} else {
					okH = false
				}
			}
			n[0]++
			if okL {
				n[1]++
			}
			if okH {
				n[2]++
			}
		}
		fmt.Printf("  set %-2s %3d calls: all sides right %3d (heuristic %3d); %3d speakers: right %3d (heuristic %3d)\n", held, n[0], n[1], n[2], n[3], n[4], n[5])
		for i := range tot {
			tot[i] += n[i]
		}
	}
	r := func(a, b int) float64 { return float64(a) / float64(max(b, 1)) }
	fmt.Printf("roles, leaving each writer's set out: %d calls, all sides right %.3f (heuristic alone %.3f); %d speakers, right %.3f (heuristic alone %.3f)\n",
		tot[0], r(tot[1], tot[0]), r(tot[2], tot[0]), tot[3], r(tot[4], tot[3]), r(tot[5], tot[3]))
}
