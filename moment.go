package pushback

// Category is the kind of push-back moment, as the method defines them.
type Category string

const (
	// IncorrectFact is a factual claim that is wrong: it contradicts the
	// seller's facts (the playbook) or is plainly false.
	IncorrectFact Category = "incorrect_fact"
	// UnfoundedConclusion is a judgment or decision drawn on weak grounds:
	// an overgeneralisation from one experience, a sweeping dismissal ("all
	// these platforms are the same"), a premature verdict ("we don't need this").
	UnfoundedConclusion Category = "unfounded_conclusion"
	// ForwardLooking is a prediction about the seller, its company or product
	// ("you'll raise prices after year one"), jokes and asides included.
	ForwardLooking Category = "forward_looking"
)

// Categories lists the categories in a stable order.
var Categories = []Category{IncorrectFact, UnfoundedConclusion, ForwardLooking}

// Valid reports whether c is one of Categories.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// Label is how people read the category.
func (c Category) Label() string {
	switch c {
	case IncorrectFact:
		return "incorrect fact"
	case UnfoundedConclusion:
		return "unfounded conclusion"
	case ForwardLooking:
		return "forward-looking statement"
	}
	return string(c)
}

// Topic tags what a moment is about.
type Topic string

const (
	TopicPrice          Topic = "price"
	TopicCompetitor     Topic = "competitor"
	TopicTiming         Topic = "timing"
	TopicSupport        Topic = "support/service"
	TopicTrust          Topic = "trust/credibility"
	TopicNeed           Topic = "need"
	TopicAuthority      Topic = "authority"
	TopicQuality        Topic = "quality"
	TopicImplementation Topic = "implementation"
)

// Topics lists the topics in a stable order.
var Topics = []Topic{TopicPrice, TopicCompetitor, TopicTiming, TopicSupport, TopicTrust,
	TopicNeed, TopicAuthority, TopicQuality, TopicImplementation}

// Moment is a place in a call where the prospect said something the rep
// should push back on, with what the rep did and how to do it better.
type Moment struct {
	Turn       int         `json:"turn"`       // index into Call.Turns
	Quote      string      `json:"quote"`      // the sentence or clause that carries the claim
	Category   Category    `json:"category"`   // the kind of moment
	Topics     []Topic     `json:"topics"`     // what it is about
	Confidence float64     `json:"confidence"` // in [0,1]
	Reasons    []string    `json:"reasons"`    // the cues that fired, for people
	Fact       *FactRef    `json:"fact"`       // the playbook fact it contradicts, if any
	Response   *Response   `json:"response"`   // what the rep did; nil when no rep turn follows
	Suggestion *Suggestion `json:"suggestion"` // a better way to push back
	Feedback   string      `json:"feedback"`   // one line on what the rep did
	// Core is the sentence of Quote the verdict came from, when Quote takes in
	// a neighbouring sentence too: what the coach says back to the prospect.
	Core string `json:"-"`
}

// FactRef is the playbook fact behind a moment: what the rep should share
// once the prospect agrees to hear it.
type FactRef struct {
	ID    string `json:"id"`
	Claim string `json:"claim"`
}

// Suggestion is a push-back in the method's shape: a warning, a request for
// permission, then what to share.
type Suggestion struct {
	Script    string `json:"script"`     // warning and permission, in plain spoken English
	ThenShare string `json:"then_share"` // what to say once permission is given
}
