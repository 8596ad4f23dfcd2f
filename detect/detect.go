package detect

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/model"
)

// Classes of the moment model, "none" first.
var Classes = []string{"none", string(pushback.IncorrectFact), string(pushback.UnfoundedConclusion), string(pushback.ForwardLooking)}

// DefaultThreshold is the moment probability above which a candidate is a
// moment when the model records no threshold of its own.
const DefaultThreshold = 0.5

// Detector finds moments. It is safe for concurrent use.
type Detector struct {
	set       *cues.Set // the lexicons the features read
	topicSet  *cues.Set // the topic lexicons, scanned for moments only
	topicList []pushback.Topic
	topicLex  []int // lexicon id of each of topicList
	compID    int   // the competitor lexicon in set, or -1
	pb        *pushback.Playbook
	model     *model.Linear
	threshold float64
	pool      sync.Pool // *state
	cands     sync.Pool // *turnBuf
}

// CompileCues compiles the lexicons the detector's features read: the
// prospect lexicons, the playbook's facts and competitors.
func CompileCues(pb *pushback.Playbook) (*cues.Set, error) {
	want := map[string]bool{cues.Competitor: true}
	for _, n := range prospectLexicons {
		want[n] = true
	}
	return cues.CompileOnly(pb, func(name string) bool { return want[name] || strings.HasPrefix(name, "fact:") })
}

// SensitivityShift moves the model's moment threshold by the playbook's
// sensitivity. Leaving one writer out over 62 sets (-loso ... -sweep), the
// shipped threshold of 0.475 gives pooled precision about 0.87 and recall
// 0.78; 0.625 (low) about 0.90 and 0.73, and the worst set's F1 rises from
// about 0.57 to 0.64 (calls with few moments, where false alarms are what
// hurts); 0.375 (high) about 0.83 and 0.81.
var SensitivityShift = map[pushback.Sensitivity]float64{
	pushback.SensitivityLow:  0.15,
	pushback.SensitivityHigh: -0.1,
}

// New returns a detector for a playbook and a trained model.
func New(pb *pushback.Playbook, m *model.Linear) (*Detector, error) {
	set, err := CompileCues(pb)
	if err != nil {
		return nil, err
	}
	topicSet, err := cues.CompileOnly(pb, func(name string) bool { return strings.HasPrefix(name, "topic:") })
	if err != nil {
		return nil, err
	}
	d := &Detector{set: set, topicSet: topicSet, pb: pb, model: m, threshold: DefaultThreshold,
		topicList: topicSet.Topics(), compID: set.ID(cues.Competitor)}
	for i := range d.topicList {
		d.topicLex = append(d.topicLex, topicSet.TopicLex(i))
	}
	if t, ok := m.Meta.Thresholds["moment"]; ok {
		d.threshold = t
	}
	d.threshold = min(max(d.threshold+SensitivityShift[pb.Sensitivity], 0.05), 0.95)
	d.pool.New = func() any { return &state{f: NewFeaturizer(set, pb)} }
	d.cands.New = func() any { return new(turnBuf) }
	return d, nil
}

type state struct {
	f      *Featurizer
	probs  []float64
	sc     cues.Scanner
	topics []cues.Hit
	found  []topicCount
}

// topicCount is how many words of a moment name a topic.
type topicCount struct {
	t pushback.Topic
	n int
}

// Verdict is the detector's decision on one candidate.
type Verdict struct {
	Moment     bool
	Category   pushback.Category
	Confidence float64 // probability that it is a moment
	Topics     []pushback.Topic
	Reasons    []string
	Fact       *pushback.FactRef
}

// Detect returns the moments of a call, in order.
func (d *Detector) Detect(call *pushback.Call) []pushback.Moment {
	moments := []pushback.Moment{}
	for ti := range call.Turns {
		moments = d.DetectTurn(moments, call, ti)
	}
	return moments
}

// DetectTurn appends the moments of one turn of a call to dst.
func (d *Detector) DetectTurn(dst []pushback.Moment, call *pushback.Call, turn int) []pushback.Moment {
	dst, _ = d.DetectTurnNear(dst, call, turn)
	return dst
}

// Near is a turn's likeliest candidate that came within NearMissRatio of the
// threshold without reaching it, when the turn has no moment (OK false
// otherwise): a moment the rep's own push-back may confirm (engine.Rescue).
type Near struct {
	Cand Candidate
	Conf float64
	OK   bool
}

// DetectTurnNear is DetectTurn that also returns the turn's near miss, from
// the same pass over its candidates.
//
// A claim often runs over two sentences ("Package lockers are just
// expensive shelves. A room with a lock does the same thing."): when the
// sentence before or after a moment, in the same turn, is itself a near miss
// and not a question, the moment's quote takes it in too. A near miss
// between two moments joins the first, so quotes never overlap.
func (d *Detector) DetectTurnNear(dst []pushback.Moment, call *pushback.Call, turn int) ([]pushback.Moment, Near) {
	var near Near
	found := false
	tb := d.cands.Get().(*turnBuf)
	defer d.cands.Put(tb)
	tb.cands = TurnCandidates(tb.cands[:0], call, turn)
	tb.verdicts = tb.verdicts[:0]
	for i := range tb.cands {
		tb.verdicts = append(tb.verdicts, d.Judge(&tb.cands[i]))
	}
	joins := func(k int) bool {
		return k >= 0 && k < len(tb.cands) && d.near(tb.verdicts[k]) && !endsWithQuestion(tb.cands[k].Text)
	}
	taken := 0 // the end of the last moment's quote: a near miss joins one moment
	for i, c := range tb.cands {
		v := tb.verdicts[i]
		if !v.Moment {
			if d.near(v) && v.Confidence > near.Conf {
				near = Near{Cand: c, Conf: v.Confidence, OK: true}
			}
			continue
		}
		found = true
		quote := c.Text
		start, end := c.Start, c.End
		if joins(i-1) && tb.cands[i-1].End <= start && tb.cands[i-1].Start >= taken {
			start = tb.cands[i-1].Start
		}
		if joins(i+1) && tb.cands[i+1].Start >= end {
			end = tb.cands[i+1].End
		}
		if start != c.Start || end != c.End {
			quote = call.Turns[turn].Text[start:end]
		}
		taken = end
		dst = append(dst, pushback.Moment{
			Turn: c.Turn, Quote: quote, Category: v.Category, Topics: v.Topics,
			Confidence: round3(v.Confidence), Reasons: v.Reasons, Fact: v.Fact,
		})
	}
	if found {
		near = Near{}
	}
	return dst, near
}

// turnBuf holds a turn's candidates and their verdicts between calls.
type turnBuf struct {
	cands    []Candidate
	verdicts []Verdict
}

// NearMissRatio sets how close to the threshold a candidate must come to be a
// near miss.
const NearMissRatio = 0.5

// near reports whether a verdict is a near miss: no moment, but within
// NearMissRatio of the threshold.
func (d *Detector) near(v Verdict) bool {
	return !v.Moment && v.Confidence >= d.threshold*NearMissRatio
}

// NearMiss returns the near miss of a turn as a moment, or false.
func (d *Detector) NearMiss(call *pushback.Call, turn int) (pushback.Moment, bool) {
	_, near := d.DetectTurnNear(nil, call, turn)
	return d.NearMoment(near)
}

// NearMoment makes a moment of a near miss, with its reasons and topics.
func (d *Detector) NearMoment(near Near) (pushback.Moment, bool) {
	if !near.OK {
		return pushback.Moment{}, false
	}
	v := d.judgeWith(&near.Cand, 0)
	return pushback.Moment{
		Turn: near.Cand.Turn, Quote: near.Cand.Text, Category: v.Category, Topics: v.Topics,
		Confidence: round3(v.Confidence), Reasons: v.Reasons, Fact: v.Fact,
	}, true
}

// Classify judges one utterance on its own, as its best candidate.
func (d *Detector) Classify(text string) (Verdict, string) {
	cands := TextCandidates(nil, 0, text)
	best, quote := Verdict{Topics: []pushback.Topic{}, Reasons: []string{}}, ""
	for i := range cands {
		cands[i].First = i == 0
		v := d.Judge(&cands[i])
		if i == 0 || v.Confidence > best.Confidence {
			best, quote = v, cands[i].Text
		}
	}
	return best, quote
}

// Threshold is the confidence from which a candidate is a moment.
func (d *Detector) Threshold() float64 { return d.threshold }

// Judge classifies one candidate.
func (d *Detector) Judge(c *Candidate) Verdict { return d.judgeWith(c, d.threshold) }

func (d *Detector) judgeWith(c *Candidate, threshold float64) Verdict {
	st := d.pool.Get().(*state)
	defer d.pool.Put(st)
	fs := st.f.Features(c)
	st.probs = d.model.Probs(fs, st.probs)
	p := st.probs
	conf := 1 - p[0]
	v := Verdict{Confidence: conf}
	best := 1
	for k := 2; k < len(p); k++ {
		if p[k] > p[best] {
			best = k
		}
	}
	v.Category = pushback.Category(Classes[best])
	v.Moment = conf >= threshold
	if !v.Moment {
		return v
	}
	// Explanations and tags only for moments: the hot path stays lean.
	v.Reasons = d.reasons(st.f, c.Text, best)
	v.Topics = d.topics(st)
	if h := st.f.fact; h.fact != nil && h.reason != "" && h.reason != "agrees" {
		v.Fact = &pushback.FactRef{ID: h.fact.ID, Claim: h.fact.Claim}
		for _, t := range h.fact.Topics {
			v.Topics = addTopic(v.Topics, t)
		}
	}
	return v
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

var reasonTemplates = map[string]string{
	"c:seller_future":          "prediction about the seller: '%s'",
	"c:seller_bad_outcome":     "predicts the seller will let them down: '%s'",
	"c:predicts_bad_outcome":   "predicts a bad outcome: '%s'",
	"c:seller_bad_event":       "says something bad happened at the seller: '%s'",
	"c:rule_negated":           "says what a rule does not require or allow: '%s'",
	"c:rule_absolute":          "sweeping claim about a rule: '%s'",
	"c:rule_claim":             "claims what a rule or regulator says: '%s'",
	"c:seller_cannot":          "says the seller can't or doesn't: '%s'",
	"c:seller_negation":        "denies something about the seller: '%s'",
	"c:seller_judgment":        "judges the seller: '%s'",
	"c:seller_verdict":         "dismisses the offer: '%s'",
	"c:generalises_experience": "generalises from one experience: '%s'",
	"c:sweeping_judgment":      "sweeping judgment: '%s'",
	"c:own_verdict":            "premature verdict on their own need: '%s'",
	"c:seller_number":          "a figure about the seller: '%s'",
	"c:future":                 "future or prediction marker: '%s'",
	"c:absolutes":              "absolute or sweeping word: '%s'",
	"c:verdicts":               "quick verdict: '%s'",
	"c:judgments":              "negative judgment: '%s'",
	"c:experience":             "anecdote: '%s'",
	"c:hedges":                 "hedged claim: '%s'",
	"c:reported":               "repeats what others say: '%s'",
	"c:jokes":                  "said as a joke or aside: '%s'",
	"c:comparisons":            "comparison: '%s'",
	"c:competitor":             "names a competitor: '%s'",
	"c:tag_questions":          "a claim with a tag question: '%s'",
	"c:seller_refs":            "about the seller: '%s'",
	"c:negation":               "negation: '%s'",
	"c:number":                 "a figure: '%s'",
	"c:intensifiers":           "emphatic: '%s'",
	"c:emotion":                "emotional word: '%s'",
}

// reasons lists the cues that pushed the candidate towards its class, most
// influential first, then the words that did when no cue did.
func (d *Detector) reasons(f *Featurizer, text string, class int) []string {
	type scored struct {
		msg string
		w   float32
	}
	var rs []scored
	seen := map[string]bool{}
	for _, c := range f.cues {
		w := d.model.Weight(model.HashString(c.name), class) - d.model.Weight(model.HashString(c.name), 0)
		if w <= 0.05 || seen[c.name] {
			continue
		}
		seen[c.name] = true
		var msg string
		switch c.name {
		case "c:misconception":
			msg = fmt.Sprintf("repeats a known misconception: '%s'", c.note)
		case "c:fact_contradiction":
			msg = fmt.Sprintf("contradicts the playbook fact %q (%s)", f.fact.fact.ID, c.note)
		default:
			tpl, ok := reasonTemplates[c.name]
			if !ok {
				continue
			}
			msg = fmt.Sprintf(tpl, f.span(text, c.start, c.end))
		}
		rs = append(rs, scored{msg, w})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].w > rs[j].w })
	out := []string{}
	for i, r := range rs {
		if i == 4 {
			break
		}
		out = append(out, r.msg)
	}
	if len(out) == 0 {
		// The words did it: name the three that weighed most.
		type tw struct {
			t string
			w float32
		}
		var ws []tw
		for _, t := range f.toks {
			id := model.Unigram(nsWord, model.WordHash(t))
			if w := d.model.Weight(id, class) - d.model.Weight(id, 0); w > 0.05 {
				ws = append(ws, tw{t, w})
			}
		}
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].w > ws[j].w })
		// Name content words ("apps", "kids"), not the function words
		// around them ("are", "for"), unless there are no others.
		var words []string
		for _, content := range []bool{true, false} {
			for i := 0; i < len(ws) && len(words) < 3; i++ {
				if content && stopwords[ws[i].t] {
					continue
				}
				if !contains(words, "'"+ws[i].t+"'") {
					words = append(words, "'"+ws[i].t+"'")
				}
			}
			if len(words) > 0 {
				break
			}
		}
		if len(words) > 0 {
			out = append(out, "wording typical of this kind of moment: "+strings.Join(words, ", "))
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// span returns the text of tokens [start, end) of the current candidate.
func (f *Featurizer) span(text string, start, end int) string {
	if end <= start || end > len(f.spans) {
		return ""
	}
	if start > 0 && strings.HasPrefix(f.toks[start], "'") {
		start-- // "you'll", not "'ll"
	}
	return text[f.spans[start].Start:f.spans[end-1].End]
}

// topics tags the candidate with the topics whose words it uses, the most
// mentioned first, at most three.
func (d *Detector) topics(st *state) []pushback.Topic {
	f := st.f
	st.topics = d.topicSet.Scan(&st.sc, f.toks, st.topics[:0])
	found := st.found[:0]
	for i, t := range d.topicList {
		lex := d.topicLex[i]
		n := 0
		for _, h := range st.topics {
			if h.Lex == lex {
				n++
			}
		}
		if n > 0 {
			found = append(found, topicCount{t, n})
		}
	}
	if id := d.compID; id >= 0 && id < len(f.has) && f.has[id] {
		found = append(found, topicCount{pushback.TopicCompetitor, 2})
	}
	// Most words first, in topic order among equals (a stable insertion
	// sort: there are a handful).
	for i := 1; i < len(found); i++ {
		for j := i; j > 0 && found[j].n > found[j-1].n; j-- {
			found[j], found[j-1] = found[j-1], found[j]
		}
	}
	st.found = found
	out := []pushback.Topic{}
	for _, x := range found {
		if len(out) == 3 {
			break
		}
		out = addTopic(out, x.t)
	}
	return out
}

func addTopic(ts []pushback.Topic, t pushback.Topic) []pushback.Topic {
	for _, x := range ts {
		if x == t {
			return ts
		}
	}
	return append(ts, t)
}
