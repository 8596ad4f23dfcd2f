package judge_test

import (
	"testing"

	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
)

func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(pb)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Words used in other senses must not count as a warning or permission.
func TestOtherSensesDoNotFire(t *testing.T) {
	e := newEngine(t)
	claim := "Your onboarding takes six months."
	for _, reply := range []string{
		"The challenge our clients face is getting data out of their old system.",
		"I'll get permission from finance for the discount and come back to you.",
		"They pushed back the date of the board meeting, so we have time.",
		"Can I share my screen and show you the dashboard?",
		"Mind if I send the deck over after the call?",
	} {
		r := e.CheckRep(reply, claim, "")
		if r.Warning || r.Permission {
			t.Errorf("%q: warning %v, permission %v", reply, r.Warning, r.Permission)
		}
	}
}

func TestCraftIsRecognised(t *testing.T) {
	e := newEngine(t)
	claim := "Your onboarding takes six months."
	tests := []struct {
		reply                                      string
		pushed, warning, permission, first, polite bool
	}{
		{"Dana, I see that one differently. Would you be open to hearing why? Our median onboarding is five weeks.", true, true, true, true, true},
		{"Would it be ok if I shared what we usually see?", true, false, true, true, true},
		{"Actually, our median onboarding is five weeks, and we do the setup for you.", true, false, false, false, true},
		{"That's just not true. It's five weeks.", true, false, false, false, false},
		{"Our onboarding is five weeks. Would it be ok if I explained why?", true, false, true, false, true},
	}
	for _, tt := range tests {
		r := e.CheckRep(tt.reply, claim, "Dana")
		if r.PushedBack != tt.pushed || r.Warning != tt.warning || r.Permission != tt.permission ||
			(tt.permission && r.PermissionFirst != tt.first) || (tt.pushed && r.Respectful != tt.polite) {
			t.Errorf("%q:\n got pushed %v warning %v permission %v first %v respectful %v\nwant %v %v %v %v %v",
				tt.reply, r.PushedBack, r.Warning, r.Permission, r.PermissionFirst, r.Respectful,
				tt.pushed, tt.warning, tt.permission, tt.first, tt.polite)
		}
	}
}

func TestLettingGo(t *testing.T) {
	e := newEngine(t)
	claim := "Your onboarding takes six months."
	for reply, how := range map[string]string{
		"You're right, onboarding can be slow.":            "conceded",
		"What makes you say that?":                         "clarifying_question",
		"Anyway, let me show you the reporting dashboard.": "ignored",
	} {
		r := e.CheckRep(reply, claim, "")
		if r.PushedBack || string(r.How) != how {
			t.Errorf("%q: pushed %v how %s, want %s", reply, r.PushedBack, r.How, how)
		}
	}
}

// Speech-to-text without punctuation: the permission question has no
// question mark, and must still count when put in question order.
func TestUnpunctuatedCraft(t *testing.T) {
	e := newEngine(t)
	claim := "your onboarding takes six months"
	tests := []struct {
		reply                       string
		pushed, warning, permission bool
	}{
		{"dana i see that one differently would you be open to hearing why our median onboarding is five weeks", true, true, true},
		{"can i push back on that a little bit our median onboarding is five weeks and we do the setup for you", true, false, true},
		{"actually our median onboarding is five weeks and we do the setup for you", true, false, false},
		{"mind if i send the deck over after the call", false, false, false},
		{"yeah that's fair six months is about right for a team your size", false, false, false},
	}
	for _, tt := range tests {
		r := e.CheckRep(tt.reply, claim, "Dana")
		if r.PushedBack != tt.pushed || r.Warning != tt.warning || r.Permission != tt.permission {
			t.Errorf("%q:\n got pushed %v warning %v permission %v\nwant %v %v %v",
				tt.reply, r.PushedBack, r.Warning, r.Permission, tt.pushed, tt.warning, tt.permission)
		}
	}
}

// A verdict of not calm quotes the sentence behind it, even with no "!" to
// point at.
func TestUncalmEvidenceQuotesTheSentence(t *testing.T) {
	e := newEngine(t)
	reply := "Oh come on, seriously, that is ridiculous and you know it, we would never do that."
	r := e.CheckRep(reply, "You guys will jack up the price after year one.", "")
	if r.Calm {
		t.Fatalf("%q judged calm", reply)
	}
	if ev := r.Evidence["calm"]; ev != reply {
		t.Errorf("calm evidence %q: want the sentence behind the verdict, %q", ev, reply)
	}
}
