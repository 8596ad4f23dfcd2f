package judge

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/tone"
)

// LetGoClasses are the classes of the let-go model.
var LetGoClasses = []string{string(pushback.HowAgreed), string(pushback.HowConceded), string(pushback.HowIgnored), string(pushback.HowClarifyingQuestion)}

// Models are the trained models the judge uses; LetGo may be nil (rules
// decide how a moment was let go).
type Models struct {
	PushedBack, Warning, Permission *model.Linear // binary: class 1 = yes
	GaveReason                      *model.Linear // binary; nil: a rule decides
	LetGo                           *model.Linear
	Tone                            *tone.Model
}

// Judge judges responses. It is safe for concurrent use.
type Judge struct {
	set    *cues.Set
	m      Models
	yes    *model.Bundle // pushed back, warning, permission[, gave reason]
	reason bool          // the bundle holds the gave-reason model
	pool   sync.Pool
}

type state struct {
	f  *Featurizer
	tf *tone.Featurizer
	p  []float64
	// The last prospects' first names: a call's moments mostly come from
	// the same few speakers.
	names [4]struct{ prospect, name string }
	next  int
}

// firstName is pushback.FirstName(prospect), remembered for the next calls.
func (st *state) firstName(prospect string) string {
	for i := range st.names { // (the zero state holds FirstName(""), "")
		if st.names[i].prospect == prospect {
			return st.names[i].name
		}
	}
	e := &st.names[st.next%len(st.names)]
	st.next++
	e.prospect, e.name = prospect, pushback.FirstName(prospect)
	return e.name
}

// CompileCues compiles the lexicons the judge and its tone model read.
func CompileCues(pb *pushback.Playbook) (*cues.Set, error) {
	want := map[string]bool{}
	for _, n := range repLexicons {
		want[n] = true
	}
	for _, n := range tone.Lexicons {
		want[n] = true
	}
	return cues.CompileOnly(pb, func(name string) bool { return want[name] })
}

// New returns a judge over a lexicon set from CompileCues.
func New(set *cues.Set, m Models) (*Judge, error) {
	j := &Judge{set: set, m: m}
	ms := []*model.Linear{m.PushedBack, m.Warning, m.Permission}
	if m.GaveReason != nil {
		ms = append(ms, m.GaveReason)
		j.reason = true
	}
	var err error
	if j.yes, err = model.SharedBundle(ms...); err != nil {
		return nil, err
	}
	j.pool.New = func() any { return &state{f: NewFeaturizer(set), tf: m.Tone.NewFeaturizer()} }
	return j, nil
}

func threshold(m *model.Linear) float64 {
	if t, ok := m.Meta.Thresholds["yes"]; ok {
		return t
	}
	return 0.5
}

// PushedBackScore is the pushed-back model's probability for the exchange
// (Response.Scores["pushed_back"]), without the rest of the verdict: a quick look for the engine's
// rescue of near misses, most of which the rep lets go.
func (j *Judge) PushedBackScore(items []Item, repTurns []int, claim, prospect string) float64 {
	if len(repTurns) == 0 {
		return 0
	}
	st := j.pool.Get().(*state)
	defer j.pool.Put(st)
	x := st.f.Analyze(items, claim, st.firstName(prospect))
	st.p = j.yes.Yes(x.Features(), st.p)
	return st.p[0]
}

// Respond judges the exchange after a moment. repTurns are the rep turns in
// items; with none, the rep did not reply before the talk moved on.
func (j *Judge) Respond(items []Item, repTurns []int, claim, prospect string) *pushback.Response {
	st := j.pool.Get().(*state)
	defer j.pool.Put(st)
	name := st.firstName(prospect)
	r := &pushback.Response{Turns: repTurns, Scores: map[string]float64{}, Evidence: map[string]string{}}
	if r.Turns == nil {
		r.Turns = []int{}
	}
	if len(repTurns) == 0 {
		r.How = pushback.HowNoReply
		r.Reasons = []string{"no rep turn before the talk moved on"}
		return r
	}
	x := st.f.Analyze(items, claim, name)
	fs := x.Features()
	st.p = j.yes.Yes(fs, st.p)
	pb := st.p[0]
	r.Scores["pushed_back"] = round3(pb)
	// Asking permission to speak to the point is pushing back, by the
	// method's definition, whatever the words of the request.
	asked := x.permQ != never
	r.PushedBack = pb >= threshold(j.m.PushedBack) || asked
	r.UsedName = x.usedName
	if r.UsedName {
		r.Evidence["used_name"] = x.itemWith(func(t string) bool { return containsWord(t, name) })
	}
	if !r.PushedBack {
		r.How = j.letGo(x, fs, r)
		return r
	}
	r.How = pushback.HowPushedBack
	if c := x.challengeText(); c != "" {
		r.Evidence["pushed_back"] = c
	}
	w, p := st.p[1], st.p[2]
	r.Scores["warning"] = round3(w)
	r.Scores["permission"] = round3(p)
	// A warning cue before the challenge, or a permission question, decide
	// for themselves; the models weigh the subtler wordings.
	r.Warning = w >= threshold(j.m.Warning) || x.warnedFirst()
	r.Permission = p >= threshold(j.m.Permission) || asked
	if r.Warning {
		if e := x.lexText(rWarning); e != "" {
			r.Evidence["warning"] = e
		}
	}
	if r.Permission {
		if x.permQ != never {
			r.Evidence["permission"] = x.Items[x.permQ.item].Text
		} else if e := x.lexText(rPermission); e != "" {
			r.Evidence["permission"] = e
		}
		r.PermissionFirst = x.permQ == never || x.challenge == never || x.permQ.before(x.challenge)
		r.WaitedForAnswer = x.waited()
	}
	// Tone over what the rep said in the exchange.
	repText, toks, spans, hits := st.f.RepText()
	resp, calm := j.m.Tone.ScoreHashed(st.tf, repText, toks, st.f.RepHashes(), spans, hits)
	r.Scores["respectful"] = round3(resp)
	r.Scores["calm"] = round3(calm)
	// A flat contradiction or a put-down is disrespectful by definition.
	_, putDown := x.first(rPutDowns)
	r.Respectful = pushback.Bool(resp >= toneThreshold(j.m.Tone, "respectful") && !putDown)
	r.Calm = pushback.Bool(calm >= toneThreshold(j.m.Tone, "calm"))
	if !*r.Respectful {
		if putDown {
			r.Evidence["respectful"] = x.lexText(rPutDowns)
		} else if e := st.tf.Evidence(repText, cues.Disrespect); e != "" {
			r.Evidence["respectful"] = x.sentenceWith(e)
		}
	}
	if !*r.Calm {
		for _, n := range []string{cues.Uncalm, cues.Emotion, cues.Intensifiers} {
			if e := st.tf.Evidence(repText, n); e != "" {
				r.Evidence["calm"] = x.sentenceWith(e)
				break
			}
		}
		if r.Evidence["calm"] == "" && strings.Contains(repText, "!") {
			r.Evidence["calm"] = x.itemWith(func(t string) bool { return strings.Contains(t, "!") })
		}
	}
	if j.reason {
		// The model, or a figure after the challenge began: a number is
		// evidence however it is phrased.
		g := st.p[3]
		r.Scores["gave_reason"] = round3(g)
		r.GaveReason = g >= threshold(j.m.GaveReason) || x.figureAfterChallenge()
	} else {
		r.GaveReason = x.gaveReason()
	}
	if r.GaveReason {
		r.Evidence["gave_reason"] = x.lexTextAfter(rReason, x.challenge)
	}
	r.Reasons = x.reasons(r)
	return r
}

func toneThreshold(m *tone.Model, name string) float64 { return m.Threshold(name) }

// letGoReasons are the reasons given for the LetGoClasses.
var letGoReasons = func() []string {
	out := make([]string, len(LetGoClasses))
	for i, c := range LetGoClasses {
		out[i] = fmt.Sprintf("let it go: %s", strings.ReplaceAll(c, "_", " "))
	}
	return out
}()

// letGo decides how a moment was let go.
func (j *Judge) letGo(x *Exchange, fs []model.Feature, r *pushback.Response) pushback.How {
	if j.m.LetGo != nil {
		var buf [4]float64
		p := j.m.LetGo.Probs(fs, buf[:0])
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		r.Reasons = []string{letGoReasons[best]}
		return pushback.How(LetGoClasses[best])
	}
	_, conceded := x.first(rConcession)
	_, agreed := x.first(rAgreement)
	_, clarify := x.first(rClarify)
	switch {
	case conceded:
		r.Evidence["how"] = x.lexText(rConcession)
		return pushback.HowConceded
	case x.questions == x.repItems || clarify && x.questions > 0:
		r.Evidence["how"] = x.itemWith(func(t string) bool { return strings.HasSuffix(strings.TrimSpace(t), "?") })
		return pushback.HowClarifyingQuestion
	case agreed && x.overlap > 0:
		r.Evidence["how"] = x.lexText(rAgreement)
		return pushback.HowAgreed
	}
	return pushback.HowIgnored
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// lexText returns the rep sentence holding the first cue of a lexicon.
func (x *Exchange) lexText(lex int) string {
	if p, ok := x.first(lex); ok {
		return x.Items[p.item].Text
	}
	return ""
}

func (x *Exchange) lexTextAfter(lex int, after pos) string {
	for i, it := range x.Items {
		if it.Role == pushback.RoleRep && (after == never || i >= after.item) {
			if p, ok := x.first(lex); ok && p.item <= i {
				return it.Text
			}
		}
	}
	return x.lexText(lex)
}

func (x *Exchange) challengeText() string {
	if x.challenge != never {
		return x.Items[x.challenge.item].Text
	}
	for _, it := range x.Items {
		if it.Role == pushback.RoleRep {
			return it.Text
		}
	}
	return ""
}

// sentenceWith returns the rep's sentence that holds words (a cue's words
// behind a verdict), as the other evidence quotes whole sentences; words
// themselves when no one sentence holds them.
func (x *Exchange) sentenceWith(words string) string {
	if s := x.itemWith(func(t string) bool { return strings.Contains(t, words) }); s != "" {
		return s
	}
	return words
}

func (x *Exchange) itemWith(ok func(string) bool) string {
	for _, it := range x.Items {
		if it.Role == pushback.RoleRep && ok(it.Text) {
			return it.Text
		}
	}
	return ""
}

// gaveReason: evidence or a fact after the challenge began, or more than the
// bare contradiction.
func (x *Exchange) gaveReason() bool {
	p, ok := x.first(rReason)
	if ok && (x.challenge == never || !p.before(pos{x.challenge.item, 0})) {
		return true
	}
	return x.figureAfterChallenge()
}

// figureAfterChallenge: a rep sentence from the challenge on holds a number.
func (x *Exchange) figureAfterChallenge() bool {
	for i, it := range x.Items {
		if it.Role != pushback.RoleRep || (x.challenge != never && i < x.challenge.item) {
			continue
		}
		for _, r := range it.Text {
			if r >= '0' && r <= '9' {
				return true
			}
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(it.Text), func(r rune) bool { return r == ' ' || r == ',' || r == '.' }) {
			if numberWords[w] {
				return true
			}
		}
	}
	return false
}

var numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "fifteen": true,
	"twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true, "hundred": true,
	"thousand": true, "million": true, "percent": true, "half": true, "dozen": true}

// warnedFirst: a warning, in a sentence of its own rather than inside the
// request for permission, comes before the challenge.
func (x *Exchange) warnedFirst() bool {
	return x.warn != never && (x.challenge == never || x.warn.before(x.challenge))
}

func (x *Exchange) reasons(r *pushback.Response) []string {
	out := make([]string, 0, 5) // one for each of the five points below
	say := func(ok bool, yes, no string) {
		if ok {
			out = append(out, yes)
		} else if no != "" {
			out = append(out, no)
		}
	}
	say(r.Warning, "warned that a different view was coming", "no warning before the challenge")
	switch {
	case r.Permission && r.PermissionFirst:
		say(true, "asked permission before challenging", "")
	case r.Permission:
		say(true, "asked permission, but after challenging", "")
	default:
		say(false, "", "did not ask permission")
	}
	if r.Respectful != nil {
		say(*r.Respectful, "respectful", "not respectful")
	}
	if r.Calm != nil {
		say(*r.Calm, "calm", "not calm")
	}
	say(r.GaveReason, "gave a reason", "gave no reason")
	return out
}

func containsWord(text, word string) bool {
	if word == "" {
		return false
	}
	lw := strings.ToLower(word)
	if isASCII(text) {
		// The same fields, read in place: runs of letters, digits and
		// apostrophes, compared without case.
		for i := 0; i < len(text); {
			if !asciiWordByte(text[i]) {
				i++
				continue
			}
			j := i + 1
			for j < len(text) && asciiWordByte(text[j]) {
				j++
			}
			if j-i == len(lw) && equalLower(text[i:j], lw) {
				return true
			}
			i = j
		}
		return false
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 || r == '\'')
	}) {
		if f == lw {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiWordByte(c byte) bool {
	l := c | 0x20 // A-Z to a-z; no other byte becomes a letter
	return l >= 'a' && l <= 'z' || c >= '0' && c <= '9' || c == '\''
}

// equalLower reports whether ASCII w, lower-cased, is lw.
func equalLower(w, lw string) bool {
	for k := 0; k < len(w); k++ {
		c := w[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lw[k] {
			return false
		}
	}
	return true
}

// Tone returns p(respectful) and p(calm) of any text, as the judge weighs a
// push-back: a put-down makes it disrespectful whatever the model says.
func (j *Judge) Tone(text string) (respectful, calm float64, putDown bool) {
	st := j.pool.Get().(*state)
	defer j.pool.Put(st)
	respectful, calm = j.m.Tone.Score(st.tf, text)
	return respectful, calm, st.tf.Has(cues.PutDowns)
}

// ToneThreshold is the decision threshold of a tone model.
func (j *Judge) ToneThreshold(name string) float64 { return j.m.Tone.Threshold(name) }
