package practice

import (
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
)

// Schema identifies the JSON document of one practice result.
const Schema = "pushback.practice/v1"

// Result statuses.
const (
	StatusScored   = "scored"   // the reply is complete and scored
	StatusContinue = "continue" // the rep only warned or asked; the prospect answered and the rep should go on
)

// Judge is the response judge practice scores with; *engine.Engine is one.
// Practice never judges a reply itself: live calls, batch analysis and
// practice share one verdict. context is the prospect statement answered,
// prospect the prospect's name (for used_name).
type Judge interface {
	CheckRep(text, context, prospect string) engine.RepCheck
}

var _ Judge = (*engine.Engine)(nil)

// Coach plays the prospect and scores replies with a judge.
type Coach struct {
	judge Judge
}

// NewCoach returns a coach that scores with j.
func NewCoach(j Judge) *Coach { return &Coach{judge: j} }

// Begin starts a conversation on a scenario: the prospect has just said the
// statement.
func (c *Coach) Begin(sc pushback.Scenario) *Conversation {
	return &Conversation{coach: c, Scenario: sc, turns: []Turn{{Speaker: pushback.RoleProspect, Text: sc.Statement}}}
}

// Turn is one thing said in a practice conversation.
type Turn struct {
	Speaker pushback.Role `json:"speaker"`
	Text    string        `json:"text"`
}

// Conversation is one scenario being played: the prospect's statement, the
// rep's reply and, when the reply only warned or asked permission, the
// prospect's answer in character and the rep's continuation.
//
//	statement -> reply -+-> (warning or permission, no reason yet) -> answer -> continuation -> done
//	                    +-> anything else -> done
type Conversation struct {
	coach    *Coach
	Scenario pushback.Scenario
	turns    []Turn
	answer   string
	done     bool
	verdict  *engine.RepCheck // the judge's verdict on verdict.Text, kept to judge a one-turn reply once
}

// Say adds what the rep says. When the reply so far only warned or asked
// permission, the prospect answers in character (the answer is returned and
// done is false) and the rep should continue; otherwise the conversation is
// done and ready to assess. Saying anything after that changes nothing.
func (c *Conversation) Say(text string) (answer string, done bool) {
	text = strings.TrimSpace(text)
	if c.done || text == "" {
		return "", c.done
	}
	c.turns = append(c.turns, Turn{Speaker: pushback.RoleRep, Text: text})
	if c.answer == "" {
		v := c.judge(text)
		if (v.Warning || v.Permission) && !v.GaveReason {
			c.answer = Answer(c.Scenario, v.Permission)
			c.turns = append(c.turns, Turn{Speaker: pushback.RoleProspect, Text: c.answer})
			return c.answer, false
		}
	}
	c.done = true
	return "", true
}

func (c *Conversation) judge(text string) engine.RepCheck {
	if c.verdict == nil || c.verdict.Text != text {
		v := c.coach.judge.CheckRep(text, c.Scenario.Statement, c.Scenario.Prospect)
		v.Text = text
		c.verdict = &v
	}
	return *c.verdict
}

// Waiting reports whether the prospect answered and waits for the rep to go on.
func (c *Conversation) Waiting() bool { return c.answer != "" && !c.done }

// Done reports whether the rep's reply is complete.
func (c *Conversation) Done() bool { return c.done }

// ProspectAnswer is what the prospect said to a warning or a request for
// permission, or "".
func (c *Conversation) ProspectAnswer() string { return c.answer }

// Turns returns the conversation so far, starting with the statement.
func (c *Conversation) Turns() []Turn { return append([]Turn(nil), c.turns...) }

// Reply is everything the rep said, in order, as one text.
func (c *Conversation) Reply() string {
	var parts []string
	for _, t := range c.turns {
		if t.Speaker == pushback.RoleRep {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, " ")
}

// Assess scores the rep's whole reply with the judge, the scenario statement
// as context and the prospect's name. While the prospect waits for the rep to continue, the result
// has StatusContinue, a tip that says to go on and no model answer yet.
func (c *Conversation) Assess() *Result {
	sc := c.Scenario
	reply := c.Reply()
	v := c.judge(reply)
	skills := skillsOf(v)
	r := &Result{
		Schema:         Schema,
		Status:         StatusScored,
		Scenario:       sc,
		Reply:          reply,
		Turns:          c.Turns(),
		ProspectAnswer: c.answer,
		Scores:         Scores{Skills: skills, Overall: Overall(skills)},
		Reasons:        v.Reasons,
		Evidence:       v.Evidence,
		Tip:            tip(sc, v, skills),
		ModelAnswer:    sc.ModelPushback,
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	if c.Waiting() {
		vars := lineVars(sc)
		vars["answer"] = c.answer
		if vars["name"] == "" {
			vars["name"] = "They"
		}
		r.Status, r.ModelAnswer = StatusContinue, ""
		r.Tip = fill(coachConfig().Tips["continue"], vars)
	}
	return r
}

// Answer is what the prospect of a scenario says when the rep asks
// permission (or only warns), in character for the persona and difficulty:
// "Sure, go ahead" from an easy prospect, "Make it quick" from a rushed IT
// director, a demand for numbers from a sceptical CFO.
func Answer(sc pushback.Scenario, askedPermission bool) string {
	p := coachConfig().personaFor(sc.Persona)
	answers := p.AfterWarning
	if askedPermission {
		answers = p.AfterPermission
	}
	d := sc.Difficulty
	if len(answers[string(d)]) == 0 {
		d = pushback.Medium
	}
	return pick(answers[string(d)], sc.ID)
}

// Result is a scored (or, with StatusContinue, half-done) practice reply:
// the pushback.practice/v1 document.
type Result struct {
	Schema         string            `json:"schema"`
	Status         string            `json:"status"`
	Rep            string            `json:"rep,omitempty"`
	Scenario       pushback.Scenario `json:"scenario"`
	Reply          string            `json:"reply"`
	Turns          []Turn            `json:"turns"`
	ProspectAnswer string            `json:"prospect_answer,omitempty"`
	Scores         Scores            `json:"scores"`
	Reasons        []string          `json:"reasons"`
	Evidence       map[string]string `json:"evidence,omitempty"`
	Tip            string            `json:"tip"`
	ModelAnswer    string            `json:"model_answer,omitempty"`
	FearReframe    *Reframe          `json:"fear_reframe,omitempty"`
	Recorded       bool              `json:"recorded"`
	At             time.Time         `json:"at"`
}

// Reframe is offered when a rep keeps letting moments go: the FEAR reframe
// (False Expectations Appearing Real) and an easier scenario to rebuild
// courage on.
type Reframe struct {
	Message string             `json:"message"`
	LetGo   int                `json:"let_go"` // moments let go among the recent ones
	Of      int                `json:"of"`     // ... out of this many
	Easier  *pushback.Scenario `json:"easier_scenario,omitempty"`
}
