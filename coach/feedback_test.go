package coach_test

import (
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
)

// pushedBack is a push-back with full craft, for the tests to break.
func pushedBack() *pushback.Response {
	return &pushback.Response{Turns: []int{3}, PushedBack: true, How: pushback.HowPushedBack,
		Warning: true, Permission: true, PermissionFirst: true, WaitedForAnswer: true, GaveReason: true,
		Respectful: pushback.Bool(true), Calm: pushback.Bool(true)}
}

func letGo(how pushback.How) *pushback.Response {
	return &pushback.Response{Turns: []int{3}, How: how}
}

func TestFeedback(t *testing.T) {
	with := func(change func(r *pushback.Response)) *pushback.Response {
		r := pushedBack()
		change(r)
		return r
	}
	tests := []struct {
		name     string
		response *pushback.Response
		topics   []pushback.Topic
		cat      pushback.Category
		want     string
	}{
		{"no response", nil, []pushback.Topic{pushback.TopicPrice}, pushback.IncorrectFact,
			"No reply from the rep to the price claim before the talk moved on: next time, say you see it differently and ask permission to explain."},
		{"no reply verdict", letGo(pushback.HowNoReply), []pushback.Topic{pushback.TopicSupport}, pushback.ForwardLooking,
			"No reply from the rep to the support prediction before the talk moved on: next time, say you see it differently and ask permission to explain."},
		{"agreed", letGo(pushback.HowAgreed), []pushback.Topic{pushback.TopicNeed}, pushback.UnfoundedConclusion,
			"You agreed with the conclusion about need: next time, warn that you see it differently, then ask permission to say why."},
		{"conceded", letGo(pushback.HowConceded), []pushback.Topic{pushback.TopicSupport}, pushback.UnfoundedConclusion,
			"You conceded the support conclusion: next time, hold your view; warn, ask permission, then share the facts."},
		{"ignored", letGo(pushback.HowIgnored), []pushback.Topic{pushback.TopicCompetitor}, pushback.IncorrectFact,
			"You let the claim about the competition pass: next time, warn that you see it differently and ask permission to explain."},
		{"unknown verdict reads as let go", letGo("shrugged"), nil, pushback.IncorrectFact,
			"You let the claim pass: next time, warn that you see it differently and ask permission to explain."},
		{"clarifying question", letGo(pushback.HowClarifyingQuestion), []pushback.Topic{pushback.TopicImplementation}, pushback.UnfoundedConclusion,
			"You asked a question about the implementation conclusion but never shared your view: follow it with a warning and ask permission to push back."},
		{"not respectful", with(func(r *pushback.Response) { r.Respectful = pushback.Bool(false) }), []pushback.Topic{pushback.TopicPrice}, pushback.IncorrectFact,
			"You pushed back on the price claim, but it came across as a flat contradiction: warn first, ask permission, and let the facts make the point."},
		{"not calm", with(func(r *pushback.Response) { r.Calm = pushback.Bool(false) }), []pushback.Topic{pushback.TopicPrice}, pushback.IncorrectFact,
			"You pushed back on the price claim, but not calmly: slow down, warn, ask permission, then share the facts evenly."},
		{"no warning, no permission", with(func(r *pushback.Response) { r.Warning, r.Permission, r.PermissionFirst = false, false, false }), []pushback.Topic{pushback.TopicPrice}, pushback.IncorrectFact,
			"You challenged the price claim without warning or permission: next time, say you see it differently and ask before you explain."},
		{"no warning", with(func(r *pushback.Response) { r.Warning = false }), []pushback.Topic{pushback.TopicPrice}, pushback.IncorrectFact,
			"You challenged the price claim without warning: next time, signal that a different view is coming before you ask permission."},
		{"no permission", with(func(r *pushback.Response) { r.Permission, r.PermissionFirst = false, false }), []pushback.Topic{pushback.TopicTiming}, pushback.ForwardLooking,
			"You warned before challenging the timing prediction but did not ask permission: next time, ask whether they would be ok hearing why before you explain."},
		{"permission after the challenge", with(func(r *pushback.Response) { r.PermissionFirst = false }), []pushback.Topic{pushback.TopicQuality}, pushback.IncorrectFact,
			"You asked permission only after challenging the quality claim: next time, ask first, wait for the yes, then share."},
		{"no reason", with(func(r *pushback.Response) { r.GaveReason = false }), []pushback.Topic{pushback.TopicTrust}, pushback.ForwardLooking,
			"Good warning and permission on the prediction about trust, but no reason followed: once they say yes, share the fact or the evidence."},
		{"full craft", pushedBack(), []pushback.Topic{pushback.TopicPrice}, pushback.ForwardLooking,
			"Well done: warning, permission, then the facts."},
		{"unjudged tone is not held against the rep", with(func(r *pushback.Response) { r.Respectful, r.Calm = nil, nil }), nil, pushback.ForwardLooking,
			"Well done: warning, permission, then the facts."},
	}
	c := coach.New(testPlaybook())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &pushback.Moment{Turn: 2, Quote: "x", Category: tt.cat, Topics: tt.topics, Response: tt.response}
			if got := c.Feedback(m); got != tt.want {
				t.Errorf("Feedback\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	if got := c.Feedback(nil); got != "" {
		t.Errorf("Feedback(nil) = %q", got)
	}
}
