package coach_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
)

func ptr(f float64) *float64 { return &f }

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) < 1e-9
}

func show(f *float64) string {
	if f == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4f", *f)
}

// at returns a moment at turn with response r.
func at(turn int, cat pushback.Category, r *pushback.Response) pushback.Moment {
	return pushback.Moment{Turn: turn, Quote: "x", Category: cat, Response: r}
}

// answeredBy returns r answered in turn.
func answeredBy(turn int, r *pushback.Response) *pushback.Response {
	r.Turns = []int{turn}
	return r
}

func TestScoreArithmetic(t *testing.T) {
	halfCraft := pushedBack() // warning and permission first, but neither respectful nor calm
	halfCraft.Respectful, halfCraft.Calm = pushback.Bool(false), pushback.Bool(false)
	unjudged := pushedBack() // respectful and calm nil count as false: craft 0.5
	unjudged.Respectful, unjudged.Calm = nil, nil

	a := &pushback.Analysis{Call: *testCall()}
	a.Moments = []pushback.Moment{
		at(2, pushback.IncorrectFact, answeredBy(3, pushedBack())), // craft 1
		at(4, pushback.IncorrectFact, answeredBy(5, halfCraft)),    // craft 0.5
		at(6, pushback.ForwardLooking, answeredBy(7, letGo(pushback.HowAgreed))),
		at(8, pushback.UnfoundedConclusion, nil),                       // no reply
		at(10, pushback.UnfoundedConclusion, answeredBy(11, unjudged)), // craft 0.5
	}
	s := coach.Score(a)
	if s.Moments != 5 || s.PushedBack != 3 {
		t.Fatalf("moments, pushed back = %d, %d; want 5, 3", s.Moments, s.PushedBack)
	}
	if !sameFloat(s.Courage, ptr(0.6)) {
		t.Errorf("courage = %s, want 0.6", show(s.Courage))
	}
	if !sameFloat(s.Craft, ptr(2.0/3)) {
		t.Errorf("craft = %s, want (1 + 0.5 + 0.5) / 3", show(s.Craft))
	}
	rep := s.ByRep["Dana Reyes"]
	if len(s.ByRep) != 1 || rep == nil || rep.Moments != 5 || rep.PushedBack != 3 || !sameFloat(rep.Craft, s.Craft) {
		t.Errorf("by rep = %v", s.ByRep)
	}
	wantCat := map[pushback.Category]pushback.RepScores{
		pushback.IncorrectFact:       {Moments: 2, PushedBack: 2, Courage: ptr(1), Craft: ptr(0.75)},
		pushback.ForwardLooking:      {Moments: 1, PushedBack: 0, Courage: ptr(0), Craft: nil},
		pushback.UnfoundedConclusion: {Moments: 2, PushedBack: 1, Courage: ptr(0.5), Craft: ptr(0.5)},
	}
	if len(s.ByCategory) != len(wantCat) {
		t.Errorf("by category has %d entries, want %d", len(s.ByCategory), len(wantCat))
	}
	for c, w := range wantCat {
		g := s.ByCategory[c]
		if g == nil || g.Moments != w.Moments || g.PushedBack != w.PushedBack || !sameFloat(g.Courage, w.Courage) || !sameFloat(g.Craft, w.Craft) {
			t.Errorf("by category %s = %+v, want %+v", c, g, w)
		}
	}
}

func TestScoreNilCases(t *testing.T) {
	none := coach.Score(&pushback.Analysis{Call: *testCall()})
	if none.Moments != 0 || none.Courage != nil || none.Craft != nil || none.ByRep != nil || none.ByCategory != nil {
		t.Errorf("no moments: %+v", none)
	}
	if none.Headline != "No push-back moments in this call: nothing to coach." {
		t.Errorf("no moments: headline %q", none.Headline)
	}
	if s := coach.Score(nil); s.Moments != 0 || s.Courage != nil {
		t.Errorf("Score(nil) = %+v", s)
	}
	a := &pushback.Analysis{Call: *testCall()}
	a.Moments = []pushback.Moment{at(2, pushback.IncorrectFact, nil), at(4, pushback.IncorrectFact, letGo(pushback.HowIgnored))}
	s := coach.Score(a)
	if !sameFloat(s.Courage, ptr(0)) || s.Craft != nil {
		t.Errorf("no push-backs: courage %s craft %s, want 0 and nil", show(s.Courage), show(s.Craft))
	}
	if c := s.ByRep["Dana Reyes"]; c == nil || c.Craft != nil || !sameFloat(c.Courage, ptr(0)) {
		t.Errorf("no push-backs: by rep %+v", c)
	}
	// A call with no rep at all: totals, but nobody to attribute to.
	a.Call.Speakers = []pushback.Speaker{{Name: "Bob Stone", Role: pushback.RoleProspect}}
	for i := range a.Call.Turns {
		a.Call.Turns[i].Role = pushback.RoleProspect
	}
	a.Moments[1].Response = nil
	if s := coach.Score(a); s.Moments != 2 || s.ByRep != nil {
		t.Errorf("no reps: %+v", s)
	}
}

func TestScoreAttribution(t *testing.T) {
	call := pushback.Call{
		Speakers: []pushback.Speaker{
			{Name: "Dana Reyes", Role: pushback.RoleRep},
			{Name: "Sam Ortiz", Role: pushback.RoleRep},
			{Name: "Bob Stone", Role: pushback.RoleProspect},
		},
		Turns: []pushback.Turn{
			{Index: 0, Speaker: "Bob Stone", Role: pushback.RoleProspect},
			{Index: 1, Speaker: "Sam Ortiz", Role: pushback.RoleRep},
			{Index: 2, Speaker: "Dana Reyes", Role: pushback.RoleRep},
			{Index: 3, Speaker: "Bob Stone", Role: pushback.RoleProspect},
			{Index: 4, Speaker: "Sam Ortiz", Role: pushback.RoleRep},
			{Index: 5, Speaker: "Bob Stone", Role: pushback.RoleProspect},
		},
	}
	tests := []struct {
		name string
		m    pushback.Moment
		want string
	}{
		{"the rep who answered", at(3, pushback.IncorrectFact, answeredBy(4, letGo(pushback.HowAgreed))), "Sam Ortiz"},
		{"no reply: the rep who spoke last before", at(5, pushback.IncorrectFact, nil), "Sam Ortiz"},
		{"no reply: last before, not the first rep", at(3, pushback.IncorrectFact, nil), "Dana Reyes"},
		{"no reply and no rep before: the next rep", at(0, pushback.IncorrectFact, nil), "Sam Ortiz"},
		{"response without turns", at(3, pushback.IncorrectFact, &pushback.Response{How: pushback.HowNoReply}), "Dana Reyes"},
		{"response naming a prospect turn", at(3, pushback.IncorrectFact, answeredBy(5, letGo(pushback.HowAgreed))), "Dana Reyes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := coach.Score(&pushback.Analysis{Call: call, Moments: []pushback.Moment{tt.m}})
			if len(s.ByRep) != 1 || s.ByRep[tt.want] == nil {
				t.Errorf("by rep = %v, want only %s", keys(s.ByRep), tt.want)
			}
		})
	}
	// Speakers listed without roles: the reps come from the turns.
	noRoles := call
	noRoles.Speakers = nil
	s0 := coach.Score(&pushback.Analysis{Call: noRoles, Moments: []pushback.Moment{at(3, pushback.IncorrectFact, nil)}})
	if s0.ByRep["Dana Reyes"] == nil || len(s0.ByRep) != 1 {
		t.Errorf("reps from turns: by rep = %v", keys(s0.ByRep))
	}
	// One rep: every unanswered moment is theirs, wherever it is.
	one := testCall()
	s := coach.Score(&pushback.Analysis{Call: *one, Moments: []pushback.Moment{at(0, pushback.IncorrectFact, nil)}})
	if s.ByRep["Dana Reyes"] == nil {
		t.Errorf("single rep: by rep = %v", keys(s.ByRep))
	}
}

func keys(m map[string]*pushback.RepScores) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestScoreCalls(t *testing.T) {
	a := &pushback.Analysis{Call: *testCall(), Moments: []pushback.Moment{at(2, pushback.IncorrectFact, answeredBy(3, pushedBack()))}}
	b := &pushback.Analysis{Call: *testCall(), Moments: []pushback.Moment{at(2, pushback.IncorrectFact, nil), at(4, pushback.ForwardLooking, nil)}}
	s := coach.ScoreCalls([]*pushback.Analysis{a, nil, b})
	if s.Moments != 3 || s.PushedBack != 1 || !sameFloat(s.Courage, ptr(1.0/3)) || !sameFloat(s.Craft, ptr(1)) {
		t.Errorf("combined = %+v (courage %s, craft %s)", s, show(s.Courage), show(s.Craft))
	}
	if r := s.ByRep["Dana Reyes"]; r == nil || r.Moments != 3 {
		t.Errorf("a rep on both calls gets one line: %+v", s.ByRep)
	}
	if s.Headline != "Pushed back on 1 of 3 moments; when you did, you warned and asked permission — now do it more often." {
		t.Errorf("headline %q", s.Headline)
	}
	if s := coach.ScoreCalls(nil); s.Headline != "No push-back moments in this call: nothing to coach." {
		t.Errorf("no calls: headline %q", s.Headline)
	}
}

func TestHeadline(t *testing.T) {
	noWarning := func() *pushback.Response { r := pushedBack(); r.Warning = false; return r }
	rude := func() *pushback.Response {
		r := pushedBack()
		r.Respectful, r.Calm, r.Warning = pushback.Bool(false), pushback.Bool(false), false
		return r
	}
	tests := []struct {
		name    string
		moments []pushback.Moment
		want    string
	}{
		{"one let go", []pushback.Moment{at(2, pushback.IncorrectFact, nil)},
			"Let the one moment go: next time, warn, ask permission, then share the facts."},
		{"all let go", []pushback.Moment{at(2, pushback.IncorrectFact, nil), at(4, pushback.IncorrectFact, letGo(pushback.HowAgreed))},
			"Let all 2 moments go: next time, warn, ask permission, then share the facts."},
		{"the one, well", []pushback.Moment{at(2, pushback.IncorrectFact, pushedBack())},
			"Pushed back on the one moment, with warning and permission: keep it up."},
		{"every one, well", []pushback.Moment{at(2, pushback.IncorrectFact, pushedBack()), at(4, pushback.IncorrectFact, noWarning())},
			"Pushed back on every moment (2 of 2), with warning and permission: keep it up."},
		{"some, well", []pushback.Moment{at(2, pushback.IncorrectFact, pushedBack()), at(4, pushback.IncorrectFact, nil), at(6, pushback.IncorrectFact, nil), at(8, pushback.IncorrectFact, nil), at(10, pushback.IncorrectFact, pushedBack())},
			"Pushed back on 2 of 5 moments; when you did, you warned and asked permission — now do it more often."},
		{"every one, weakest part named", []pushback.Moment{at(2, pushback.IncorrectFact, noWarning()), at(4, pushback.IncorrectFact, rude())},
			"Pushed back on every moment (2 of 2), but often without a warning: signal that a different view is coming before you challenge."},
		{"some, disrespectful", []pushback.Moment{at(2, pushback.IncorrectFact, func() *pushback.Response { r := rude(); r.Warning = true; return r }()), at(4, pushback.IncorrectFact, nil)},
			"Pushed back on 1 of 2 moments, but not always respectfully: challenge the idea, never the person — and push back more often."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := coach.Score(&pushback.Analysis{Call: *testCall(), Moments: tt.moments})
			if s.Headline != tt.want {
				t.Errorf("headline\n got %q\nwant %q", s.Headline, tt.want)
			}
		})
	}
}

func TestScoreCallsKeepsGenericSpeakersApart(t *testing.T) {
	call := func(src string) *pushback.Analysis {
		return &pushback.Analysis{
			Call: pushback.Call{Source: src,
				Speakers: []pushback.Speaker{{Name: "Speaker 0", Role: pushback.RoleRep}, {Name: "Speaker 1", Role: pushback.RoleProspect}},
				Turns:    []pushback.Turn{{Index: 0, Speaker: "Speaker 1", Role: pushback.RoleProspect}}},
			Moments: []pushback.Moment{at(0, pushback.IncorrectFact, nil)},
		}
	}
	s := coach.ScoreCalls([]*pushback.Analysis{call("a.txt"), call("b.txt")})
	if len(s.ByRep) != 2 || s.ByRep["Speaker 0 (a.txt)"] == nil || s.ByRep["Speaker 0 (b.txt)"] == nil {
		t.Errorf("by rep = %v, want one line per call for a generic label", keys(s.ByRep))
	}
	if one := coach.Score(call("a.txt")); one.ByRep["Speaker 0"] == nil {
		t.Errorf("one call: by rep = %v, want the label as it is", keys(one.ByRep))
	}
}
