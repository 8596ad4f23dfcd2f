package detect

import (
	"slices"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
)

// factMatcher decides whether a sentence contradicts a playbook fact: it is
// about the fact (its about words) and negates what the fact affirms, gives a
// number the fact does not, or paraphrases one of its misconceptions.
type factMatcher struct {
	facts    []factInfo
	team     []int    // the facts about the seller, tried on every candidate
	lexFact  []int32  // lexicon id -> the fact about the world it is the about words of, or -1
	idx      []int    // scratch: the facts tried on this candidate
	positive []string // scratch: the candidate's content words but "NEG"
	words    []string // scratch: the candidate's content words
}

type factInfo struct {
	fact           pushback.Fact
	lex            int
	claimNegated   bool
	claimNumbers   map[string]bool
	misconceptions [][]string // content words, negation as "NEG"
	miscPositive   [][]string // the same without "NEG"
	miscNegated    []bool     // whether each misconception has a negation
	miscNumbers    []bool     // whether each misconception gives a figure
	claimWords     []string
	world          bool // from the built-in pack of common beliefs about the world (id "world-...")
	read           bool // the claim and misconceptions are read into words (world facts: on first use)
}

// factHit is the fact a candidate was matched to.
type factHit struct {
	fact   *pushback.Fact
	reason string // what matched: "negates", "wrong number", "misconception", "about"; "agrees" when it says what the fact says
	misc   string // the misconception paraphrased
	score  float64
}

// contradicts reports whether the hit says the opposite of its fact.
func (h factHit) contradicts() bool {
	return h.reason == "misconception" || h.reason == "negates" || h.reason == "wrong number"
}

func newFactMatcher(set *cues.Set, pb *pushback.Playbook) *factMatcher {
	m := &factMatcher{}
	facts := set.Facts()
	for i := range facts {
		var fi factInfo
		if facts[i].AboutWorld() {
			// Read when a candidate first touches its subject: most
			// runs touch a few of the four hundred.
			fi = factInfo{fact: facts[i], world: true}
		} else {
			fi = readFact(facts[i])
			fi.read = true
		}
		fi.lex = set.FactLex(i)
		if fi.world && fi.lex >= 0 {
			for len(m.lexFact) <= fi.lex {
				m.lexFact = append(m.lexFact, -1)
			}
			m.lexFact[fi.lex] = int32(len(m.facts))
		} else if !fi.world {
			m.team = append(m.team, len(m.facts))
		}
		m.facts = append(m.facts, fi)
	}
	return m
}

// worldFacts caches what readFact makes of the built-in facts about the
// world: the same four hundred facts come with every playbook, and reading
// them for every featurizer would cost more than most calls' analysis.
var worldFacts sync.Map // fact key -> factInfo

// readFact reads a fact's claim and misconceptions into words (lex unset).
// The result's slices and map are shared and must not be modified.
func readFact(f pushback.Fact) factInfo {
	world := f.AboutWorld()
	var key string
	if world {
		key = f.ID + "\x00" + f.Claim + "\x00" + strings.Join(f.Misconceptions, "\x00")
		if fi, ok := worldFacts.Load(key); ok {
			out := fi.(factInfo)
			out.fact = f
			return out
		}
	}
	fi := factInfo{fact: f, lex: -1, claimNumbers: map[string]bool{}, world: world}
	claim := lang.Tokens(f.Claim)
	for _, t := range claim {
		if isNegation(t) {
			fi.claimNegated = true
		}
		if n := numberOf(t); n != "" {
			fi.claimNumbers[n] = true
		}
	}
	fi.claimWords = contentWords(claim)
	nm := len(f.Misconceptions)
	fi.misconceptions, fi.miscPositive = make([][]string, 0, nm), make([][]string, 0, nm)
	fi.miscNegated, fi.miscNumbers = make([]bool, 0, nm), make([]bool, 0, nm)
	for _, mc := range f.Misconceptions {
		mw := contentWords(lang.Tokens(mc))
		fi.misconceptions = append(fi.misconceptions, mw)
		fi.miscPositive = append(fi.miscPositive, withoutNeg(make([]string, 0, len(mw)), mw))
		fi.miscNegated = append(fi.miscNegated, contains(mw, "NEG"))
		fi.miscNumbers = append(fi.miscNumbers, slices.ContainsFunc(mw, isFigure))
	}
	if world {
		worldFacts.Store(key, fi)
	}
	return fi
}

// match adds the fact features of the featurizer's current candidate and
// remembers the best fact.
func (m *factMatcher) match(f *Featurizer, text string) {
	f.fact = factHit{}
	// A fact about the world is tried only when the candidate is on its
	// subject: the pack is large, and most candidates are on none of it.
	m.idx = append(m.idx[:0], m.team...)
	for _, h := range f.hits {
		if h.Lex < len(m.lexFact) {
			if k := int(m.lexFact[h.Lex]); k >= 0 && !slices.Contains(m.idx, k) {
				m.idx = append(m.idx, k)
			}
		}
	}
	if len(m.idx) == 0 {
		return
	}
	for _, i := range m.idx {
		if fi := &m.facts[i]; !fi.read {
			lex := fi.lex
			*fi = readFact(fi.fact)
			fi.lex, fi.read = lex, true
		}
	}
	words := appendContentWords(m.words[:0], f.toks)
	m.words = words
	negated := slices.Contains(words, "NEG")
	var numbers []string
	for _, w := range words {
		if isFigure(w) {
			numbers = append(numbers, w)
		}
	}
	positive := withoutNeg(m.positive[:0], words)
	m.positive = positive
	mask := wordMask(words) // covers positive too
	// truth: how close the sentence comes to the claim of a fact about the
	// world on its subject, said with the same polarity, against which a
	// belief's match is weighed; worked out only when a belief matches.
	truth := -1.0
	truthOf := func() float64 {
		if truth < 0 {
			truth = 0
			for _, i := range m.idx {
				if fi := &m.facts[i]; fi.world && fi.claimNegated == negated {
					truth = max(truth, share(words, fi.claimWords))
				}
			}
		}
		return truth
	}
	for _, i := range m.idx {
		fi := &m.facts[i]
		about := fi.lex >= 0 && fi.lex < len(f.has) && f.has[fi.lex]
		if fi.world && !about {
			// A belief about the world is matched only in a sentence on
			// its subject, and only as a paraphrase of the belief: the
			// pack is large, and a sentence merely on the subject is no
			// sign of a wrong claim.
			continue
		}
		best, bestMisc, bestK, flipped := 0.0, "", -1, 0.0
		for k, mw := range fi.misconceptions {
			if fi.miscNegated[k] != negated {
				// The misconception with the opposite polarity ("I don't
				// have to pay it all up front" against "it all has to be
				// paid up front") says what the fact says.
				if s := containmentIn(fi.miscPositive[k], positive, mask); s > flipped {
					flipped = s
				}
				continue
			}
			if fi.world && fi.miscNumbers[k] && !numbersIn(mw, words) {
				// "you can't call 911 from a VoIP phone" is not said
				// by a sentence without the 911.
				continue
			}
			if s := containmentIn(fi.miscPositive[k], positive, mask); s > best {
				best, bestMisc, bestK = s, fi.fact.Misconceptions[k], k
			}
		}
		h := factHit{fact: &fi.fact, score: best, misc: bestMisc}
		if fi.world && best < 0.7 {
			// A belief about the world is matched on most of its words:
			// three of five ("VoIP phones don't support emergency calls"
			// against a sentence on VoIP bandwidth) are often the subject
			// alone, and the rep would be handed the wrong fact.
			best = 0
		}
		if fi.world && best >= 0.6 && truthOf() >= share(words, fi.misconceptions[bestK]) {
			// Closer to a truth than to the belief: a prospect who says
			// "a 50 percent markup is only a 33 percent margin" is right,
			// though the words are the belief's.
			best, flipped = 0, max(flipped, best)
			h.score = 0
		}
		switch {
		case best >= 0.6 && (about || best >= 0.75):
			h.reason = "misconception"
			h.score += 1
		case flipped >= 0.6 && (about || flipped >= 0.75):
			// Agrees with the fact: no contradiction, however its
			// negation reads.
			h.reason = "agrees"
			h.score = flipped + 1
		case fi.world:
		case about && negated != fi.claimNegated:
			h.reason = "negates"
			h.score += 0.8
		case about && len(fi.claimNumbers) > 0 && len(numbers) > 0 && !anyIn(numbers, fi.claimNumbers):
			h.reason = "wrong number"
			h.score += 0.8
		case about && containmentIn(fi.claimWords, words, mask) >= 0.25:
			h.reason = "about"
			h.score += 0.3
		}
		if h.reason == "" || h.score <= f.fact.score {
			continue
		}
		if team := f.fact.fact != nil && !f.fact.fact.AboutWorld(); fi.world && team &&
			(f.fact.contradicts() || h.reason == "agrees") {
			// The team's own facts come first (m.idx tries them
			// first): a contradiction of one stands whatever the
			// sentence says of the world, and agreeing with a fact
			// about the world says nothing of the team's.
			continue
		}
		f.fact = h
	}
	switch f.fact.reason {
	case "", "agrees":
		return
	case "misconception":
		if f.fact.fact.AboutWorld() {
			f.addCue(cWorldBelief, cue{note: f.fact.misc})
			return
		}
		f.addCue(cMisconception, cue{note: f.fact.misc})
	case "negates", "wrong number":
		f.addCue(cFactContradiction, cue{note: f.fact.reason})
	}
	f.flag(cFactAbout)
}

func anyIn(xs []string, set map[string]bool) bool {
	for _, x := range xs {
		if set[x] {
			return true
		}
	}
	return false
}

// containment is the share of a's words found in b (both small sets).
func containment(a, b []string) float64 { return containmentIn(a, b, ^uint64(0)) }

// wordBit is a word's bit in a wordMask: one of 64, from its length and its
// first and last bytes.
func wordBit(w string) uint64 {
	if w == "" {
		return 1
	}
	return 1 << ((uint(len(w)) + uint(w[0])*3 + uint(w[len(w)-1])*7) & 63)
}

// wordMask is the union of the wordBits of ws: a word whose bit is not in
// it is not among ws.
func wordMask(ws []string) uint64 {
	var m uint64
	for _, w := range ws {
		m |= wordBit(w)
	}
	return m
}

// containmentIn is containment(a, b) for a b whose wordMask (or a superset
// of it) is mask: most of a's words are not in b, and the mask tells most of
// those at once, without comparing them with each of b's.
func containmentIn(a, b []string, mask uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	hit := 0
	for _, x := range a {
		if mask&wordBit(x) == 0 {
			continue
		}
		for _, y := range b {
			if x == y {
				hit++
				break
			}
		}
	}
	if hit < 2 && len(a) > 1 {
		return 0
	}
	return float64(hit) / float64(len(a))
}

// numbersIn reports whether every figure of a belief's words is among the
// sentence's.
func numbersIn(belief, sentence []string) bool {
	for _, w := range belief {
		if isFigure(w) && !slices.Contains(sentence, w) {
			return false
		}
	}
	return true
}

// share is the share of the sentence's words found in ws, negation aside.
func share(sentence, ws []string) float64 {
	n, hit := 0, 0
	for _, x := range sentence {
		if x == "NEG" {
			continue
		}
		n++
		for _, y := range ws {
			if x == y {
				hit++
				break
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}

func withoutNeg(dst, ws []string) []string {
	for _, w := range ws {
		if w != "NEG" {
			dst = append(dst, w)
		}
	}
	return dst
}

// contentWords drops function words and stems lightly; negations become "NEG".
func contentWords(toks []string) []string {
	return appendContentWords(make([]string, 0, len(toks)), toks)
}

// appendContentWords is contentWords appending to dst, to reuse a buffer.
func appendContentWords(dst, toks []string) []string {
	base := len(dst)
	var seen uint64 // wordMask of dst[base:]: most words are new, and skip the search
	for _, t := range toks {
		switch {
		case isNegation(t):
			t = "NEG"
		case isStopword(t) || len(t) < 2 && !(t[0] >= '0' && t[0] <= '9'):
			continue
		default:
			if n := numberOf(t); n != "" {
				t = n
			} else {
				t = stem(t)
			}
		}
		bit := wordBit(t)
		dup := false
		if seen&bit != 0 {
			for _, o := range dst[base:] {
				if o == t {
					dup = true
					break
				}
			}
		}
		if !dup {
			dst = append(dst, t)
			seen |= bit
		}
	}
	return dst
}

// stopwordsByFirst holds the stopwords by their first byte: a token is
// compared with the few that start as it does, not hashed for a map.
var stopwordsByFirst = func() (t [256][]string) {
	for w := range stopwords {
		t[w[0]] = append(t[w[0]], w)
	}
	return
}()

// maxStopword is the length of the longest stopword.
var maxStopword = func() (n int) {
	for w := range stopwords {
		n = max(n, len(w))
	}
	return
}()

// stopwordLens has bit n set for a first byte when a stopword of n bytes
// starts with it: most words are told apart by that alone.
var stopwordLens = func() (t [256]uint32) {
	for w := range stopwords {
		t[w[0]] |= 1 << len(w)
	}
	return
}()

func isStopword(t string) bool {
	if t == "" || len(t) > maxStopword || stopwordLens[t[0]]&(1<<len(t)) == 0 {
		return false
	}
	for _, w := range stopwordsByFirst[t[0]] {
		if w == t {
			return true
		}
	}
	return false
}

// stem strips common English suffixes, enough to match "integrates" with
// "integration" and "prices" with "price". The suffixes are tried in the
// order "ations", "ation", "ing", "ed", "es", "s", "ly", the first that fits
// cut; the word's last letter says which can fit.
func stem(t string) string {
	if len(t) > 4 {
		var sufs []string
		switch t[len(t)-1] {
		case 's':
			sufs = stemS
		case 'n':
			sufs = stemN
		case 'g':
			sufs = stemG
		case 'd':
			sufs = stemD
		case 'y':
			sufs = stemY
		}
		for _, suf := range sufs {
			if len(t) > len(suf)+3 && strings.HasSuffix(t, suf) {
				t = t[:len(t)-len(suf)]
				break
			}
		}
	}
	return strings.TrimSuffix(t, "e")
}

var (
	stemS = []string{"ations", "es", "s"}
	stemN = []string{"ation"}
	stemG = []string{"ing"}
	stemD = []string{"ed"}
	stemY = []string{"ly"}
)

// isFigure reports whether a content word is a number (numberOf's form).
func isFigure(w string) bool { return len(w) > 0 && w[0] >= '0' && w[0] <= '9' }

// numberOf returns the canonical form of a number token ("3", "three" -> "3",
// "$1,500" -> "1500"), or "".
func numberOf(t string) string {
	if t == "" {
		return ""
	}
	switch c := t[0]; {
	case c >= 'a' && c <= 'z':
		// Most words: only a number word ("three", three to seven
		// letters) can be a number.
		if len(t) < 3 || len(t) > 7 {
			return ""
		}
		return wordNumber(t)
	case c >= '0' && c <= '9':
	default:
		if v, ok := wordNumbers[t]; ok {
			return v
		}
		t = strings.TrimLeft(t, "$€£")
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return ""
	}
	t = strings.ReplaceAll(t, ",", "")
	t = strings.TrimRight(t, "%kmbx")
	return t
}

// wordNumber is wordNumbers[t] for a lower-case word: a switch costs less
// than hashing the word for the map, on a path that runs for every content
// word (a test keeps the two equal).
func wordNumber(t string) string {
	switch t {
	case "one":
		return "1"
	case "two":
		return "2"
	case "three":
		return "3"
	case "four":
		return "4"
	case "five":
		return "5"
	case "six":
		return "6"
	case "seven":
		return "7"
	case "eight":
		return "8"
	case "nine":
		return "9"
	case "ten":
		return "10"
	case "eleven":
		return "11"
	case "twelve":
		return "12"
	case "fifteen":
		return "15"
	case "twenty":
		return "20"
	case "thirty":
		return "30"
	case "forty":
		return "40"
	case "fifty":
		return "50"
	case "sixty":
		return "60"
	case "ninety":
		return "90"
	case "hundred":
		return "100"
	case "half":
		return "0.5"
	case "once":
		return "1"
	case "twice":
		return "2"
	case "single":
		return "1"
	case "dozen":
		return "12"
	}
	return ""
}

var wordNumbers = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15",
	"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "ninety": "90",
	"hundred": "100", "half": "0.5", "once": "1", "twice": "2", "single": "1", "dozen": "12",
}

var stopwords = map[string]bool{
	"the": true, "a": true, "an": true, "to": true, "of": true, "and": true, "or": true, "in": true,
	"on": true, "for": true, "with": true, "is": true, "are": true, "be": true, "it": true, "that": true,
	"this": true, "we": true, "you": true, "i": true, "they": true, "our": true, "your": true, "us": true,
	"'s": true, "'re": true, "'ll": true, "'ve": true, "'d": true, "'m": true, "do": true, "does": true,
	"did": true, "have": true, "has": true, "at": true, "by": true, "as": true, "so": true, "but": true,
	"if": true, "it's": true, "there": true, "their": true, "them": true, "guys": true, "just": true,
	"really": true, "even": true, "all": true, "any": true, "only": true, "will": true, "would": true,
	"can": true, "could": true, "was": true, "were": true, "been": true, "from": true, "like": true,
	"my": true, "me": true, "what": true, "which": true, "about": true, "think": true, "pretty": true,
	"sure": true, "heard": true, "get": true, "got": true, "go": true, "going": true, "gonna": true,
}
