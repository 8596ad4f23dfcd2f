package pushback

// How says what the rep did after a moment.
type How string

const (
	HowPushedBack         How = "pushed_back"         // stated, or asked permission to state, a different view
	HowAgreed             How = "agreed"              // went along with the claim
	HowConceded           How = "conceded"            // gave ground ("you're right, we can be slow")
	HowIgnored            How = "ignored"             // ignored it or changed the subject
	HowClarifyingQuestion How = "clarifying_question" // only asked a question, with no sign of a different view
	HowNoReply            How = "no_reply"            // no rep turn before the talk moved on
)

// Response is the verdict on what the rep did after a moment. Respectful and
// Calm are nil when the rep did not push back.
type Response struct {
	Turns           []int              `json:"turns"` // the rep turns judged
	PushedBack      bool               `json:"pushed_back"`
	How             How                `json:"how"`
	Warning         bool               `json:"warning"`           // signalled a different view before challenging
	Permission      bool               `json:"permission"`        // asked consent to challenge
	PermissionFirst bool               `json:"permission_first"`  // ... before the challenge
	WaitedForAnswer bool               `json:"waited_for_answer"` // ... and let the prospect answer
	Respectful      *bool              `json:"respectful"`
	Calm            *bool              `json:"calm"`
	GaveReason      bool               `json:"gave_reason"` // evidence, a fact or a story after the challenge
	UsedName        bool               `json:"used_name"`   // addressed the prospect by name
	Scores          map[string]float64 `json:"scores"`      // each verdict's score in [0,1]
	Evidence        map[string]string  `json:"evidence"`    // the words behind each verdict
	Reasons         []string           `json:"reasons,omitempty"`
}

// Bool returns a pointer to b, for the optional verdicts.
func Bool(b bool) *bool { return &b }
