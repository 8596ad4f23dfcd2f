package practice_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

func TestPermissionThenContinue(t *testing.T) {
	_, lib := defaultLibrary(t)
	sc := mustScenario(t, lib, "fact-epic-integration") // Priya, rushed IT director, easy
	conv := practice.NewCoach(cueJudge{}).Begin(sc)

	answer, done := conv.Say(fmt.Sprintf(permissionReply, sc.Prospect))
	if done || !conv.Waiting() {
		t.Fatal("a permission-only reply should get an answer and wait for the rep")
	}
	if answer == "" || answer != practice.Answer(sc, true) || answer != conv.ProspectAnswer() {
		t.Fatalf("answer = %q, want the persona's answer %q", answer, practice.Answer(sc, true))
	}
	half := conv.Assess()
	if half.Status != practice.StatusContinue || half.ModelAnswer != "" || !strings.Contains(half.Tip, answer) {
		t.Errorf("half-done assessment = status %q, model answer %q, tip %q", half.Status, half.ModelAnswer, half.Tip)
	}

	if _, done := conv.Say(continueReply); !done {
		t.Fatal("the continuation should finish the reply")
	}
	turns := conv.Turns()
	speakers := []pushback.Role{}
	for _, tu := range turns {
		speakers = append(speakers, tu.Speaker)
	}
	if want := []pushback.Role{pushback.RoleProspect, pushback.RoleRep, pushback.RoleProspect, pushback.RoleRep}; !slices.Equal(speakers, want) {
		t.Errorf("turns by %v, want %v", speakers, want)
	}
	r := conv.Assess()
	if r.Status != practice.StatusScored || r.ModelAnswer != sc.ModelPushback || r.ProspectAnswer != answer {
		t.Errorf("result = %+v", r)
	}
	if r.Reply != fmt.Sprintf(permissionReply, sc.Prospect)+" "+continueReply {
		t.Errorf("reply = %q, want both turns", r.Reply)
	}
	if !r.Scores.Permission || !r.Scores.GaveReason || !r.Scores.PermissionFirst {
		t.Errorf("the whole reply should be judged: %+v", r.Scores)
	}
	if _, done := conv.Say("and one more thing"); !done || len(conv.Turns()) != 4 {
		t.Error("saying more after the reply is done should change nothing")
	}
}

func TestFullReplyIsScoredAtOnce(t *testing.T) {
	_, lib := defaultLibrary(t)
	sc := mustScenario(t, lib, "fwd-price-hike")
	conv := practice.NewCoach(cueJudge{}).Begin(sc)
	if answer, done := conv.Say(fmt.Sprintf(goodReply, sc.Prospect)); !done || answer != "" {
		t.Fatalf("a reply with a reason needs no answer from the prospect: %q, %v", answer, done)
	}
	r := conv.Assess()
	if r.Scores.Overall != 100 || r.ProspectAnswer != "" {
		t.Errorf("good reply scored %d (%+v)", r.Scores.Overall, r.Scores)
	}
	if !strings.Contains(r.Tip, "Well done") {
		t.Errorf("tip for a full push-back = %q", r.Tip)
	}
}

func TestWarningOnlyGetsAnAnswerToo(t *testing.T) {
	_, lib := defaultLibrary(t)
	sc := mustScenario(t, lib, "concl-all-the-same")
	conv := practice.NewCoach(cueJudge{}).Begin(sc)
	answer, done := conv.Say("Mark, I see that differently.")
	if done || answer != practice.Answer(sc, false) {
		t.Errorf("warning-only reply: answer %q, done %v; want %q", answer, done, practice.Answer(sc, false))
	}
}

func TestLetGoGetsNoAnswer(t *testing.T) {
	_, lib := defaultLibrary(t)
	conv := practice.NewCoach(cueJudge{}).Begin(mustScenario(t, lib, "concl-all-the-same"))
	if answer, done := conv.Say(letGoReply); !done || answer != "" {
		t.Errorf("let-go reply: answer %q, done %v", answer, done)
	}
}

func TestProspectsAnswerInCharacter(t *testing.T) {
	_, lib := defaultLibrary(t)
	for _, sc := range lib.Scenarios() {
		for _, asked := range []bool{true, false} {
			a := practice.Answer(sc, asked)
			if a == "" {
				t.Errorf("%s: no answer", sc.ID)
				continue
			}
			switch {
			case sc.Persona == "rushed IT director" && len(strings.Fields(a)) > 6:
				t.Errorf("%s: a rushed IT director is curt, not %q", sc.ID, a)
			case sc.Persona == "sceptical CFO" && asked && sc.Difficulty != pushback.Easy &&
				!strings.Contains(a, "number") && !strings.Contains(a, "figures") && !strings.Contains(a, "evidence"):
				t.Errorf("%s: a sceptical CFO at %s wants numbers, not %q", sc.ID, sc.Difficulty, a)
			case sc.Persona == "loyal-to-the-incumbent operations lead" && sc.Difficulty == pushback.Hard && asked &&
				!strings.Contains(a, "they") && !strings.Contains(a, "not"):
				t.Errorf("%s: a loyal ops lead at hard should defend the incumbent: %q", sc.ID, a)
			}
		}
	}
	// Same scenario, same answer: stable for tests and for reps.
	sc := mustScenario(t, lib, "fwd-price-hike")
	if practice.Answer(sc, true) != practice.Answer(sc, true) {
		t.Error("answers should be stable")
	}
	easy := pushback.Scenario{ID: "x", Persona: "someone", Difficulty: pushback.Easy}
	if a := practice.Answer(easy, true); a != "Sure, go ahead." {
		t.Errorf("an easy unknown persona says %q, want \"Sure, go ahead.\"", a)
	}
	medium := pushback.Scenario{ID: "x", Persona: "someone", Difficulty: pushback.Medium}
	if a := practice.Answer(medium, true); a != "I guess, make it quick." {
		t.Errorf("a medium unknown persona says %q, want \"I guess, make it quick.\"", a)
	}
}
