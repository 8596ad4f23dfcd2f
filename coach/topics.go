package coach

import (
	"fmt"

	"github.com/pushback-coach/pushback"
)

// topicWords is how the coach talks about one topic. The playbook has no
// place for this yet (its share scripts are keyed by category only), so the
// wording lives here, next to the code that uses it.
type topicWords struct {
	noun  string // fills {topic}: "Can I share how we see {topic}?"
	claim string // names a moment in feedback; %s is claim, conclusion or prediction
	hint  string // what to share on this topic when no playbook fact applies
}

var topicWording = map[pushback.Topic]topicWords{
	pushback.TopicPrice: {
		noun:  "price",
		claim: "the price %s",
		hint:  "On price, talk about total cost over the contract rather than list price, and point to what is fixed in writing.",
	},
	pushback.TopicCompetitor: {
		noun:  "the competition",
		claim: "the %s about the competition",
		hint:  "On the competition, compare fairly on the one or two things that matter most to them, without knocking the other vendor.",
	},
	pushback.TopicTiming: {
		noun:  "timing",
		claim: "the timing %s",
		hint:  "On timing, give the real timeline of a customer of similar size, start to finish.",
	},
	pushback.TopicSupport: {
		noun:  "support",
		claim: "the support %s",
		hint:  "On support, point to the commitments (response times, a named contact) and offer a customer who can vouch for them.",
	},
	pushback.TopicTrust: {
		noun:  "trust",
		claim: "the %s about trust",
		hint:  "On trust, offer proof they can check for themselves: references, certifications, contract terms.",
	},
	pushback.TopicNeed: {
		noun:  "the need for this",
		claim: "the %s about need",
		hint:  "On need, tie it back to the problem they described earlier and what it costs them today.",
	},
	pushback.TopicAuthority: {
		noun:  "who decides",
		claim: "the %s about who decides",
		hint:  "On who decides, ask who else weighs in and offer to help them make the case.",
	},
	pushback.TopicQuality: {
		noun:  "quality",
		claim: "the quality %s",
		hint:  "On quality, share measured numbers (uptime, error rates) and a customer story that backs them.",
	},
	pushback.TopicImplementation: {
		noun:  "implementation",
		claim: "the implementation %s",
		hint:  "On implementation, give the typical timeline, who does the work, and a customer of similar size who has done it.",
	},
}

// categoryNoun is what a moment of the category is called in feedback.
func categoryNoun(c pushback.Category) string {
	switch c {
	case pushback.UnfoundedConclusion:
		return "conclusion"
	case pushback.ForwardLooking:
		return "prediction"
	}
	return "claim"
}

// topicNoun fills {topic}: the first of the moment's topics the coach has
// words for, else the first topic as written, else "this".
func topicNoun(topics []pushback.Topic) string {
	for _, t := range topics {
		if w, ok := topicWording[t]; ok {
			return w.noun
		}
	}
	if len(topics) > 0 && topics[0] != "" {
		return string(topics[0])
	}
	return "this"
}

// topicHint is the topic's share hint, or "".
func topicHint(topics []pushback.Topic) string {
	for _, t := range topics {
		if w, ok := topicWording[t]; ok {
			return w.hint
		}
	}
	return ""
}

// claimName names a moment for feedback: "the price claim", "the support
// prediction", "the conclusion about need", or "the claim" with no topic.
func claimName(m *pushback.Moment) string {
	noun := categoryNoun(m.Category)
	for _, t := range m.Topics {
		if w, ok := topicWording[t]; ok {
			return fmt.Sprintf(w.claim, noun)
		}
	}
	return "the " + noun
}
