// Package tone judges how something is said: respectful or not (no attack,
// belittling, flat contradiction, sarcasm or blame) and calm or not (no
// frustration, exasperation, defensiveness, pleading or outbursts). Its
// features follow politeness theory (gratitude, deference, hedges, indirect
// requests, "I/we" framing against "you" blame, greetings, apologies) and
// emotional intensity (sentiment words, intensifiers, exclamations, capitals),
// computed from the playbook's lexicons; trained linear models weigh them.
package tone

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
)

// Lexicons are the lexicons tone reads.
var Lexicons = []string{
	cues.Politeness, cues.Hedges, cues.Disrespect, cues.Uncalm, cues.Intensifiers, cues.Emotion,
	cues.Agreement, cues.Concession, cues.Challenge, cues.Reason, cues.Warning, cues.Permission,
	cues.Absolutes, cues.Negation, cues.Requests, "positive", "negative", cues.PutDowns,
}

// Featurizer computes tone features. Use one per goroutine.
type Featurizer struct {
	set   *cues.Set
	lex   []int
	sc    cues.Scanner
	tz    lang.Tokenizer
	toks  []string // the text being featurized: the buffers below, or the caller's
	hash  []uint32 // model.WordHash of each of toks, when the caller has them; else nil
	spans []lang.Span
	hits  []cues.Hit

	bufToks  []string
	bufSpans []lang.Span
	bufHits  []cues.Hit
	count    []int
	feats    []model.Feature
	ev       []evidence
	words    bool
}

type evidence struct {
	name       string
	start, end int // token range
}

// NewFeaturizer returns a featurizer over a compiled lexicon set. With words,
// hashed unigrams and bigrams are added to the cue features.
func NewFeaturizer(set *cues.Set, words bool) *Featurizer {
	f := &Featurizer{set: set, words: words, bufSpans: make([]lang.Span, 0, 64)}
	for _, n := range Lexicons {
		f.lex = append(f.lex, set.ID(n))
	}
	return f
}

func (f *Featurizer) add(name string, v float32) {
	f.feats = append(f.feats, model.Feature{ID: model.HashString(name), Value: v})
}

// Features computes the tone features of a text. The result is valid until
// the next call.
func (f *Featurizer) Features(text string) []model.Feature {
	f.bufToks, f.bufSpans = f.tz.AppendTokenSpans(f.bufToks[:0], f.bufSpans[:0], text)
	f.bufHits = f.set.Scan(&f.sc, f.bufToks, f.bufHits[:0])
	f.toks, f.spans, f.hits, f.hash = f.bufToks, f.bufSpans, f.bufHits, nil
	return f.features(text)
}

// FeaturesScanned is Features for a text already tokenized and scanned with
// the same lexicon set (the judge has done both): toks, spans and hits are
// used as they are, not copied, and must stay unchanged until the next call.
func (f *Featurizer) FeaturesScanned(text string, toks []string, spans []lang.Span, hits []cues.Hit) []model.Feature {
	f.toks, f.spans, f.hits, f.hash = toks, spans, hits, nil
	return f.features(text)
}

// FeaturesHashed is FeaturesScanned with the model.WordHash of each token
// given too (hashes[i] of toks[i]), so that the word features need not hash
// them again.
func (f *Featurizer) FeaturesHashed(text string, toks []string, hashes []uint32, spans []lang.Span, hits []cues.Hit) []model.Feature {
	f.toks, f.spans, f.hits, f.hash = toks, spans, hits, nil
	if len(hashes) == len(toks) {
		f.hash = hashes
	}
	return f.features(text)
}

// lexFeatures are the feature ids of each lexicon's cues.
type lexFeatures struct{ has, two, four, density uint32 }

var toneLexFeatures = func() []lexFeatures {
	out := make([]lexFeatures, len(Lexicons))
	for i, n := range Lexicons {
		out[i] = lexFeatures{model.HashString("t:" + n), model.HashString("t:" + n + ">=2"),
			model.HashString("t:" + n + ">=4"), model.HashString("t:" + n + "/len")}
	}
	return out
}()

func (f *Featurizer) features(text string) []model.Feature {
	f.feats = f.feats[:0]
	f.ev = f.ev[:0]
	n := f.set.Len()
	if cap(f.count) < n {
		f.count = make([]int, n)
	}
	f.count = f.count[:n]
	for i := range f.count {
		f.count[i] = 0
	}
	for _, h := range f.hits {
		f.count[h.Lex]++
	}
	f.add("t:bias", 1)
	nt := len(f.toks)
	for i, name := range Lexicons {
		id := f.lex[i]
		if id < 0 || f.count[id] == 0 {
			continue
		}
		c := f.count[id]
		lf := toneLexFeatures[i]
		f.feats = append(f.feats, model.Feature{ID: lf.has, Value: 1})
		if c >= 2 {
			f.feats = append(f.feats, model.Feature{ID: lf.two, Value: 1})
		}
		if c >= 4 {
			f.feats = append(f.feats, model.Feature{ID: lf.four, Value: 1})
		}
		// density matters for long texts
		f.feats = append(f.feats, model.Feature{ID: lf.density, Value: float32(c) * 10 / float32(nt+5)})
		for _, h := range f.hits {
			if h.Lex == id {
				f.ev = append(f.ev, evidence{name, h.Start, h.End})
				break
			}
		}
	}
	f.structure(text)
	f.valence()
	if f.words {
		f.ngrams()
	}
	return f.feats
}

// structure adds the politeness strategies and intensity signals that are
// about form rather than words.
func (f *Featurizer) structure(text string) {
	toks := f.toks
	nt := len(toks)
	if nt == 0 {
		f.add("t:empty", 1)
		return
	}
	first := toks[0]
	switch first {
	case "hi", "hello", "hey", "dear", "greetings":
		f.add("t:greeting", 1)
	case "please":
		f.add("t:please_start", 1)
	case "so", "then", "and", "but", "or":
		f.add("t:direct_start", 1)
	case "you", "your", "you're":
		f.add("t:2nd_person_start", 1)
	case "i", "i'm", "my":
		f.add("t:1st_person_start", 1)
	case "what", "why", "how", "who", "where", "when", "which":
		f.add("t:direct_question", 1)
	case "no", "nope", "wrong", "nah":
		f.add("t:flat_no_start", 1)
	case "yes", "yeah", "yep", "sure", "ok", "okay", "right":
		f.add("t:yes_start", 1)
	case "look", "listen", "seriously", "honestly", "clearly", "obviously", "frankly", "dude", "man":
		f.add("t:confrontational_start", 1)
	}
	you, we, i := 0, 0, 0
	youNeg := false
	for k, t := range toks {
		if t == "" || !pronounStart[t[0]] { // most words: no comparisons
			continue
		}
		switch t {
		case "you", "your", "you're", "yours", "yourself", "u", "ur":
			you++
			// "you" near a negative or insulting word: blame, attack
			for j := k + 1; j < nt && j <= k+4; j++ {
				if isHarsh(toks[j]) {
					youNeg = true
				}
			}
		case "we", "our", "us", "let's":
			we++
		case "i", "my", "me", "i'm":
			i++
		}
	}
	if you > 0 {
		f.add("t:2nd_person", 1)
		f.add("t:2nd_person/len", float32(you)*10/float32(nt+5))
	}
	if we > 0 {
		f.add("t:1st_plural", 1)
	}
	if i > 0 {
		f.add("t:1st_person", 1)
	}
	if youNeg {
		f.add("t:you_harsh", 1)
	}
	for k := 0; k+1 < nt; k++ {
		a := toks[k]
		if a == "" || a[0] != 'c' && a[0] != 'w' && a[0] != 'b' { // could, would, can, will, by, btw
			continue
		}
		b := toks[k+1]
		if (a == "could" || a == "would") && b == "you" {
			f.add("t:counterfactual_modal", 1)
		}
		if (a == "can" || a == "will") && b == "you" {
			f.add("t:indicative_modal", 1)
		}
		if a == "by" && b == "the" && k+2 < nt && toks[k+2] == "way" || a == "btw" {
			f.add("t:indirect_btw", 1)
		}
	}
	excl, quest, caps, letters, capPair := textCounts(text)
	upperWords := 0
	if capPair { // a shouted word has two capitals in a row
		upperWords = shoutedWords(text)
	}
	switch {
	case excl >= 3:
		f.add("t:excl>=3", 1)
		fallthrough
	case excl >= 2:
		f.add("t:excl>=2", 1)
		fallthrough
	case excl >= 1:
		f.add("t:excl", 1)
	}
	if strings.Contains(text, "?!") || strings.Contains(text, "!?") {
		f.add("t:interrobang", 1)
	}
	if quest >= 2 {
		f.add("t:questions>=2", 1)
	}
	if quest >= 1 {
		f.add("t:question", 1)
	}
	if upperWords >= 1 {
		f.add("t:caps_word", 1)
	}
	if upperWords >= 3 {
		f.add("t:caps_words>=3", 1)
	}
	if letters > 20 && caps*3 > letters {
		f.add("t:shouting", 1)
	}
	if strings.Contains(text, "...") || strings.Contains(text, "…") {
		f.add("t:ellipsis", 1)
	}
	if strings.Contains(text, "\"") || strings.Contains(text, "“") {
		f.add("t:quotes", 1)
	}
	digits := 0
	for _, t := range toks {
		if t[0] >= '0' && t[0] <= '9' || t[0] == '$' {
			digits++
		}
	}
	if digits > 0 {
		f.add("t:numbers", 1)
	}
	if strings.Contains(text, "http") || strings.Contains(text, "<url>") || strings.Contains(text, "www.") {
		f.add("t:link", 1)
	}
	switch {
	case nt <= 5:
		f.add("t:len<=5", 1)
	case nt <= 15:
		f.add("t:len<=15", 1)
	case nt <= 40:
		f.add("t:len<=40", 1)
	case nt <= 100:
		f.add("t:len<=100", 1)
	default:
		f.add("t:len>100", 1)
	}
}

// pronounStart marks the first bytes of the pronouns structure counts.
var pronounStart = func() (t [256]bool) {
	for _, c := range "yuwolim" {
		t[c] = true
	}
	return
}()

// textCounts counts the exclamation and question marks, capitals and
// letters of text, and whether two ASCII capitals come in a row.
func textCounts(text string) (excl, quest, caps, letters int, capPair bool) {
	var prev, pair uint64
	for len(text) > 0 {
		// The counts go in four 16-bit lanes of one word: a chunk is short
		// enough not to overflow them, and ends where a character starts.
		cut := min(len(text), 1<<16-1)
		for cut < len(text) && cut > 1<<15 && text[cut]&0xc0 == 0x80 {
			cut--
		}
		chunk := text[:cut]
		text = text[cut:]
		var acc uint64
		for i := 0; i < len(chunk); {
			i, acc, prev, pair = countASCII(chunk, i, acc, prev, pair)
			if i == len(chunk) {
				break
			}
			prev = 0 // shoutedWords reads ASCII letters only
			r, size := utf8.DecodeRuneInString(chunk[i:])
			switch {
			case unicode.IsUpper(r):
				acc += laneCaps | laneLetters
			case unicode.IsLetter(r):
				acc += laneLetters
			}
			i += size
		}
		excl += int(acc & 0xffff)
		quest += int(acc >> 16 & 0xffff)
		caps += int(acc >> 32 & 0xffff)
		letters += int(acc >> 48)
	}
	return excl, quest, caps, letters, pair != 0
}

// countASCII adds s[i:] up to its first non-ASCII byte to the lanes of
// acc; prev is 1 after a capital, and pair becomes 1 at a capital after a
// capital. It is the hot loop of textCounts, kept out of line so that its
// counters stay in registers.
//
//go:noinline
func countASCII(s string, i int, acc, prev, pair uint64) (int, uint64, uint64, uint64) {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	// Eight ASCII bytes at a time: each test sets the high bit of the bytes
	// it finds. Adding to a byte below 0x80 sets its high bit when the byte
	// is at least 0x80 less the number added, with no carry into the next.
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i : i+8])
		if x&highs != 0 {
			break // the bytes below find the non-ASCII one
		}
		excl := ^(x ^ ones*'!' + lows) & highs
		quest := ^(x ^ ones*'?' + lows) & highs
		upper := (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1)) & highs
		lower := (x + ones*(0x80-'a')) &^ (x + ones*(0x80-'z'-1)) & highs
		acc += uint64(bits.OnesCount64(excl)) | uint64(bits.OnesCount64(quest))<<16 |
			uint64(bits.OnesCount64(upper))<<32 | uint64(bits.OnesCount64(upper|lower))<<48
		if upper&(upper<<8|prev<<7) != 0 { // a capital after a capital
			pair = 1
		}
		prev = upper >> 63
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			break
		}
		// One table read counts the byte in every lane at once.
		t := asciiTone[c]
		acc += t
		up := t >> 32 & 1 // a capital
		pair |= up & prev
		prev = up
	}
	return i, acc, prev, pair
}

// load64 reads the first eight bytes of s little-endian; callers slice s to
// eight bytes, so that the compiler reads them with one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// The lanes of textCounts.
const (
	laneExcl    = 1
	laneQuest   = 1 << 16
	laneCaps    = 1 << 32
	laneLetters = 1 << 48
)

// asciiTone adds an ASCII byte to the lanes it counts in.
var asciiTone = func() (t [utf8.RuneSelf]uint64) {
	t['!'], t['?'] = laneExcl, laneQuest
	for c := 'a'; c <= 'z'; c++ {
		t[c] = laneLetters
		t[c-'a'+'A'] = laneLetters | laneCaps
	}
	return
}()

// shoutedWords counts words of three or more letters written all in
// capitals, leaving out the usual acronyms.
func shoutedWords(text string) int {
	n := 0
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		upper := true
		for j < len(text) && isASCIILetter(text[j]) {
			if text[j] >= 'a' {
				upper = false
			}
			j++
		}
		if upper && j-i >= 3 && !acronyms[text[i:j]] {
			n++
		}
		i = j
	}
	return n
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

var acronyms = map[string]bool{"SLA": true, "API": true, "CRM": true, "ERP": true, "SSO": true, "CEO": true,
	"CFO": true, "CTO": true, "CIO": true, "ROI": true, "SAP": true, "AWS": true, "HIPAA": true, "GDPR": true,
	"SOC": true, "USA": true, "NASA": true, "FAQ": true, "PDF": true, "URL": true, "HTML": true, "HTTP": true,
	"SQL": true, "KPI": true, "RFP": true, "POS": true, "SMS": true, "VAT": true, "USD": true, "EUR": true}

func isHarsh(t string) bool {
	switch t {
	case "wrong", "stupid", "idiot", "idiots", "ignorant", "clueless", "lazy", "liar", "lying", "pathetic",
		"incompetent", "fault", "problem", "obviously", "clearly", "never", "don't", "didn't", "can't",
		"dumb", "ridiculous", "crazy", "insane", "naive", "blind", "moron", "fool", "joke", "rude":
		return true
	}
	return false
}

// ngrams adds hashed unigrams and bigrams at half weight, so the cue
// features carry most of the decision across registers.
func (f *Featurizer) ngrams() {
	prev := nsStart
	for i, t := range f.toks {
		var h uint32
		if f.hash != nil {
			h = f.hash[i]
		} else {
			h = model.WordHash(t)
		}
		f.feats = append(f.feats,
			model.Feature{ID: model.Unigram(nsWord, h), Value: 0.5},
			model.Feature{ID: model.Bigram(nsBigram, prev, h), Value: 0.5})
		prev = h
	}
}

// Namespaces of the word features.
var (
	nsWord   = model.Namespace("tw:")
	nsBigram = model.Namespace("tb:")
	nsStart  = model.WordHash("<s>")
)

// Evidence returns the first words of the last text behind a named tone cue
// ("disrespect", "uncalm", ...), or "".
func (f *Featurizer) Evidence(text, name string) string {
	for _, e := range f.ev {
		if e.name == name && e.end > e.start && e.end <= len(f.spans) {
			return text[f.spans[e.start].Start:f.spans[e.end-1].End]
		}
	}
	return ""
}

// Model judges respect and calm.
type Model struct {
	set        *cues.Set
	respectful *model.Linear
	calm       *model.Linear
	both       *model.Bundle
	words      bool
}

// New returns a tone model over a lexicon set and trained models (class 1 of
// each is "yes").
func New(set *cues.Set, respectful, calm *model.Linear, words bool) (*Model, error) {
	both, err := model.SharedBundle(respectful, calm)
	if err != nil {
		return nil, err
	}
	return &Model{set: set, respectful: respectful, calm: calm, both: both, words: words}, nil
}

// NewFeaturizer returns a featurizer matching the model's training.
func (m *Model) NewFeaturizer() *Featurizer { return NewFeaturizer(m.set, m.words) }

// Score returns p(respectful) and p(calm) of a text.
func (m *Model) Score(f *Featurizer, text string) (respectful, calm float64) {
	var buf [2]float64
	p := m.both.Yes(f.Features(text), buf[:0])
	return p[0], p[1]
}

// ScoreScanned is Score for a text already tokenized and scanned with the
// model's lexicon set.
func (m *Model) ScoreScanned(f *Featurizer, text string, toks []string, spans []lang.Span, hits []cues.Hit) (respectful, calm float64) {
	var buf [2]float64
	p := m.both.Yes(f.FeaturesScanned(text, toks, spans, hits), buf[:0])
	return p[0], p[1]
}

// ScoreHashed is ScoreScanned with each token's model.WordHash given too
// (hashes[i] of toks[i]).
func (m *Model) ScoreHashed(f *Featurizer, text string, toks []string, hashes []uint32, spans []lang.Span, hits []cues.Hit) (respectful, calm float64) {
	var buf [2]float64
	p := m.both.Yes(f.FeaturesHashed(text, toks, hashes, spans, hits), buf[:0])
	return p[0], p[1]
}

// Threshold returns the decision threshold of the "respectful" or "calm"
// model (recorded at training, 0.5 by default).
func (m *Model) Threshold(name string) float64 {
	mm := m.respectful
	if name == "calm" {
		mm = m.calm
	}
	if t, ok := mm.Meta.Thresholds["yes"]; ok {
		return t
	}
	return 0.5
}

// intensity are the features of emotional intensity: exclamations,
// capitals, intensifiers, emotion and agitation words. They say whether a
// text is calm; whether it is respectful is a different question (an upset
// rep can still be respectful), so the respectful model is trained without
// them.
var intensity = func() map[uint32]bool {
	m := map[uint32]bool{}
	// Length too: in our data short lines are more often curt, but a short
	// reply is not a disrespectful one.
	for _, n := range []string{"t:excl", "t:excl>=2", "t:excl>=3", "t:interrobang", "t:caps_word", "t:caps_words>=3", "t:shouting",
		"t:len<=5", "t:len<=15", "t:len<=40", "t:len<=100", "t:len>100"} {
		m[model.HashString(n)] = true
	}
	for i, n := range Lexicons {
		switch n {
		case cues.Uncalm, cues.Intensifiers, cues.Emotion:
			lf := toneLexFeatures[i]
			m[lf.has], m[lf.two], m[lf.four], m[lf.density] = true, true, true, true
		}
	}
	return m
}()

// WithoutIntensity returns fs without the intensity features, for training
// the respectful model (it filters in place).
func WithoutIntensity(fs []model.Feature) []model.Feature {
	out := fs[:0]
	for _, f := range fs {
		if !intensity[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// Has reports whether the last text featurized holds a cue of the lexicon.
func (f *Featurizer) Has(name string) bool {
	for i, n := range Lexicons {
		if n == name {
			id := f.lex[i]
			return id >= 0 && id < len(f.count) && f.count[id] > 0
		}
	}
	return false
}

// Set returns the lexicon set the featurizer scans with.
func (f *Featurizer) Set() *cues.Set { return f.set }
