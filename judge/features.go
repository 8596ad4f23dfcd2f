package judge

import (
	"slices"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
)

// The lexicons the judge reads, in the order of the r* indexes below.
var repLexicons = []string{
	cues.Warning, cues.Permission, cues.Challenge, cues.Concession, cues.Clarify, cues.Reason,
	cues.Disrespect, cues.Uncalm, cues.TopicChange, cues.Agreement, cues.Politeness,
	cues.Negation, cues.Hedges, cues.Requests, cues.Intensifiers, cues.Logistics, cues.PutDowns,
}

const (
	rWarning = iota
	rPermission
	rChallenge
	rConcession
	rClarify
	rReason
	rDisrespect
	rUncalm
	rTopicChange
	rAgreement
	rPoliteness
	rNegation
	rHedges
	rRequests
	rIntensifiers
	rLogistics
	rPutDowns
	nRep
)

// Feature names of the lexicons, precomputed.
var (
	repHas   [nRep]uint32 // "r:NAME"
	repFirst [nRep]uint32 // "r:first:NAME"
)

func init() {
	for i, n := range repLexicons {
		repHas[i] = model.HashString("r:" + n)
		repFirst[i] = model.HashString("r:first:" + n)
	}
}

// Namespaces of the word features.
var (
	nsWord    = model.Namespace("rw:")
	nsNegated = model.Namespace("rn:")
	nsBigram  = model.Namespace("rb:")
	nsStart   = model.WordHash("<s>")
)

// maxRepSentences bounds the rep sentences judged per exchange: the verdict
// is in how the rep opens, and a long demo monologue adds nothing but cost.
const maxRepSentences = 8

// pos is a position in the exchange: item, then token.
type pos struct{ item, tok int }

func (a pos) before(b pos) bool { return a.item < b.item || a.item == b.item && a.tok < b.tok }

var never = pos{1 << 30, 0}

// Exchange is the analysis of the items after a moment.
type Exchange struct {
	Items      []Item
	Claim      string
	Name       string    // the prospect's first name, "" when unknown
	firstOf    [nRep]pos // first position of each lexicon in rep sentences (never: absent)
	permQ      pos       // first permission cue in a question or "if that's ok" sentence
	warn       pos       // first warning cue in a sentence that is not a permission question
	challenge  pos       // first challenge content (challenge or reason cue outside a warning/permission phrase)
	prospectAt []int     // items spoken by the prospect
	questions  int       // rep sentences that are questions
	repItems   int       // rep sentences
	usedName   bool
	overlap    float64 // share of the claim's content words the rep repeats
	feats      []model.Feature
}

// first returns the first position of a rep lexicon and whether it occurs.
func (x *Exchange) first(lex int) (pos, bool) { return x.firstOf[lex], x.firstOf[lex] != never }

// Featurizer computes exchange features. Use one per goroutine: it reuses
// its buffers, and the Exchange it returns, between calls.
type Featurizer struct {
	set      *cues.Set
	repIdx   []int // set id -> index in repLexicons, or -1
	sc       cues.Scanner
	tz       lang.Tokenizer
	toks     []string
	hits     []cues.Hit
	covered  [][2]int
	repToks  []string    // the rep's words in the exchange, in order
	repSpans []lang.Span // ... their byte ranges in repText
	repHits  []cues.Hit  // ... the cues found in them (token offsets into repToks)
	repHash  []uint32    // ... their model.WordHash, for the word features here and in tone
	repText  []byte      // the rep sentences judged, joined by spaces
	cw       []string    // the claim's distinct content words (overlap)
	cwHit    []bool      // whether the rep said each
	cwOf     []int       // each content word of the claim, by index into cw
	name     string      // the last prospect's first name,
	lname    string      // ... in lower case
	x        Exchange
}

// NewFeaturizer returns a featurizer over a compiled lexicon set.
func NewFeaturizer(set *cues.Set) *Featurizer {
	f := &Featurizer{set: set, repIdx: make([]int, set.Len())}
	for i := range f.repIdx {
		f.repIdx[i] = -1
	}
	for i, n := range repLexicons {
		if id := set.ID(n); id >= 0 {
			f.repIdx[id] = i
		}
	}
	return f
}

// Analyze computes the exchange's cue positions and features. The result is
// valid until the next call.
func (f *Featurizer) Analyze(items []Item, claim, name string) *Exchange {
	x := &f.x
	*x = Exchange{Items: items, Claim: claim, Name: name, permQ: never, warn: never, challenge: never,
		prospectAt: x.prospectAt[:0], feats: x.feats[:0]}
	for i := range x.firstOf {
		x.firstOf[i] = never
	}
	if name != f.name { // most calls have the last call's name
		f.name, f.lname = name, strings.ToLower(name)
	}
	lname := f.lname
	if f.repSpans == nil {
		// A nil spans slice asks the tokenizer for no spans, and the tone
		// evidence (the words behind a verdict) is read from them.
		f.repSpans = make([]lang.Span, 0, 64)
	}
	f.repToks, f.repSpans, f.repHits, f.repText = f.repToks[:0], f.repSpans[:0], f.repHits[:0], f.repText[:0]
	for i, it := range items {
		if it.Role != pushback.RoleRep {
			x.prospectAt = append(x.prospectAt, i)
			continue
		}
		if x.repItems == maxRepSentences {
			continue
		}
		x.repItems++
		// The exchange's rep text, tokens and cues, for the tone model: the
		// sentence is tokenized onto the end of the rep's tokens (and spans,
		// which are then moved to their place in repText), not copied there.
		if len(f.repText) > 0 {
			f.repText = append(f.repText, ' ')
		}
		base, tokBase, spanBase := len(f.repText), len(f.repToks), len(f.repSpans)
		f.repText = append(f.repText, it.Text...)
		f.repToks, f.repSpans = f.tz.AppendTokenSpans(f.repToks, f.repSpans, it.Text)
		for k := spanBase; k < len(f.repSpans); k++ {
			f.repSpans[k].Start += base
			f.repSpans[k].End += base
		}
		toks := f.repToks[tokBase:len(f.repToks):len(f.repToks)] // the sentence's
		f.hits = f.set.Scan(&f.sc, toks, f.hits[:0])
		for _, h := range f.hits {
			f.repHits = append(f.repHits, cues.Hit{Lex: h.Lex, Start: h.Start + tokBase, End: h.End + tokBase})
		}
		isQ := endsInQuestion(it.Text)
		// Speech-to-text without punctuation drops the question mark: a
		// sentence that opens in question order ("mind if i send the deck
		// over") still asks.
		if isQ || unpunctuated(it.Text) && askedInOrder(toks, 0) {
			x.questions++
		}
		if lname != "" {
			for _, t := range toks {
				if t == lname {
					x.usedName = true
				}
			}
		}
		// Spans covered by warning or permission phrases: a "challenge"
		// word inside them ("can I challenge that?") is not the challenge.
		f.covered = f.covered[:0]
		for _, h := range f.hits {
			r := f.repIdx[h.Lex]
			if r < 0 {
				continue
			}
			p := pos{i, h.Start}
			if p.before(x.firstOf[r]) {
				x.firstOf[r] = p
			}
			if r == rWarning || r == rPermission {
				f.covered = append(f.covered, [2]int{h.Start, h.End})
			}
			// Speech-to-text without punctuation has no question marks:
			// there a permission cue put in question order ("can i share
			// why") asks.
			if r == rPermission && (isQ || conditional(toks) || askedInOrder(toks, h.Start) && unpunctuated(it.Text)) && p.before(x.permQ) && !f.logistics() {
				x.permQ = p
			}
		}
		// What the sentence does: asks permission, warns, or says something
		// (the challenge, if the rep pushes back, begins at the first such).
		permSentence := x.permQ.item == i
		warns, short, soft := false, len(toks) <= 5, false
		for _, h := range f.hits {
			switch f.repIdx[h.Lex] {
			case rWarning:
				warns = true
				if !permSentence && (pos{i, h.Start}).before(x.warn) {
					x.warn = pos{i, h.Start}
				}
			case rAgreement, rConcession, rPoliteness:
				soft = true
			}
		}
		if !permSentence && !warns && !(short && (soft || x.usedNameOnly(toks, lname))) {
			if p := (pos{i, 0}); p.before(x.challenge) {
				x.challenge = p
			}
		}
		for _, h := range f.hits {
			if r := f.repIdx[h.Lex]; r != rChallenge && r != rReason {
				continue
			}
			in := false
			for _, c := range f.covered {
				if h.Start >= c[0] && h.Start < c[1]+3 {
					in = true
				}
			}
			// A permission question holds no challenge content ("can I
			// share why we see it differently?" asks, it does not tell).
			if in || x.permQ.item == i && isQ {
				continue
			}
			if p := (pos{i, h.Start}); p.before(x.challenge) {
				x.challenge = p
			}
		}
	}
	x.overlap = f.overlap(claim)
	f.repHash = f.repHash[:0]
	for _, t := range f.repToks {
		f.repHash = append(f.repHash, model.WordHash(t))
	}
	x.features(f.repToks, f.repHash)
	return x
}

// endsInQuestion is lang.EndsWithQuestion.
var endsInQuestion = lang.EndsWithQuestion

// usedNameOnly: the sentence is the prospect's name and little else ("Bob,").
func (x *Exchange) usedNameOnly(toks []string, lname string) bool {
	return lname != "" && len(toks) <= 2 && len(toks) > 0 && toks[0] == lname
}

// logistics: the sentence being scanned asks about logistics ("can I share
// my screen?"), not for permission to challenge.
func (f *Featurizer) logistics() bool {
	for _, h := range f.hits {
		if f.repIdx[h.Lex] == rLogistics {
			return true
		}
	}
	return false
}

// unpunctuated reports whether a sentence carries no punctuation at all, as
// speech-to-text without punctuation writes it.
func unpunctuated(s string) bool {
	return !strings.ContainsAny(s, ".,?!;:")
}

// askedInOrder: the cue at toks[i] opens in question order ("would you be ok
// if", "can i share", "mind if i"), so it asks even with no question mark.
func askedInOrder(toks []string, i int) bool {
	if i >= len(toks) {
		return false
	}
	switch toks[i] {
	case "would", "could", "can", "may", "is", "do", "are", "will", "mind", "ok", "okay", "alright":
		return true
	}
	return false
}

// conditional: "..., if that's ok", "if you're open to it".
func conditional(toks []string) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i] == "if" && (toks[i+1] == "that" || toks[i+1] == "that's" || toks[i+1] == "you" || toks[i+1] == "i") {
			return true
		}
	}
	return false
}

// overlap is the share of the claim's content words that the rep repeats.
// The claim is short: its distinct words go in a small list, with a 64-bit
// mask of their (length, first byte) keys so that most of the rep's words
// are turned away without a comparison.
func (f *Featurizer) overlap(claim string) float64 {
	f.toks = f.tz.AppendTokens(f.toks[:0], claim)
	f.cw, f.cwHit, f.cwOf = f.cw[:0], f.cwHit[:0], f.cwOf[:0]
	var mask uint64
	for _, t := range f.toks {
		w, ok := contentWord(t)
		if !ok {
			continue
		}
		k := slices.Index(f.cw, w)
		if k < 0 {
			k = len(f.cw)
			f.cw = append(f.cw, w)
			f.cwHit = append(f.cwHit, false)
			mask |= wordKey(w)
		}
		f.cwOf = append(f.cwOf, k)
	}
	if len(f.cw) == 0 {
		return 0
	}
	for _, t := range f.repToks {
		// contentWord(t), with the mask's quick test before the stop list.
		if len(t) <= 3 {
			continue
		}
		w := strings.TrimSuffix(t, "s")
		if mask&wordKey(w) == 0 || isStop(t) {
			continue
		}
		if k := slices.Index(f.cw, w); k >= 0 {
			f.cwHit[k] = true
		}
	}
	n := 0
	for _, k := range f.cwOf {
		if f.cwHit[k] {
			n++
		}
	}
	return float64(n) / float64(len(f.cwOf))
}

// wordKey is a word's bit in an overlap mask: equal words have equal keys.
func wordKey(w string) uint64 { return 1 << ((uint(len(w))*7 + uint(w[0])) & 63) }

func contentWord(t string) (string, bool) {
	if len(t) <= 3 || isStop(t) {
		return "", false
	}
	return strings.TrimSuffix(t, "s"), true
}

// isStop: words too common to say the rep is talking about the claim.
func isStop(t string) bool {
	switch t {
	case "that", "this", "with", "have", "your", "what",
		"they", "them", "their", "there", "would", "could", "will",
		"just", "really", "about", "like", "been", "were", "from",
		"you're", "we're", "don't", "it's", "think", "guys":
		return true
	}
	return false
}

// The ids of the exchange features, hashed once.
var (
	fBias                      = model.HashString("r:bias")
	fNoReply                   = model.HashString("r:no_reply")
	fPermissionAsked           = model.HashString("r:permission_asked")
	fPermissionBeforeChallenge = model.HashString("r:permission_before_challenge")
	fPermissionAfterChallenge  = model.HashString("r:permission_after_challenge")
	fWaited                    = model.HashString("r:waited")
	fWarningBeforeChallenge    = model.HashString("r:warning_before_challenge")
	fWarningAfterChallenge     = model.HashString("r:warning_after_challenge")
	fChallengeContent          = model.HashString("r:challenge_content")
	fOnlyQuestions             = model.HashString("r:only_questions")
	fSomeQuestions             = model.HashString("r:some_questions")
	fProspectBetween           = model.HashString("r:prospect_between")
	fOverlapZero               = model.HashString("r:overlap=0")
	fOverlapQuarter            = model.HashString("r:overlap<.25")
	fOverlapHalf               = model.HashString("r:overlap<.5")
	fOverlapMore               = model.HashString("r:overlap>=.5")
	fSentencesOne              = model.HashString("r:sentences=1")
	fSentencesFew              = model.HashString("r:sentences<=3")
	fSentencesMany             = model.HashString("r:sentences>3")
	fUsedName                  = model.HashString("r:used_name")
)

func (x *Exchange) add(id uint32) {
	x.feats = append(x.feats, model.Feature{ID: id, Value: 1})
}

// features builds the model inputs from the positions found and the rep's words.
// hashes[i] is model.WordHash(repToks[i]).
func (x *Exchange) features(repToks []string, hashes []uint32) {
	x.feats = x.feats[:0]
	x.add(fBias)
	if x.repItems == 0 {
		x.add(fNoReply)
		return
	}
	fr := firstRep(x)
	for i := range repLexicons {
		if p, ok := x.first(i); ok {
			x.feats = append(x.feats, model.Feature{ID: repHas[i], Value: 1})
			if p.item == fr {
				x.feats = append(x.feats, model.Feature{ID: repFirst[i], Value: 1})
			}
		}
	}
	warn, hasWarn := x.first(rWarning)
	if x.permQ != never {
		x.add(fPermissionAsked)
		if x.challenge == never || x.permQ.before(x.challenge) {
			x.add(fPermissionBeforeChallenge)
		} else {
			x.add(fPermissionAfterChallenge)
		}
		if x.waited() {
			x.add(fWaited)
		}
	}
	if hasWarn {
		if x.challenge == never || warn.before(x.challenge) {
			x.add(fWarningBeforeChallenge)
		} else {
			x.add(fWarningAfterChallenge)
		}
	}
	if x.challenge != never {
		x.add(fChallengeContent)
	}
	if x.questions == x.repItems {
		x.add(fOnlyQuestions)
	} else if x.questions > 0 {
		x.add(fSomeQuestions)
	}
	if len(x.prospectAt) > 0 {
		x.add(fProspectBetween)
	}
	switch {
	case x.overlap == 0:
		x.add(fOverlapZero)
	case x.overlap < 0.25:
		x.add(fOverlapQuarter)
	case x.overlap < 0.5:
		x.add(fOverlapHalf)
	default:
		x.add(fOverlapMore)
	}
	switch {
	case x.repItems == 1:
		x.add(fSentencesOne)
	case x.repItems <= 3:
		x.add(fSentencesFew)
	default:
		x.add(fSentencesMany)
	}
	if x.usedName {
		x.add(fUsedName)
	}
	// Words of the first rep sentences, negation-marked.
	prev := nsStart
	neg := 0
	for n, t := range repToks {
		if n >= 80 {
			return
		}
		ns := nsWord
		if neg > 0 {
			ns = nsNegated
			neg--
		}
		h := hashes[n]
		x.feats = append(x.feats, model.Feature{ID: model.Unigram(ns, h), Value: wordValue},
			model.Feature{ID: model.Bigram(nsBigram, prev, h), Value: wordValue})
		prev = h
		if t == "not" || t == "no" || t == "never" || strings.HasSuffix(t, "n't") {
			neg = 3
		}
	}
}

// wordValue is the value of a word feature, against 1 for a cue, as in the
// moment detector: the cues and their order decide, the words refine.
// Leaving one writer's set out over fifteen sets (go run
// ./cmd/pushback-train -loso a,...,l,n,o,p), pooled response accuracy
// (pushed back, warning, permission, respectful, calm) was 0.942, 0.968,
// 0.986, 0.927, 0.957 at 1; 0.948, 0.966, 0.989, 0.931, 0.963 at 0.6; 0.956,
// 0.969, 0.988, 0.937, 0.967 at 0.3; 0.957, 0.968, 0.990, 0.939, 0.966 at
// 0.15 and 0.947, 0.962, 0.990, 0.937, 0.961 at 0.05. On the marketplace
// sets, pushed back rose from 0.87 and 0.84 to 0.91 and 0.86 at 0.3.
const wordValue = 0.3

func firstRep(x *Exchange) int {
	for i, it := range x.Items {
		if it.Role == pushback.RoleRep {
			return i
		}
	}
	return -1
}

// waited: the prospect spoke after the permission question and before the
// challenge (or the challenge never came).
func (x *Exchange) waited() bool {
	if x.permQ == never {
		return false
	}
	for _, p := range x.prospectAt {
		if p > x.permQ.item && (x.challenge == never || p < x.challenge.item || !x.challenge.before(x.permQ)) {
			if x.challenge == never || p <= x.challenge.item {
				return true
			}
		}
	}
	return false
}

// Features returns the model inputs of the exchange.
func (x *Exchange) Features() []model.Feature { return x.feats }

// RepText returns the rep sentences judged, their tokens, spans and cues, as
// the tone model reads them; valid until the next Analyze.
func (f *Featurizer) RepText() (string, []string, []lang.Span, []cues.Hit) {
	return string(f.repText), f.repToks, f.repSpans, f.repHits
}

// RepHashes returns the model.WordHash of each of RepText's tokens; valid
// until the next Analyze.
func (f *Featurizer) RepHashes() []uint32 { return f.repHash }

// RepText is everything the rep said in the exchange (the sentences judged).
func (x *Exchange) RepText() string {
	var b strings.Builder
	n := 0
	for _, it := range x.Items {
		if it.Role != pushback.RoleRep || n == maxRepSentences {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(it.Text)
		n++
	}
	return b.String()
}
