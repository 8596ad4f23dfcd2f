package detect

import (
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/playbook"
)

// worldHit featurizes text with the default playbook and returns the fact it
// was matched to and why.
func worldHit(t *testing.T, f *Featurizer, text string) factHit {
	t.Helper()
	f.Features(&Candidate{Text: text, End: len(text)})
	return f.fact
}

func defaultFeaturizer(t *testing.T) (*Featurizer, *pushback.Playbook) {
	t.Helper()
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := cues.Compile(pb)
	if err != nil {
		t.Fatal(err)
	}
	return NewFeaturizer(set, pb), pb
}

// Every belief in the built-in pack is recognised as what it is, in its own
// words; and no fact's truth, said by a prospect, is read as a wrong belief:
// the rep must never be told to correct a prospect who is right.
func TestWorldBeliefsMatchTheirFactAndTruthsDoNot(t *testing.T) {
	f, pb := defaultFeaturizer(t)
	n := 0
	for _, fact := range pb.Facts {
		if !strings.HasPrefix(fact.ID, pushback.WorldFactPrefix) {
			continue
		}
		n++
		matched := 0
		for _, mc := range fact.Misconceptions {
			h := worldHit(t, f, mc)
			if h.reason == "misconception" {
				matched++
			}
		}
		// The about words must admit most of the fact's own paraphrases,
		// or the fact is dead weight.
		if 2*matched < len(fact.Misconceptions) {
			t.Errorf("%s: %d of its %d misconceptions are read as a wrong belief (about: %v)", fact.ID, matched, len(fact.Misconceptions), fact.About)
		}
		if h := worldHit(t, f, fact.Claim); h.reason == "misconception" {
			t.Errorf("%s: its own claim %q reads as the wrong belief %q of %s", fact.ID, fact.Claim, h.misc, h.fact.ID)
		}
	}
	if n < 100 {
		t.Errorf("the default playbook has %d facts about the world, want the built-in pack (100 or more)", n)
	}
}

// A sentence on a subject of the pack that states no belief of it is not
// matched: the subject alone is no sign of a wrong claim.
func TestWorldFactsNeedTheBeliefNotJustTheSubject(t *testing.T) {
	f, _ := defaultFeaturizer(t)
	for _, text := range []string{
		"Our compliance officer handles everything to do with HIPAA and GDPR.",
		"We moved our email to Microsoft 365 last spring.",
		"We put solar panels on the warehouse roof in 2021.",
		"Can you tell me how you handle passwords and MFA?",
		"The VAT return is due at the end of the month.",
	} {
		if h := worldHit(t, f, text); h.fact != nil && h.reason != "" && h.reason != "agrees" {
			t.Errorf("%q matched %s (%s, %q)", text, h.fact.ID, h.reason, h.misc)
		}
	}
}

// TestNumberOf covers numberOf's fast paths: every number word is read
// (the length gate must admit them all), figures are canonical, and other
// words are not numbers.
func TestNumberOf(t *testing.T) {
	for w, want := range wordNumbers {
		if got := numberOf(w); got != want {
			t.Errorf("numberOf(%q) = %q, want %q", w, got, want)
		}
	}
	for in, want := range map[string]string{
		"$1,500": "1500", "€20k": "20", "£3": "3", "40%": "40", "2x": "2", "7": "7",
		"price": "", "one-off": "", "": "", "$": "", "€uro": "", "Three": "", "to": "",
	} {
		if got := numberOf(in); got != want {
			t.Errorf("numberOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// The team's own facts come first: a sentence that agrees with a fact about
// the world and contradicts one of the team's facts is a contradiction of
// the team's fact, and a belief about the world does not displace it.
func TestTeamFactsComeBeforeWorldFacts(t *testing.T) {
	pb, err := playbook.Parse("team.yaml", []byte(`company: Inkwell
product: Inkwell Sign
facts:
  - id: sign-price
    claim: "Inkwell Sign costs 30 dollars a month per sender."
    about: ["inkwell sign", "e-signature plan", "per sender"]
    topics: [price]
`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := cues.Compile(pb)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFeaturizer(set, pb)
	for _, c := range []struct{ text, id, reason string }{
		// Agrees with the pack on e-signatures, gives the wrong price.
		{"Electronic signatures are legally valid for business contracts, and Inkwell Sign is 50 dollars a month per sender.", "sign-price", "wrong number"},
		// A belief about the world with nothing against the team's facts.
		{"Electronic signatures aren't legally binding, everyone knows that.", "world-law-esignature-valid", "misconception"},
	} {
		h := worldHit(t, f, c.text)
		if h.fact == nil || h.fact.ID != c.id || h.reason != c.reason {
			got := "none"
			if h.fact != nil {
				got = h.fact.ID + " (" + h.reason + ")"
			}
			t.Errorf("%q: matched %s, want %s (%s)", c.text, got, c.id, c.reason)
		}
	}
}
