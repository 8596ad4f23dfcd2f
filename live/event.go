package live

import (
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Schema names the event stream; a breaking change needs a new version.
const Schema = "pushback.live/v1"

// EventType is what an event says.
type EventType string

const (
	EventHello       EventType = "hello"          // first event: the schema, the session, the playbook
	EventRoles       EventType = "roles"          // a speaker joined, or who is the rep changed
	EventProvisional EventType = "provisional"    // an interim result looks like a moment
	EventMoment      EventType = "moment"         // a moment in final words: nudge the rep
	EventUpdate      EventType = "moment_update"  // a moment's quote or category changed as the turn went on
	EventRetract     EventType = "moment_retract" // a moment (or provisional one) is gone
	EventFeedback    EventType = "feedback"       // the verdict on the rep's response, once its window closed
	EventSummary     EventType = "summary"        // the call is over: scores
	EventError       EventType = "error"          // a bad input line or message; the session goes on
)

// Event is one line of the pushback.live/v1 stream. Which fields are set
// depends on Type; docs/live.md describes each.
type Event struct {
	Type   EventType        `json:"type"`
	Schema string           `json:"schema,omitempty"` // hello
	At     pushback.Seconds `json:"at_s"`             // call time of the input that caused it
	Line   int              `json:"line,omitempty"`   // the input line (or WebSocket message) that caused it, from 1

	// hello
	Session  string                `json:"session,omitempty"`
	Playbook *pushback.PlaybookRef `json:"playbook,omitempty"`
	Models   *pushback.ModelRef    `json:"models,omitempty"`

	// roles
	Speakers     []pushback.Speaker `json:"speakers,omitempty"`
	RolesGuessed *bool              `json:"roles_guessed,omitempty"`

	// moments: provisional, moment, moment_update, moment_retract, feedback
	ID             string           `json:"id,omitempty"` // stable across a moment's events: "m1", "m2", ...
	Turn           *int             `json:"turn,omitempty"`
	Speaker        string           `json:"speaker,omitempty"` // who said it
	Moment         *pushback.Moment `json:"moment,omitempty"`
	Card           *Card            `json:"card,omitempty"`
	WasProvisional bool             `json:"was_provisional,omitempty"` // moment: confirms the provisional one with this id
	Previous       *Previous        `json:"previous,omitempty"`        // moment_update: what it was
	Reason         string           `json:"reason,omitempty"`          // moment_retract: why

	// feedback
	Response *pushback.Response `json:"response,omitempty"`
	Verdict  string             `json:"verdict,omitempty"`
	Feedback string             `json:"feedback,omitempty"`
	Revised  bool               `json:"revised,omitempty"` // replaces an earlier feedback on this moment

	// summary
	Scores   *pushback.Scores  `json:"scores,omitempty"`
	Turns    *int              `json:"turns,omitempty"`
	Duration *pushback.Seconds `json:"duration_s,omitempty"`
	CallID   string            `json:"call_id,omitempty"`

	// error
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`

	// LatencyUS is the time from the input's arrival to the event being
	// written, in microseconds; set by the writer.
	LatencyUS int64 `json:"latency_us,omitempty"`

	arrived time.Time // when the input that caused it arrived; zero when none
}

// Card is the nudge as the rep sees it: what the prospect said, the kind of
// moment, a warning-and-permission line, then the fact to share.
type Card struct {
	Quote     string `json:"quote"`
	Category  string `json:"category"`
	Label     string `json:"label"`
	Script    string `json:"script"`
	ThenShare string `json:"then_share"`
	Fact      string `json:"fact,omitempty"` // the playbook fact's claim, when one backs the moment
}

// Previous is what a moment was before an update.
type Previous struct {
	Quote    string            `json:"quote"`
	Category pushback.Category `json:"category"`
}

// CardFor builds the card of a coached moment.
func CardFor(m *pushback.Moment) *Card {
	c := &Card{Quote: m.Quote, Category: string(m.Category), Label: m.Category.Label()}
	if m.Suggestion != nil {
		c.Script = m.Suggestion.Script
		c.ThenShare = m.Suggestion.ThenShare
	}
	if m.Fact != nil {
		c.Fact = m.Fact.Claim
	}
	return c
}

// Verdict says in a few words what the rep did, from the judge's verdict:
// "pushed back, respectful, but no permission asked".
func Verdict(r *pushback.Response) string {
	if r == nil {
		return "no reply"
	}
	if !r.PushedBack {
		switch r.How {
		case pushback.HowAgreed:
			return "let it go: agreed"
		case pushback.HowConceded:
			return "let it go: conceded"
		case pushback.HowClarifyingQuestion:
			return "let it go: only asked a question"
		case pushback.HowNoReply:
			return "no reply"
		}
		return "let it go"
	}
	var good, bad []string
	add := func(ok bool, yes, no string) {
		if ok {
			good = append(good, yes)
		} else {
			bad = append(bad, no)
		}
	}
	add(r.Warning, "warned", "no warning")
	switch {
	case r.Permission && r.PermissionFirst:
		good = append(good, "asked permission first")
	case r.Permission:
		bad = append(bad, "permission asked too late")
	default:
		bad = append(bad, "no permission asked")
	}
	if r.Respectful != nil {
		add(*r.Respectful, "respectful", "not respectful")
	}
	if r.Calm != nil {
		add(*r.Calm, "calm", "not calm")
	}
	s := "pushed back"
	if len(good) > 0 {
		s += ", " + strings.Join(good, ", ")
	}
	if len(bad) > 0 {
		s += ", but " + strings.Join(bad, ", ")
	}
	return s
}
