// Package engine is the one place a call is judged: it runs the moment
// detector, the response judge and the coach over a call, so batch analysis,
// the live copilot, practice and the server all share one verdict.
package engine

import (
	"fmt"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/judge"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/models"
	"github.com/pushback-coach/pushback/tone"
)

// ModelVersion names the embedded models (models.Version): it changes
// whenever they are retrained, so stored analyses say which models judged
// them.
var ModelVersion = models.Version()

// Engine analyses calls against one playbook. It is safe for concurrent use.
type Engine struct {
	rescue bool // add the near misses the reps' push-backs confirm
	pb     *pushback.Playbook
	det    *detect.Detector
	judge  *judge.Judge
	coach  *coach.Coach
}

// Models are the trained models an engine uses. The binary embeds one set
// (EmbeddedModels); the trainer builds others to cross-validate the whole
// pipeline.
type Models struct {
	Moment                                      *model.Linear
	PushedBack, Warning, Permission, GaveReason *model.Linear
	LetGo                                       *model.Linear // may be nil
	Respectful, Calm                            *model.Linear
	Rescue                                      bool // see Engine.Rescue
}

// EmbeddedModels loads the models embedded in the binary.
func EmbeddedModels() (Models, error) {
	var ms Models
	for name, dst := range map[string]**model.Linear{
		"moment": &ms.Moment, "response-pushed_back": &ms.PushedBack, "response-warning": &ms.Warning,
		"response-permission": &ms.Permission, "response-gave_reason": &ms.GaveReason,
		"response-letgo": &ms.LetGo, "tone-respectful": &ms.Respectful, "tone-calm": &ms.Calm,
	} {
		m, err := models.Load(name)
		if err != nil {
			return Models{}, fmt.Errorf("loading the embedded models: %w", err)
		}
		*dst = m
	}
	ms.Rescue = true
	return ms, nil
}

// New compiles the playbook's cues and loads the embedded models.
func New(pb *pushback.Playbook) (*Engine, error) {
	ms, err := EmbeddedModels()
	if err != nil {
		return nil, err
	}
	return NewWithModels(pb, ms)
}

// NewWithModels is New with the given models.
func NewWithModels(pb *pushback.Playbook, ms Models) (*Engine, error) {
	det, err := detect.New(pb, ms.Moment)
	if err != nil {
		return nil, pushback.Errorf(pushback.EINVALID, "playbook %s: %v", pb.Name, err)
	}
	rset, err := judge.CompileCues(pb)
	if err != nil {
		return nil, pushback.Errorf(pushback.EINVALID, "playbook %s: %v", pb.Name, err)
	}
	tm, err := tone.New(rset, ms.Respectful, ms.Calm, ms.Respectful.Meta.Options["words"] == "true")
	if err != nil {
		return nil, err
	}
	j, err := judge.New(rset, judge.Models{
		PushedBack: ms.PushedBack, Warning: ms.Warning, Permission: ms.Permission,
		GaveReason: ms.GaveReason, LetGo: ms.LetGo, Tone: tm,
	})
	if err != nil {
		return nil, err
	}
	return &Engine{pb: pb, det: det, judge: j, coach: coach.New(pb), rescue: ms.Rescue}, nil
}

// Playbook returns the playbook the engine judges against.
func (e *Engine) Playbook() *pushback.Playbook { return e.pb }

// Analyze finds the push-back moments of a call, judges the rep's responses,
// coaches and scores. The call is not modified. It is the composition of
// DetectTurn, ResponseTo and Coach, which the live copilot calls as a call
// unfolds, so both reach the same verdicts.
func (e *Engine) Analyze(call *pushback.Call) *pushback.Analysis {
	a := e.NewAnalysis(call)
	var nears map[int]detect.Near
	var before detect.Prior
	for t := range call.Turns {
		var near detect.Near
		var here detect.Prior
		a.Moments, near, here = e.det.DetectTurnNear(a.Moments, call, t, before)
		before = before.Add(here)
		if near.OK && e.rescue {
			if nears == nil {
				nears = map[int]detect.Near{}
			}
			nears[t] = near
		}
	}
	momentTurns := map[int]bool{}
	for _, m := range a.Moments {
		momentTurns[m.Turn] = true
	}
	for i := range a.Moments {
		m := &a.Moments[i]
		m.Response = e.ResponseTo(call, m, func(t int) bool { return t > m.Turn && momentTurns[t] })
	}
	if len(nears) > 0 {
		a.Moments = e.rescueAll(call, a.Moments, momentTurns, nears)
	}
	e.coach.Annotate(a)
	return a
}

// rescueAll adds the moments the reps' push-backs confirm, in turn order.
func (e *Engine) rescueAll(call *pushback.Call, moments []pushback.Moment, momentTurns map[int]bool, nears map[int]detect.Near) []pushback.Moment {
	out := make([]pushback.Moment, 0, len(moments))
	k := 0
	for t := range call.Turns {
		for k < len(moments) && moments[k].Turn == t {
			out = append(out, moments[k])
			k++
		}
		near, ok := nears[t]
		if !ok || momentTurns[t] {
			continue
		}
		if m, ok := e.rescueNear(call, near, func(u int) bool { return u > t && momentTurns[u] }); ok {
			out = append(out, m)
		}
	}
	return append(out, moments[k:]...)
}

// RescueConfidence is how sure the judge must be that the rep pushed back
// for a near miss to count as a moment.
const RescueConfidence = 0.92

// RescueAfter returns the near-miss candidate of a prospect turn with no
// moment when the rep's response pushes back on it: the rep's disagreement
// is evidence that the claim was one to push back on. before is the
// evidence of the turns before turn (PriorBefore), which a caller that
// follows the call keeps as it goes; laterMoment is as in ResponseTo (the
// detected moments, not the rescued ones).
func (e *Engine) RescueAfter(call *pushback.Call, turn int, before detect.Prior, laterMoment func(int) bool) (pushback.Moment, bool) {
	if !e.rescue || call.Turns[turn].Role != pushback.RoleProspect {
		return pushback.Moment{}, false
	}
	_, near, _ := e.det.DetectTurnNear(nil, call, turn, before)
	return e.rescueNear(call, near, laterMoment)
}

// rescueNear is RescueAfter for a near miss already found. The response is judged
// before the moment is dressed with reasons: most near misses stay misses.
func (e *Engine) rescueNear(call *pushback.Call, near detect.Near, laterMoment func(int) bool) (pushback.Moment, bool) {
	if !near.OK {
		return pushback.Moment{}, false
	}
	items, repTurns, ok := judge.Window(call, near.Cand.Turn, laterMoment)
	if !ok || e.judge.PushedBackScore(items, repTurns, near.Cand.Text, call.Turns[near.Cand.Turn].Speaker) < RescueConfidence {
		return pushback.Moment{}, false
	}
	m, _ := e.det.NearMoment(near)
	m.Response = e.judge.Respond(items, repTurns, m.Quote, call.Turns[m.Turn].Speaker)
	m.Reasons = append([]string{"the rep pushed back on it"}, m.Reasons...)
	return m, true
}

// NewAnalysis returns an analysis of call with no moments yet.
func (e *Engine) NewAnalysis(call *pushback.Call) *pushback.Analysis {
	a := &pushback.Analysis{
		Call:     *call,
		Playbook: pushback.PlaybookRef{Name: e.pb.Name, Version: e.pb.Version, Sensitivity: e.pb.Sensitivity},
		Models:   pushback.ModelRef{Version: ModelVersion},
		Moments:  []pushback.Moment{},
	}
	a.Schema = pushback.AnalysisSchema
	return a
}

// DetectTurn returns the moments in one turn of a call. A turn's moments
// depend only on it and the turns before it: the turns before say how dense
// in moments the call is (detect.CallThreshold).
func (e *Engine) DetectTurn(call *pushback.Call, turn int) []pushback.Moment {
	ms, _ := e.DetectTurnAfter(call, turn, e.PriorBefore(call, turn))
	return ms
}

// DetectTurnAfter is DetectTurn given the evidence of the turns before turn
// (PriorBefore). It also returns the turn's own evidence, to add for the
// turns after it.
func (e *Engine) DetectTurnAfter(call *pushback.Call, turn int, before detect.Prior) ([]pushback.Moment, detect.Prior) {
	ms, _, here := e.det.DetectTurnNear(nil, call, turn, before)
	return ms, here
}

// PriorBefore is the evidence of the turns of call before turn
// (detect.Prior): what DetectTurnAfter and RescueAfter need.
func (e *Engine) PriorBefore(call *pushback.Call, turn int) detect.Prior {
	return e.det.PriorBefore(call, turn)
}

// ResponseTo judges the rep's response to a moment of call: the rep turns
// after it, up to the next prospect turn for which laterMoment is true. It
// returns nil when no rep turn follows.
func (e *Engine) ResponseTo(call *pushback.Call, m *pushback.Moment, laterMoment func(turn int) bool) *pushback.Response {
	items, repTurns, ok := judge.Window(call, m.Turn, laterMoment)
	if !ok {
		return nil
	}
	return e.judge.Respond(items, repTurns, m.Quote, call.Turns[m.Turn].Speaker)
}

// Coach fills a moment's suggested push-back and the feedback on what the
// rep did.
func (e *Engine) Coach(call *pushback.Call, m *pushback.Moment) {
	m.Suggestion = e.coach.Suggest(call, m)
	m.Feedback = e.coach.Feedback(m)
}

// Score sums up an analysis (moments, courage, craft, by rep).
func (e *Engine) Score(a *pushback.Analysis) { a.Scores = coach.Score(a) }

// ProspectCheck is the verdict on one prospect utterance (pushback check --role prospect).
type ProspectCheck struct {
	Text       string             `json:"text"`
	Moment     bool               `json:"moment"`
	Category   *pushback.Category `json:"category"`
	Topics     []pushback.Topic   `json:"topics"`
	Confidence float64            `json:"confidence"`
	Reasons    []string           `json:"reasons"`
	Quote      string             `json:"quote,omitempty"`
	Fact       *pushback.FactRef  `json:"fact,omitempty"`
}

// RepCheck is the verdict on one rep utterance (pushback check --role rep),
// optionally in answer to a prospect statement.
type RepCheck struct {
	Text            string             `json:"text"`
	PushedBack      bool               `json:"pushed_back"`
	How             pushback.How       `json:"how"`
	Warning         bool               `json:"warning"`
	Permission      bool               `json:"permission"`
	PermissionFirst bool               `json:"permission_first"`
	Respectful      bool               `json:"respectful"`
	Calm            bool               `json:"calm"`
	GaveReason      bool               `json:"gave_reason"`
	UsedName        bool               `json:"used_name"`
	Scores          map[string]float64 `json:"scores"`
	Evidence        map[string]string  `json:"evidence,omitempty"`
	Reasons         []string           `json:"reasons"`
}

// CheckProspect classifies one prospect utterance.
func (e *Engine) CheckProspect(text string) ProspectCheck {
	v, quote := e.det.Classify(text)
	c := ProspectCheck{Text: text, Moment: v.Moment, Confidence: round3(v.Confidence), Topics: v.Topics, Reasons: v.Reasons, Fact: v.Fact}
	if c.Topics == nil {
		c.Topics = []pushback.Topic{}
	}
	if c.Reasons == nil {
		c.Reasons = []string{}
	}
	if v.Moment {
		cat := v.Category
		c.Category = &cat
		c.Quote = quote
	}
	return c
}

// CheckRep classifies one rep utterance; context is the prospect statement
// it answers ("" when none) and prospect the prospect's name ("" when
// unknown), so the verdict can say whether the rep used it.
func (e *Engine) CheckRep(text, context, prospect string) RepCheck {
	items := judge.ReplyItems(text)
	r := e.judge.Respond(items, []int{0}, context, prospect)
	c := RepCheck{
		Text: text, PushedBack: r.PushedBack, How: r.How, Warning: r.Warning, Permission: r.Permission,
		PermissionFirst: r.PermissionFirst, GaveReason: r.GaveReason, UsedName: r.UsedName,
		Scores: r.Scores, Evidence: r.Evidence, Reasons: r.Reasons,
	}
	if r.Respectful != nil {
		c.Respectful = *r.Respectful
	}
	if r.Calm != nil {
		c.Calm = *r.Calm
	}
	if c.Reasons == nil {
		c.Reasons = []string{}
	}
	return c
}

// Respond judges a rep's reply to a prospect statement the way a call's
// moment is judged, for practice and live use: items alternate between rep
// and prospect sentences.
func (e *Engine) Respond(items []judge.Item, claim, prospect string) *pushback.Response {
	repTurns := []int{}
	seen := map[int]bool{}
	for _, it := range items {
		if it.Role == pushback.RoleRep && !seen[it.Turn] {
			seen[it.Turn] = true
			repTurns = append(repTurns, it.Turn)
		}
	}
	return e.judge.Respond(items, repTurns, claim, prospect)
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// ToneCheck is how something was said.
type ToneCheck struct {
	Respectful      bool    `json:"respectful"`
	Calm            bool    `json:"calm"`
	RespectfulScore float64 `json:"respectful_score"`
	CalmScore       float64 `json:"calm_score"`
}

// Tone judges any text for respect and calm, with the models that judge a
// rep's push-backs.
func (e *Engine) Tone(text string) ToneCheck {
	r, c, putDown := e.judge.Tone(text)
	return ToneCheck{Respectful: r >= e.judge.ToneThreshold("respectful") && !putDown, Calm: c >= e.judge.ToneThreshold("calm"), RespectfulScore: round3(r), CalmScore: round3(c)}
}
