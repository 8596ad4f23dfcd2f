package detect

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
)

// The lexicons the detector reads, each a cue feature "c:NAME" when it fires.
var prospectLexicons = []string{
	cues.SellerRefs, cues.OwnRefs, cues.Future, cues.Negation, cues.Capability, cues.Absolutes,
	cues.Verdicts, cues.Judgments, cues.Experience, cues.Hedges, cues.Reported, cues.TagQuestions,
	cues.Constraints, cues.Agreement, cues.Jokes, cues.Comparisons, cues.Requests, cues.SmallTalk,
	cues.Competitor, cues.Intensifiers, cues.Emotion, cues.BadOutcomes, cues.Rules,
	cues.Conduct, cues.SellerDocs, cues.ThirdParty, cues.Demands,
}

// Indexes into prospectLexicons, so the hot path reads slices, not maps.
const (
	lSeller = iota
	lOwn
	lFuture
	lNegation
	lCapability
	lAbsolutes
	lVerdicts
	lJudgments
	lExperience
	lHedges
	lReported
	lTags
	lConstraints
	lAgreement
	lJokes
	lComparisons
	lRequests
	lSmallTalk
	lCompetitor
	lIntensifiers
	lEmotion
	lBadOutcomes
	lRules
	lConduct
	lSellerDocs
	lThirdParty
	lDemands
)

// Featurizer.lexMask has a bit for each of prospectLexicons: this fails to
// compile when there are more than 32.
var _ = [1]struct{}{}[lDemands/32]

// cueNames are the feature names of the lexicons ("c:" + name).
var cueNames = func() []string {
	out := make([]string, len(prospectLexicons))
	for i, n := range prospectLexicons {
		out[i] = "c:" + n
	}
	return out
}()

// cue is a cue feature that fired, with the tokens behind it.
type cue struct {
	name       string // feature name, e.g. "c:seller_future"
	start, end int    // token range, for the reason's quote; end 0 = none
	note       string // extra words for the reason (a fact's claim)
}

// Featurizer computes features for candidates. It holds buffers: use one
// per goroutine.
type Featurizer struct {
	set    *cues.Set
	facts  *factMatcher
	ids    []int    // set id of each of prospectLexicons (-1: not in the playbook)
	hash   []uint32 // feature id of each cue name
	bitsOf []uint32 // set id -> the bits of lexMask of prospectLexicons with that id

	sc    cues.Scanner
	tz    lang.Tokenizer
	toks  []string
	spans []lang.Span
	hits  []cues.Hit
	has   []bool
	first []int // first hit start per lexicon
	end   []int // first hit end per lexicon
	// lexMask has bit i set when lexicon prospectLexicons[i] fired: the
	// derived cues ask for a few of them on every candidate, and most
	// candidates fire few.
	lexMask uint32
	cues    []cue
	feats   []model.Feature
	fact    factHit
}

// NewFeaturizer returns a featurizer for a compiled lexicon set and the facts
// of its playbook.
func NewFeaturizer(set *cues.Set, pb *pushback.Playbook) *Featurizer {
	f := &Featurizer{set: set, facts: newFactMatcher(set, pb), spans: make([]lang.Span, 0, 64)}
	f.bitsOf = make([]uint32, set.Len())
	for i, n := range prospectLexicons {
		id := set.ID(n)
		f.ids = append(f.ids, id)
		f.hash = append(f.hash, model.HashString(cueNames[i]))
		if id >= 0 && id < len(f.bitsOf) {
			f.bitsOf[id] |= 1 << i
		}
	}
	return f
}

// Tokens returns the tokens of the last candidate featurized.
func (f *Featurizer) Tokens() []string { return f.toks }

// Features computes the features of a candidate. The result and the cues are
// valid until the next call.
func (f *Featurizer) Features(c *Candidate) []model.Feature {
	text := c.Text
	f.toks, f.spans = f.tz.AppendTokenSpans(f.toks[:0], f.spans[:0], text)
	f.hits = f.set.Scan(&f.sc, f.toks, f.hits[:0])
	n := f.set.Len()
	if cap(f.has) < n {
		f.has = make([]bool, n)
		f.first = make([]int, n)
		f.end = make([]int, n)
	}
	f.has = f.has[:n]
	f.first = f.first[:n]
	f.end = f.end[:n]
	for i := range f.has {
		f.has[i] = false
	}
	var mask uint32
	for _, h := range f.hits {
		if !f.has[h.Lex] {
			f.has[h.Lex] = true
			f.first[h.Lex] = h.Start
			f.end[h.Lex] = h.End
			mask |= f.bitsOf[h.Lex]
		}
	}
	f.lexMask = mask
	f.cues = f.cues[:0]
	f.feats = f.feats[:0]

	// The lexicons that fired, in the order of prospectLexicons.
	for m := mask; m != 0; m &= m - 1 {
		i := bits.TrailingZeros32(m)
		id := f.ids[i]
		f.cues = append(f.cues, cue{name: cueNames[i], start: f.first[id], end: f.end[id]})
		f.feats = append(f.feats, model.Feature{ID: f.hash[i], Value: 1})
	}
	f.derived(c)
	f.facts.match(f, text)
	f.words()
	return f.feats
}

// addCue adds the cue feature cf, fired by c (its name set from cf).
func (f *Featurizer) addCue(cf cueFeature, c cue) {
	c.name = cf.name
	f.cues = append(f.cues, c)
	f.feats = append(f.feats, model.Feature{ID: cf.id, Value: 1})
}

// flag adds the cue feature cf, with no tokens behind it.
func (f *Featurizer) flag(cf cueFeature) {
	f.feats = append(f.feats, model.Feature{ID: cf.id, Value: 1})
}

// cueFeature is the name of a derived cue feature and its id, hashed once
// rather than for every candidate.
type cueFeature struct {
	name string
	id   uint32
}

func newCueFeature(name string) cueFeature { return cueFeature{name, featureID(name)} }

// The derived cue features.
var (
	cAnswersRepQuestion    = newCueFeature("c:answers_rep_question")
	cDisownedNext          = newCueFeature("c:disowned_next")
	cEndsWithTag           = newCueFeature("c:ends_with_tag")
	cExclaims              = newCueFeature("c:exclaims")
	cFactAbout             = newCueFeature("c:fact_about")
	cFactContradiction     = newCueFeature("c:fact_contradiction")
	cGeneralisesExperience = newCueFeature("c:generalises_experience")
	cLen12                 = newCueFeature("c:len<=12")
	cLen25                 = newCueFeature("c:len<=25")
	cLen3                  = newCueFeature("c:len<=3")
	cLen6                  = newCueFeature("c:len<=6")
	cLenOver25             = newCueFeature("c:len>25")
	cMisconception         = newCueFeature("c:misconception")
	cNotFirst              = newCueFeature("c:not_first")
	cNumber                = newCueFeature("c:number")
	cOwnSubject            = newCueFeature("c:own_subject")
	cOwnVerdict            = newCueFeature("c:own_verdict")
	cPredictsBadOutcome    = newCueFeature("c:predicts_bad_outcome")
	cQuestion              = newCueFeature("c:question")
	cQuestionStart         = newCueFeature("c:question_start")
	cQuestionStartNoMark   = newCueFeature("c:question_start_no_mark")
	cRuleAbsolute          = newCueFeature("c:rule_absolute")
	cRuleClaim             = newCueFeature("c:rule_claim")
	cRuleNegated           = newCueFeature("c:rule_negated")
	cSellerBadEvent        = newCueFeature("c:seller_bad_event")
	cSellerBadOutcome      = newCueFeature("c:seller_bad_outcome")
	cSellerCannot          = newCueFeature("c:seller_cannot")
	cSellerFuture          = newCueFeature("c:seller_future")
	cSellerJudgment        = newCueFeature("c:seller_judgment")
	cSellerNegation        = newCueFeature("c:seller_negation")
	cSellerNumber          = newCueFeature("c:seller_number")
	cSellerSubject         = newCueFeature("c:seller_subject")
	cSellerSubjectNear     = newCueFeature("c:seller_subject_near")
	cSellerVerdict         = newCueFeature("c:seller_verdict")
	cStartsAgreeing        = newCueFeature("c:starts_agreeing")
	cSweepingJudgment      = newCueFeature("c:sweeping_judgment")
	cWhenClause            = newCueFeature("c:when_clause")
	cWorldBelief           = newCueFeature("c:world_belief")
)

// featureID is the id of a cue feature name. Hashing the short name (FNV-1a)
// costs less than looking it up in a concurrent cache would.
func featureID(name string) uint32 { return model.HashString(name) }

// near reports whether a hit of lexicon a and one of lexicon b lie within
// window tokens, and their combined range.
func (f *Featurizer) near(a, b int, window int) (int, int, bool) {
	if f.lexMask&(1<<a) == 0 || f.lexMask&(1<<b) == 0 {
		return 0, 0, false
	}
	ia, ib := f.ids[a], f.ids[b]
	for _, ha := range f.hits {
		if ha.Lex != ia {
			continue
		}
		for _, hb := range f.hits {
			if hb.Lex != ib {
				continue
			}
			d := hb.Start - ha.End
			if hb.Start < ha.Start {
				d = ha.Start - hb.End
			}
			if d <= window {
				return min(ha.Start, hb.Start), max(ha.End, hb.End), true
			}
		}
	}
	return 0, 0, false
}

func (f *Featurizer) hasLex(lex int) bool { return f.lexMask&(1<<lex) != 0 }

// both reports whether lexicons a and b both fired. derived tests it before
// calling near, which tests it again: inlined, it spares most candidates,
// which lack one of the two, the call.
func (f *Featurizer) both(a, b int) bool {
	m := uint32(1)<<a | uint32(1)<<b
	return f.lexMask&m == m
}

// derived adds the cue conjunctions the method cares about.
func (f *Featurizer) derived(c *Candidate) {
	toks := f.toks
	nt := len(toks)
	if f.both(lSeller, lFuture) {
		if s, e, ok := f.near(lSeller, lFuture, 5); ok {
			f.addCue(cSellerFuture, cue{start: s, end: e})
		}
	}
	if f.both(lSeller, lNegation) {
		if s, e, ok := f.near(lSeller, lNegation, 4); ok {
			f.addCue(cSellerNegation, cue{start: s, end: e})
			if s2, e2, ok := f.near(lNegation, lCapability, 3); ok {
				f.addCue(cSellerCannot, cue{start: min(s, s2), end: max(e, e2)})
			}
		}
	}
	if f.both(lFuture, lBadOutcomes) {
		if s, e, ok := f.near(lFuture, lBadOutcomes, 6); ok {
			f.addCue(cPredictsBadOutcome, cue{start: s, end: e})
			if f.hasLex(lSeller) {
				f.addCue(cSellerBadOutcome, cue{start: s, end: e})
			}
		}
	}
	if f.both(lSeller, lBadOutcomes) {
		if s, e, ok := f.near(lSeller, lBadOutcomes, 5); ok && !f.hasLex(lFuture) {
			f.addCue(cSellerBadEvent, cue{start: s, end: e})
		}
	}
	if f.hasLex(lRules) && !f.hasLex(lHedges) {
		id := f.ids[lRules]
		start, end := f.first[id], f.end[id]
		switch {
		case f.hasLex(lNegation):
			f.addCue(cRuleNegated, cue{start: start, end: end})
		case f.hasLex(lAbsolutes):
			f.addCue(cRuleAbsolute, cue{start: start, end: end})
		default:
			f.addCue(cRuleClaim, cue{start: start, end: end})
		}
	}
	if nt > 1 && (toks[nt-1] == "right" || toks[nt-1] == "correct") || nt > 2 && toks[nt-1] == "?" && (toks[nt-2] == "right" || toks[nt-2] == "correct") {
		f.flag(cEndsWithTag)
	}
	if f.both(lSeller, lJudgments) {
		if s, e, ok := f.near(lSeller, lJudgments, 6); ok {
			f.addCue(cSellerJudgment, cue{start: s, end: e})
		}
	}
	if f.both(lSeller, lVerdicts) {
		if s, e, ok := f.near(lSeller, lVerdicts, 8); ok {
			f.addCue(cSellerVerdict, cue{start: s, end: e})
		}
	}
	if f.hasLex(lExperience) {
		if s, e, ok := f.near(lExperience, lAbsolutes, 12); ok {
			f.addCue(cGeneralisesExperience, cue{start: s, end: e})
		} else if s, e, ok := f.near(lExperience, lVerdicts, 12); ok {
			f.addCue(cGeneralisesExperience, cue{start: s, end: e})
		} else if s, e, ok := f.near(lExperience, lJudgments, 12); ok {
			f.addCue(cGeneralisesExperience, cue{start: s, end: e})
		}
	}
	if f.both(lAbsolutes, lJudgments) {
		if s, e, ok := f.near(lAbsolutes, lJudgments, 6); ok {
			f.addCue(cSweepingJudgment, cue{start: s, end: e})
		}
	}
	if f.both(lOwn, lVerdicts) {
		if s, e, ok := f.near(lOwn, lVerdicts, 4); ok {
			f.addCue(cOwnVerdict, cue{start: s, end: e})
		}
	}
	number := -1
	for i, t := range toks {
		if t != "" && (t[0] >= '0' && t[0] <= '9' || t[0] == '$' || numberFirst[t[0]] && isNumberWord(t)) {
			number = i
			break
		}
	}
	if number >= 0 {
		f.addCue(cNumber, cue{start: number, end: number + 1})
		if s, e, ok := f.nearTok(lSeller, number, 8); ok {
			f.addCue(cSellerNumber, cue{start: s, end: e})
		}
	}
	// Question form.
	question := nt > 0 && toks[nt-1] == "?"
	tag := f.hasLex(lTags)
	if question && !tag {
		f.flag(cQuestion)
	}
	if nt > 1 && toks[0] == "when" && !isAuxiliary(toks[1]) {
		// "When the contract renews, you'll ..." opens a clause, not a
		// question: "when will you ...", "when's the ..." ask.
		f.flag(cWhenClause)
	} else if nt > 0 && isQuestionStart(toks[0]) {
		f.flag(cQuestionStart)
		if !question {
			f.flag(cQuestionStartNoMark)
		}
	}
	if nt > 0 {
		switch toks[0] {
		case "i", "we", "our", "my", "us":
			f.flag(cOwnSubject)
		case "you", "your", "you're", "y'all":
			f.flag(cSellerSubject)
		}
	}
	if f.startsWithSeller() {
		f.flag(cSellerSubjectNear)
	}
	if nt > 0 && f.hasLex(lAgreement) && f.firstOf(lAgreement) <= 1 {
		f.flag(cStartsAgreeing)
	}
	if nt > 0 && strings.Contains(c.Text, "!") {
		f.flag(cExclaims)
	}
	switch {
	case nt <= 3:
		f.flag(cLen3)
	case nt <= 6:
		f.flag(cLen6)
	case nt <= 12:
		f.flag(cLen12)
	case nt <= 25:
		f.flag(cLen25)
	default:
		f.flag(cLenOver25)
	}
	if c.Disowned {
		f.flag(cDisownedNext)
	}
	if c.PrevRepQuestion && c.First {
		f.flag(cAnswersRepQuestion)
	}
	if !c.First {
		f.flag(cNotFirst)
	}
}

// startsWithSeller: a seller reference in the first four tokens, or right
// after an opening hedge ("I think you guys ...").
func (f *Featurizer) startsWithSeller() bool {
	if !f.hasLex(lSeller) {
		return false
	}
	return f.first[f.ids[lSeller]] <= 3
}

func (f *Featurizer) firstOf(lex int) int {
	if !f.hasLex(lex) {
		return -1
	}
	return f.first[f.ids[lex]]
}

func (f *Featurizer) nearTok(lex int, tok, window int) (int, int, bool) {
	if !f.hasLex(lex) {
		return 0, 0, false
	}
	id := f.ids[lex]
	for _, h := range f.hits {
		if h.Lex == id && (h.Start-tok <= window && tok-h.End <= window) {
			return min(h.Start, tok), max(h.End, tok+1), true
		}
	}
	return 0, 0, false
}

// words adds hashed word unigrams and bigrams, marking the words in the
// scope of a negation (the three after it) so "don't need" differs from "need".
func (f *Featurizer) words() {
	neg := 0
	prev := nsStart
	hashes := f.sc.WordHashes()
	toks := f.toks
	hashes = hashes[:len(toks)]
	// Two features a word and one for the end: made room for once, and
	// written in place rather than appended.
	n := len(f.feats)
	f.feats = slices.Grow(f.feats, 2*len(toks)+1)[:n+2*len(toks)+1]
	fs := f.feats[n:]
	for i, t := range toks {
		ns := nsWord
		if neg > 0 {
			ns = nsNegated
			neg--
		}
		h := hashes[i]
		pair := fs[2*i : 2*i+2 : 2*i+2]
		pair[0] = model.Feature{ID: model.Unigram(ns, h), Value: wordValue}
		pair[1] = model.Feature{ID: model.Bigram(nsBigram, prev, h), Value: wordValue}
		prev = h
		if isNegation(t) {
			neg = 3
		}
	}
	fs[2*len(toks)] = model.Feature{ID: model.Bigram(nsBigram, prev, nsEnd), Value: wordValue}
}

// wordValue is the value of a word feature, against 1 for a cue. With the
// same L2 penalty on every weight, a word must then earn a weight several
// times larger to move a decision as much as a cue does, so the cues carry
// what holds across writers and words only refine it. At 1, words had
// learnt that "november" or "fifty" mark small talk and overruled "you're
// not gonna sell ..."; leaving one writer's set out (go run
// ./cmd/pushback-train -loso a,b,c,d,e,f,g,h,n), pooled moment F1 was
// 0.813 at 1, 0.831 at 0.5, 0.841 at 0.3, 0.846 at 0.2, 0.852 at 0.15, 0.848
// at 0.1, 0.841 at 0.05 and 0.703 with no words, better at 0.15 than at 1 on
// every one of the nine sets.
const wordValue = 0.15

// Namespaces of the word features.
var (
	nsWord    = model.Namespace("w:")
	nsNegated = model.Namespace("n:")
	nsBigram  = model.Namespace("b:")
	nsStart   = model.WordHash("<s>")
	nsEnd     = model.WordHash("</s>")
)

func isNegation(t string) bool {
	// The negation words start with n, c or w: most words skip the switch.
	if t != "" && (t[0] == 'n' || t[0] == 'c' || t[0] == 'w') {
		switch t {
		case "not", "no", "never", "cannot", "without", "nothing", "none", "nobody":
			return true
		}
	}
	return strings.HasSuffix(t, "n't")
}

// isQuestionStart reports whether a sentence starting with t is put as a
// question ("do you ...", "isn't it ..."). A switch costs less than a map
// lookup on this path, which runs for every candidate.
func isQuestionStart(t string) bool {
	switch t {
	case "what", "how", "why", "when", "where", "who", "which",
		"do", "does", "did", "can", "could", "would", "will",
		"is", "are", "was", "were", "should", "have", "has",
		"may", "shall", "whats", "what's", "how's", "isn't",
		"aren't", "don't", "doesn't", "won't", "wouldn't", "can't":
		return true
	}
	return false
}

// isAuxiliary reports whether t is an auxiliary or modal verb, which puts
// a sentence that starts with a question word as a question ("when will",
// "when do", "when is").
func isAuxiliary(t string) bool {
	switch t {
	case "do", "does", "did", "will", "would", "can", "could", "is", "are",
		"was", "were", "should", "have", "has", "had", "shall", "may", "might",
		"must", "won't", "can't", "don't", "doesn't", "didn't", "isn't", "aren't",
		"wouldn't", "couldn't", "shouldn't", "'s", "'re", "'ll", "'d":
		return true
	}
	return false
}

// numberFirst marks the first bytes of numberWords: most words start with
// none of them, and skip isNumberWord.
var numberFirst = func() (f [256]bool) {
	for _, w := range numberWords {
		f[w[0]] = true
	}
	return
}()

// numberWords are the number words that make a claim carry a figure.
var numberWords = []string{"one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", "ten", "eleven", "twelve", "fifteen",
	"twenty", "thirty", "forty", "fifty", "hundred", "thousand",
	"million", "percent", "half", "double", "triple"}

// isNumberWord reports whether t is one of numberWords; a switch, as it runs
// for every word whose first byte could start one.
func isNumberWord(t string) bool {
	switch t {
	case "one", "two", "three", "four", "five", "six", "seven",
		"eight", "nine", "ten", "eleven", "twelve", "fifteen",
		"twenty", "thirty", "forty", "fifty", "hundred", "thousand",
		"million", "percent", "half", "double", "triple":
		return true
	}
	return false
}
