package practice_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

func TestOverall(t *testing.T) {
	yes, no := pushback.Bool(true), pushback.Bool(false)
	good := practice.Skills{PushedBack: true, Warning: true, Permission: true, PermissionFirst: true, Respectful: yes, Calm: yes, GaveReason: true, UsedName: true}
	warningOnly := good
	warningOnly.Permission, warningOnly.PermissionFirst = false, false
	permissionOnly := good
	permissionOnly.Warning, permissionOnly.GaveReason = false, false
	aggressive := practice.Skills{PushedBack: true, Respectful: no, Calm: yes, GaveReason: true, UsedName: true}
	aggressiveCrafted := good
	aggressiveCrafted.Respectful = no
	emotional := practice.Skills{PushedBack: true, Respectful: yes, Calm: no, GaveReason: true}
	emotionalCrafted := good
	emotionalCrafted.Calm = no
	letGo := practice.Skills{UsedName: true}

	if got := practice.Overall(good); got != 100 {
		t.Errorf("good = %d, want 100", got)
	}
	if got := practice.Overall(letGo); got > 5 {
		t.Errorf("let go = %d, want at most the name's points", got)
	}
	if got := practice.Overall(aggressiveCrafted); got > 50 {
		t.Errorf("disrespectful with every other part = %d, want capped at 50", got)
	}
	if got := practice.Overall(emotionalCrafted); got > 70 {
		t.Errorf("uncalm with every other part = %d, want capped at 70", got)
	}
	order := []struct {
		name string
		s    practice.Skills
	}{{"good", good}, {"warning-only", warningOnly}, {"aggressive", aggressive}, {"let-go", letGo}}
	for i := 1; i < len(order); i++ {
		if a, b := practice.Overall(order[i-1].s), practice.Overall(order[i].s); a <= b {
			t.Errorf("%s (%d) should score above %s (%d)", order[i-1].name, a, order[i].name, b)
		}
	}
	if p := practice.Overall(permissionOnly); p >= practice.Overall(good) || p <= practice.Overall(aggressive) {
		t.Errorf("permission-only (%d) should score between good and aggressive", p)
	}
	if practice.Overall(emotional) <= practice.Overall(letGo) {
		t.Error("pushing back, even uncalmly, should beat letting it go")
	}
}

func TestOneConcreteTip(t *testing.T) {
	_, lib := defaultLibrary(t)
	sc := mustScenario(t, lib, "fwd-price-hike") // Lisa
	tests := []struct {
		name    string
		replies []string
		want    []string
	}{
		{"let go", []string{letGoReply}, []string{"let that one go", sc.WhyWrong, "lisa, "}},
		{"aggressive", []string{"That's ridiculous, because the contract locks it."}, []string{`"that's ridiculous"`, "lisa, "}},
		{"uncalm", []string{"Lisa, I see that differently! Mind if I share why? Because of the contract!"}, []string{"pressure", sc.WhyWrong}},
		{"no warning", []string{"Lisa, mind if I share why?", continueReply}, []string{"open with", `"lisa, `}},
		{"no permission", []string{"Lisa, I see that differently, because the contract locks it."}, []string{"ask before you share", "?"}},
		{"permission late", []string{"Lisa, I see that differently, because the contract locks it. Mind if I explain?"}, []string{"ask first"}},
		{"no reason", []string{"Lisa, I see that differently. Mind if I explain?", "It's just not right."}, []string{"give the reason", sc.WhyWrong}},
		{"no name", []string{"I see that differently. Mind if I share why? Because the contract locks it."}, []string{"lisa's name"}},
		{"well done", []string{fmt.Sprintf(goodReply, "Lisa")}, []string{"well done"}},
	}
	for _, tt := range tests {
		conv := practice.NewCoach(cueJudge{}).Begin(sc)
		for _, r := range tt.replies {
			conv.Say(r)
		}
		r := conv.Assess()
		if r.Status != practice.StatusScored {
			t.Errorf("%s: status %q", tt.name, r.Status)
		}
		for _, w := range tt.want {
			if !strings.Contains(strings.ToLower(r.Tip), strings.ToLower(w)) {
				t.Errorf("%s: tip %q should contain %q", tt.name, r.Tip, w)
			}
		}
		if strings.Contains(r.Tip, "{") {
			t.Errorf("%s: tip has an unfilled placeholder: %q", tt.name, r.Tip)
		}
	}
}
