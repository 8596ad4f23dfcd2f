package tone

import (
	_ "embed"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback/model"
)

// valence.tsv is our own sentiment-intensity lexicon (VALENCE.md): words and
// short phrases with a valence from -4 to +4 and a kind.
//
//go:embed valence.tsv
var valenceTSV string

type valenceEntry struct {
	rest    []string // the words after the first, for phrases
	valence float64
	kind    string
}

//go:generate go test -run ValenceGenerated -update .

// parseValence reads valence.tsv: each first word's entries, longest phrase
// first.
func parseValence(tsv string) map[string][]valenceEntry {
	idx := map[string][]valenceEntry{}
	for i, line := range strings.Split(tsv, "\n") {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		words := strings.Fields(f[0])
		e := valenceEntry{valence: v, kind: f[2]}
		if len(words) > 1 {
			e.rest = words[1:]
		}
		list := append(idx[words[0]], e)
		// keep the longest phrases first
		for k := len(list) - 1; k > 0 && len(list[k].rest) > len(list[k-1].rest); k-- {
			list[k], list[k-1] = list[k-1], list[k]
		}
		idx[words[0]] = list
	}
	return idx
}

// The valence features, in the manner of VADER: each sentiment word's
// valence, boosted by an intensity word before it, damped by a dampener,
// and flipped (and shrunk) by a negation in the three words before it;
// then sums, a normalised compound score, the strongest words, and insults,
// profanity and sarcasm markers, with insults aimed at "you" apart.
var (
	vCompound   = model.HashString("v:compound")
	vCompNeg2   = model.HashString("v:compound<=-0.5")
	vCompNeg1   = model.HashString("v:compound<0")
	vCompPos1   = model.HashString("v:compound>0")
	vCompPos2   = model.HashString("v:compound>=0.5")
	vPos        = model.HashString("v:positive")
	vNeg        = model.HashString("v:negative")
	vStrongNeg  = model.HashString("v:strong_negative")
	vStrongPos  = model.HashString("v:strong_positive")
	vInsult     = model.HashString("v:insult")
	vInsultYou  = model.HashString("v:insult_you")
	vProfanity  = model.HashString("v:profanity")
	vSarcasm    = model.HashString("v:sarcasm")
	vPoliteness = model.HashString("v:politeness")
	vEmotion    = model.HashString("v:emotion")
)

func (f *Featurizer) valence() {
	toks := f.toks
	var pos, neg, maxNeg, maxPos float64
	insults, insultYou, profanity, sarcasm, politeness, emotion := 0, 0, 0, 0, 0, 0
	slots, mask := valenceTab.slots, uint32(len(valenceTab.slots)-1)
	for i := 0; i < len(toks); i++ {
		// Most words are in no entry: an empty slot says so without a call.
		if slots[wordShape(toks[i])&mask] == 0 {
			continue
		}
		e, n := matchValence(toks, i)
		if e == nil {
			continue
		}
		switch e.kind {
		case "intensity", "dampener", "negation":
			i += n - 1
			continue
		case "insult":
			insults++
			for j := max(0, i-3); j < min(len(toks), i+n+3); j++ {
				switch toks[j] {
				case "you", "your", "yourself", "u", "ur", "yours":
					insultYou = 1
				}
			}
		case "profanity":
			profanity++
		case "sarcasm":
			sarcasm++
		case "politeness":
			politeness++
		case "emotion":
			emotion++
		}
		v := e.valence
		// What comes before: an intensity word boosts, a dampener damps,
		// a negation within three words flips and shrinks.
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			p, _ := matchValence(toks, j)
			if p == nil {
				continue
			}
			switch p.kind {
			case "intensity":
				if j == i-1 {
					v *= 1.3
				}
			case "dampener":
				if j == i-1 {
					v *= 0.7
				}
			case "negation":
				v *= -0.74
			}
		}
		if v > 0 {
			pos += v
			maxPos = math.Max(maxPos, v)
		} else {
			neg -= v
			maxNeg = math.Max(maxNeg, -v)
		}
		i += n - 1
	}
	sum := pos - neg
	compound := sum / math.Sqrt(sum*sum+15)
	add := func(id uint32, v float64) {
		f.feats = append(f.feats, model.Feature{ID: id, Value: float32(v)})
	}
	if pos+neg > 0 {
		add(vCompound, compound)
		switch {
		case compound <= -0.5:
			add(vCompNeg2, 1)
		case compound < -0.05:
			add(vCompNeg1, 1)
		case compound >= 0.5:
			add(vCompPos2, 1)
		case compound > 0.05:
			add(vCompPos1, 1)
		}
		scale := 1 / math.Sqrt(float64(len(toks))+1)
		add(vPos, pos*scale)
		add(vNeg, neg*scale)
	}
	if maxNeg >= 2.5 {
		add(vStrongNeg, 1)
	}
	if maxPos >= 2.5 {
		add(vStrongPos, 1)
	}
	if insults > 0 {
		add(vInsult, 1)
	}
	if insultYou > 0 {
		add(vInsultYou, 1)
	}
	if profanity > 0 {
		add(vProfanity, 1)
	}
	if sarcasm > 0 {
		add(vSarcasm, 1)
	}
	if politeness > 0 {
		add(vPoliteness, 1)
	}
	if emotion > 0 {
		add(vEmotion, math.Min(float64(emotion), 3))
	}
}

// matchValence finds the longest lexicon entry starting at toks[i] and the
// number of tokens it covers; nil when none does.
func matchValence(toks []string, i int) (*valenceEntry, int) {
	list := valenceEntries(toks[i])
	for k := range list {
		e := &list[k]
		if i+len(e.rest) >= len(toks) {
			continue
		}
		ok := true
		for k, w := range e.rest {
			if toks[i+1+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return e, 1 + len(e.rest)
		}
	}
	return nil, 0
}

// valenceTable is the lexicon (parseValence) as an open-addressing table keyed by the
// shape of the word (length, first, second and last byte): most words are
// settled by one slot read, where a map lookup hashes the whole word.
type valenceTable struct {
	slots []uint32 // 1 + index into keys and lists; 0: empty
	keys  []string
	lists [][]valenceEntry
}

// valenceTab (valence_gen.go) is newValenceTable(parseValence(valenceTSV)),
// generated: reading the lexicon at every start of the command line took
// some five million instructions. A test keeps the two the same.

// newValenceTable lays out the entries of idx, first words in order.
func newValenceTable(idx map[string][]valenceEntry) *valenceTable {
	n := 1 << 10
	for n < 4*len(idx) {
		n *= 2 // at most a quarter full: probes stay short
	}
	t := &valenceTable{slots: make([]uint32, n)}
	for _, w := range slices.Sorted(maps.Keys(idx)) {
		h := wordShape(w) & uint32(n-1)
		for t.slots[h] != 0 {
			h = (h + 1) & uint32(n-1)
		}
		t.keys = append(t.keys, w)
		t.lists = append(t.lists, idx[w])
		t.slots[h] = uint32(len(t.keys))
	}
	return t
}

// valenceEntries returns the entries starting with w, longest phrase first.
func valenceEntries(w string) []valenceEntry {
	t := valenceTab
	mask := uint32(len(t.slots) - 1)
	for h := wordShape(w) & mask; ; h = (h + 1) & mask {
		k := t.slots[h]
		if k == 0 {
			return nil
		}
		if t.keys[k-1] == w {
			return t.lists[k-1]
		}
	}
}

func wordShape(w string) uint32 {
	if w == "" {
		return 0
	}
	h := uint32(len(w))*0x9E3779B1 ^ uint32(w[0])*0x85EBCA77 ^ uint32(w[len(w)-1])*0xC2B2AE3D
	if len(w) > 1 {
		h ^= uint32(w[1]) * 0x27D4EB2F
	}
	return (h ^ h>>16) & (1<<16 - 1)
}
