package live_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/live"
	"github.com/pushback-coach/pushback/playbook"
)

func defaultEngine(t *testing.T) *engine.Engine {
	t.Helper()
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	return engineFor(t, pb)
}

// play feeds input lines to s and returns the events, copied.
func play(t *testing.T, s *live.Session, lines ...string) []live.Event {
	t.Helper()
	var dec live.Decoder
	var all []live.Event
	for i, l := range lines {
		m, err := dec.Decode([]byte(l))
		if err != nil {
			all = append(all, s.InputError(i+1, err, time.Now())...)
			continue
		}
		all = append(all, s.Handle(m, i+1, time.Now())...)
	}
	return all
}

func ofType(events []live.Event, typ live.EventType) []live.Event {
	var out []live.Event
	for _, e := range events {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func TestProvisionalRetracted(t *testing.T) {
	s := live.New(defaultEngine(t), live.Options{Reps: []string{"Dana"}})
	events := play(t, s,
		`Dana: Hi Bob, thanks for making time.`,
		`{"speaker":"Bob","text":"You guys will probably raise the price","is_final":false}`,
		`{"speaker":"Bob","text":"You guys will probably raise the price","is_final":false}`,
		`{"speaker":"Bob","text":"You know what, let's talk about the timeline instead."}`,
	)
	prov := ofType(events, live.EventProvisional)
	if len(prov) != 1 || prov[0].Line != 2 || prov[0].Card == nil || prov[0].Card.Script == "" {
		t.Fatalf("provisional events %+v", prov)
	}
	ret := ofType(events, live.EventRetract)
	if len(ret) != 1 || ret[0].ID != prov[0].ID || ret[0].Line != 4 || ret[0].Reason == "" {
		t.Fatalf("retract events %+v", ret)
	}
	if n := len(ofType(events, live.EventMoment)); n != 0 {
		t.Fatalf("%d moments", n)
	}
}

func TestMomentUpdatedAsSentenceGrows(t *testing.T) {
	s := live.New(defaultEngine(t), live.Options{Reps: []string{"Dana"}})
	events := play(t, s,
		`Dana: Hi Bob, thanks for making time.`,
		`Bob: You guys will probably raise the price`,
		`Bob: after the first year.`,
		`Dana: Bob, I see that a little differently. Would you be ok if I shared why?`,
	)
	moments := ofType(events, live.EventMoment)
	updates := ofType(events, live.EventUpdate)
	if len(moments) != 1 || len(updates) != 1 || updates[0].ID != moments[0].ID {
		t.Fatalf("moments %+v\nupdates %+v", moments, updates)
	}
	u := updates[0]
	if u.Previous == nil || u.Previous.Quote != "You guys will probably raise the price" ||
		u.Moment.Quote != "You guys will probably raise the price after the first year." || u.Line != 3 {
		t.Fatalf("update %+v (previous %+v)", u, u.Previous)
	}
	end := s.End(0, time.Time{})
	fb := ofType(end, live.EventFeedback)
	if len(fb) != 1 || fb[0].ID != moments[0].ID || !fb[0].Response.PushedBack {
		t.Fatalf("feedback %+v", fb)
	}
	if a := s.Analysis(); len(a.Moments) != 1 || a.Moments[0].Quote != u.Moment.Quote {
		t.Fatalf("analysis moments %+v", a.Moments)
	}
}

// TestRolesChangeLooksAgain: --rep Dana first matches "Dana Reyes" by her
// first name; once a speaker named exactly "Dana" speaks, she is the rep
// and Dana Reyes a prospect (as roles.Match decides for analyze): Dana
// Reyes's turns are looked at again and her claim becomes a moment.
func TestRolesChangeLooksAgain(t *testing.T) {
	eng := defaultEngine(t)
	lines := []string{
		`Dana Reyes: Honestly, you guys will probably raise the price after the first year.`,
		`Bob: Let me check with the team.`,
		`Dana: Dana Reyes, I see that a little differently. Would you be ok if I shared why?`,
	}
	s := live.New(eng, live.Options{Reps: []string{"Dana"}})
	events := play(t, s, lines...)
	moments := ofType(events, live.EventMoment)
	if len(moments) != 1 || *moments[0].Turn != 0 || moments[0].Line != 3 || moments[0].Speaker != "Dana Reyes" {
		t.Fatalf("moments %+v", moments)
	}
	roles := ofType(events, live.EventRoles)
	last := roles[len(roles)-1].Speakers
	if len(last) != 3 || last[0].Role != pushback.RoleProspect || last[2].Role != pushback.RoleRep {
		t.Fatalf("roles %+v", last)
	}
	s.End(0, time.Time{})
	got := s.Analysis()

	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	call := callFromText(t, b.String(), "Dana")
	call.Source, call.Format = got.Source, got.Format
	sameAnalysis(t, "roles change", got, eng.Analyze(call))
}

func TestLimitsAndMisuse(t *testing.T) {
	s := live.New(defaultEngine(t), live.Options{Limits: live.Limits{MaxTurns: 2}})
	events := play(t, s,
		`Dana: Hi.`,
		`Bob: Hello there.`,
		`Bob: Still me.`,
		`Carol: A third turn.`,
		`Dana: A fourth.`,
		`{"type":"start","rep":["Dana"]}`,
	)
	errs := ofType(events, live.EventError)
	if len(errs) != 2 || errs[0].Line != 4 || errs[0].Code != pushback.ETOOLARGE || errs[1].Line != 6 {
		t.Fatalf("errors %+v", errs)
	}
	if n := len(s.Call().Turns); n != 2 || s.Call().Turns[1].Text != "Hello there. Still me." {
		t.Fatalf("turns %+v", s.Call().Turns)
	}
	end := s.End(7, time.Now())
	if end[len(end)-1].Type != live.EventSummary {
		t.Fatalf("end events %+v", end)
	}
	again := s.End(8, time.Now())
	if len(again) != 1 || again[0].Type != live.EventError {
		t.Fatalf("second end %+v", again)
	}
	after := play(t, s, `Bob: hello?`)
	if len(after) != 1 || after[0].Type != live.EventError {
		t.Fatalf("after the end %+v", after)
	}
}

// TestUnmatchedRep: a rep that matches no one is reported at the end, as
// analyze would refuse the call.
func TestUnmatchedRep(t *testing.T) {
	s := live.New(defaultEngine(t), live.Options{Reps: []string{"Zed"}})
	play(t, s, `Dana: Hi.`, `Bob: Hello.`)
	errs := ofType(s.End(0, time.Time{}), live.EventError)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, `"Zed" matches no speaker`) {
		t.Fatalf("errors %+v", errs)
	}
}
