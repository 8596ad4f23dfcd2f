package detect

import (
	"fmt"
	"slices"
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
	prior     float64   // the share of the training calls' candidates that are moments; 0: no adaptation
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
// sensitivity; each call then moves its own from there (CallThreshold).
// Leaving one writer out over the 36 sets of long calls with few moments
// (-loso ... -sweep, 150 sets), the threshold then shipped (0.275) pooled
// F1 0.757 there (precision 0.684); fixed thresholds of 0.50-0.55 pooled
// 0.805-0.808 (precision 0.82-0.84), so low is +0.25. On calls dense with
// moments the shipped threshold does best, and high (-0.1) flags more.
var SensitivityShift = map[pushback.Sensitivity]float64{
	pushback.SensitivityLow:  0.25,
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
	if p, ok := m.Meta.Thresholds[PriorKey]; ok && p > 0 && p < 1 {
		d.prior = p
	}
	d.pool.New = func() any { return d.newState() }
	d.cands.New = func() any { return new(turnBuf) }
	return d, nil
}

func (d *Detector) newState() *state { return &state{f: NewFeaturizer(d.set, d.pb)} }

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
	var before Prior
	for ti := range call.Turns {
		var here Prior
		moments, _, here = d.DetectTurnNear(moments, call, ti, before)
		before = before.Add(here)
	}
	return moments
}

// Prior is what a call's prospect turns say about how dense in moments the
// call is: the sum of their candidates' moment probabilities and how many
// there are.
type Prior struct {
	Sum float64
	N   int
}

// Add returns the evidence of p and q together.
func (p Prior) Add(q Prior) Prior { return Prior{p.Sum + q.Sum, p.N + q.N} }

// PriorKey names the model's recorded share of training candidates that
// are moments, in its Meta.Thresholds.
const PriorKey = "call_prior"

// CallPriorWeight is how many candidates the training share of moments
// counts for against a call's own evidence. A call's turns move its
// threshold: a call whose candidates so far look like moments more often
// than the training calls did gets a lower one, a call of long stories with
// few claims a higher one (the prior shift of Saerens et al., 2002, in one
// step, over the turns up to the one judged, so a turn's moments still
// depend only on it and the turns before it). Leaving out eight groups of
// writers' sets in turn (go run ./cmd/pushback-train -moment-experiments),
// at 0.45 to 0.5 it moved pooled F1 from 0.784-0.780 to 0.793-0.786, the
// quarter of sets with the fewest moments from 0.688-0.701 to 0.716-0.725,
// and the lowest set from 0.565-0.550 to 0.605; weights of 20 and 40 did
// about as well.
const CallPriorWeight = 10

// TurnPrior is the evidence of one turn: its candidates' moment
// probabilities.
func (d *Detector) TurnPrior(call *pushback.Call, turn int) Prior {
	if call.Turns[turn].Role != pushback.RoleProspect || d.prior == 0 {
		return Prior{}
	}
	tb := d.cands.Get().(*turnBuf)
	defer d.cands.Put(tb)
	tb.cands = TurnCandidates(tb.cands[:0], call, turn)
	var p Prior
	for i := range tb.cands {
		p.Sum += d.confidence(&tb.cands[i])
		p.N++
	}
	return p
}

// PriorBefore is the evidence of the turns before turn.
func (d *Detector) PriorBefore(call *pushback.Call, turn int) Prior {
	var p Prior
	for t := 0; t < turn; t++ {
		p = p.Add(d.TurnPrior(call, t))
	}
	return p
}

// CallThreshold is the moment threshold for a call whose turns so far give
// the evidence p: the model's threshold, moved by the call's estimated share
// of moments against the training share.
func (d *Detector) CallThreshold(p Prior) float64 {
	if d.prior == 0 || p.N == 0 {
		return d.threshold
	}
	k := float64(CallPriorWeight)
	pi := (p.Sum + k*d.prior) / (float64(p.N) + k)
	pi = min(max(pi, 1e-4), 1-1e-4)
	odds := d.threshold / (1 - d.threshold) * (d.prior / (1 - d.prior)) / (pi / (1 - pi))
	return odds / (1 + odds)
}

// DetectTurn appends the moments of one turn of a call to dst, the turns
// before it having given the evidence before.
func (d *Detector) DetectTurn(dst []pushback.Moment, call *pushback.Call, turn int, before Prior) []pushback.Moment {
	dst, _, _ = d.DetectTurnNear(dst, call, turn, before)
	return dst
}

// Near is a turn's likeliest candidate that came within NearMissRatio of the
// threshold without reaching it, when the turn has no moment (OK false
// otherwise): a moment the rep's own push-back may confirm (engine.RescueAfter).
type Near struct {
	Cand Candidate
	Conf float64
	OK   bool
}

// DetectTurnNear is DetectTurn that also returns the turn's near miss, from
// the same pass over its candidates, and the turn's own evidence (to add to
// before for the next turn).
//
// A claim often runs over two sentences ("Package lockers are just
// expensive shelves. A room with a lock does the same thing."): when the
// sentence before or after a moment, in the same turn, is itself a near miss
// and not a question, the moment's quote takes it in too. A near miss
// between two moments joins the first, so quotes never overlap.
func (d *Detector) DetectTurnNear(dst []pushback.Moment, call *pushback.Call, turn int, before Prior) ([]pushback.Moment, Near, Prior) {
	var near Near
	found := false
	if call.Turns[turn].Role != pushback.RoleProspect {
		// No candidates: nothing to take from the pools.
		return dst, near, Prior{}
	}
	tb := d.cands.Get().(*turnBuf)
	defer d.cands.Put(tb)
	tb.cands = TurnCandidates(tb.cands[:0], call, turn)
	tb.conf = tb.conf[:0]
	// The likeliest candidate keeps its featurised state (best), so when it
	// turns out a moment, as the one moment of a turn mostly is, its reasons
	// and topics are read without featurising it again. The turn's buffer
	// keeps the two states, one pool round trip for all three.
	if tb.scratch == nil {
		tb.scratch, tb.best = d.newState(), d.newState()
	}
	scratch, best := tb.scratch, tb.best
	defer func() { tb.scratch, tb.best = scratch, best }()
	bestI := -1
	var here Prior
	for i := range tb.cands {
		scratch.probs = d.model.Probs(scratch.f.Features(&tb.cands[i]), scratch.probs)
		c := 1 - scratch.probs[0]
		if bestI < 0 || c > tb.conf[bestI] {
			scratch, best, bestI = best, scratch, i
		}
		tb.conf = append(tb.conf, c)
		here.Sum += c
		here.N++
	}
	if d.prior == 0 {
		here = Prior{}
	}
	threshold := d.CallThreshold(before.Add(here))
	nearFrom := threshold * NearMissRatio
	joins := func(k int) bool {
		return k >= 0 && k < len(tb.cands) && tb.conf[k] < threshold && tb.conf[k] >= nearFrom && !endsWithQuestion(tb.cands[k].Text)
	}
	taken := 0 // the end of the last moment's quote: a near miss joins one moment
	base := len(dst)
	var spans []QuoteSpan
	for i, c := range tb.cands {
		conf := tb.conf[i]
		if conf < threshold {
			if conf >= nearFrom && conf > near.Conf {
				near = Near{Cand: c, Conf: conf, OK: true}
			}
			continue
		}
		var v Verdict
		if i == bestI {
			v = d.verdict(best, &tb.cands[i], 0)
		} else {
			v = d.judgeWith(&tb.cands[i], 0)
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
		core := ""
		if start != c.Start || end != c.End {
			quote, core = call.Turns[turn].Text[start:end], c.Text
		}
		taken = end
		spans = append(spans, QuoteSpan{start, end, i})
		dst = append(dst, pushback.Moment{
			Turn: c.Turn, Quote: quote, Category: v.Category, Topics: v.Topics,
			Confidence: round3(v.Confidence), Reasons: v.Reasons, Fact: v.Fact, Core: core,
		})
	}
	dst = JoinAdjacent(dst, base, spans, call.Turns[turn].Text)
	if found {
		near = Near{}
	}
	return dst, near, here
}

// turnBuf holds a turn's candidates and their confidences between calls,
// and DetectTurnNear's two featurizer states (made on first use).
type turnBuf struct {
	cands         []Candidate
	conf          []float64
	scratch, best *state
}

// NearMissRatio sets how close to the threshold a candidate must come to be a
// near miss.
const NearMissRatio = 0.5

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

// confidence is the probability that a candidate is a moment.
func (d *Detector) confidence(c *Candidate) float64 {
	st := d.pool.Get().(*state)
	defer d.pool.Put(st)
	st.probs = d.model.Probs(st.f.Features(c), st.probs)
	return 1 - st.probs[0]
}

func (d *Detector) judgeWith(c *Candidate, threshold float64) Verdict {
	st := d.pool.Get().(*state)
	defer d.pool.Put(st)
	st.probs = d.model.Probs(st.f.Features(c), st.probs)
	return d.verdict(st, c, threshold)
}

// verdict is judgeWith for a candidate st has just featurised and scored.
func (d *Detector) verdict(st *state, c *Candidate, threshold float64) Verdict {
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

// reasonParts holds each of reasonTemplates split at its one "%s", so a
// reason is two concatenations instead of a fmt.Sprintf (a test keeps the
// two equal).
var reasonParts = func() map[string][2]string {
	out := make(map[string][2]string, len(reasonTemplates))
	for name, tpl := range reasonTemplates {
		before, after, _ := strings.Cut(tpl, "%s")
		out[name] = [2]string{before, after}
	}
	return out
}()

// reasons lists the cues that pushed the candidate towards its class, most
// influential first, then the words that did when no cue did.
func (d *Detector) reasons(f *Featurizer, text string, class int) []string {
	type scored struct {
		msg string
		w   float32
	}
	rs := make([]scored, 0, len(f.cues))
	var seenBuf [16]string // the cue names taken: a few, so a list, not a map
	seen := seenBuf[:0]
	for _, c := range f.cues {
		w := d.model.Weight(model.HashString(c.name), class) - d.model.Weight(model.HashString(c.name), 0)
		if w <= 0.05 || contains(seen, c.name) {
			continue
		}
		seen = append(seen, c.name)
		var msg string
		switch c.name {
		case "c:misconception":
			msg = fmt.Sprintf("repeats a known misconception: '%s'", c.note)
		case "c:world_belief":
			msg = fmt.Sprintf("repeats a common wrong belief: '%s'", c.note)
		case "c:fact_contradiction":
			msg = fmt.Sprintf("contradicts the playbook fact %q (%s)", f.fact.fact.ID, c.note)
		default:
			tpl, ok := reasonParts[c.name]
			if !ok {
				continue
			}
			msg = tpl[0] + f.span(text, c.start, c.end) + tpl[1]
		}
		rs = append(rs, scored{msg, w})
	}
	// Most weight first, in cue order among equals: sort.SliceStable's
	// insertion sort, without its reflection (there are a handful).
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].w > rs[j-1].w; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
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

// QuoteSpan is where a moment's quote lies in its turn's text (byte offsets),
// and the index of the candidate it was found on.
type QuoteSpan struct{ Start, End, Cand int }

// JoinAdjacent makes one moment of moments found on neighbouring candidates of
// one turn (dst[base:], at spans, in order): a claim that runs over two
// sentences ("Drones are a gimmick. Every drone report I've seen is useless.")
// is one moment for the rep to answer. The joined moment quotes both sentences
// and takes the verdict of the more confident one, with the topics and reasons
// of both; its Core is that sentence. The trainer joins the same way when it
// chooses the threshold.
func JoinAdjacent(dst []pushback.Moment, base int, spans []QuoteSpan, text string) []pushback.Moment {
	if len(spans) < 2 {
		return dst
	}
	n := base
	last := spans[0]
	for k := 1; k < len(spans); k++ {
		m, sp := dst[base+k], spans[k]
		if sp.Cand != last.Cand+1 {
			n++
			dst[n], last = m, sp
			continue
		}
		hi, lo := dst[n], m
		if lo.Confidence > hi.Confidence {
			hi, lo = lo, hi
		}
		for _, t := range lo.Topics {
			hi.Topics = addTopic(hi.Topics, t)
		}
		for _, r := range lo.Reasons {
			if !slices.Contains(hi.Reasons, r) {
				hi.Reasons = append(hi.Reasons, r)
			}
		}
		if hi.Core == "" {
			hi.Core = hi.Quote
		}
		hi.Quote = text[last.Start:sp.End]
		dst[n], last = hi, QuoteSpan{last.Start, sp.End, sp.Cand}
	}
	return dst[:n+1]
}
