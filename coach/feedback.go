package coach

import "github.com/pushback-coach/pushback"

// Feedback returns one line on what the rep did about moment m, naming the
// moment by topic ("the price claim") and saying what to do next time. The
// first flaw in the method's order is the one named: a push-back that was
// disrespectful or heated, then a missing warning or permission, permission
// asked too late, and no reason given. Respectful and calm verdicts that are
// nil are taken as not judged, so they are not held against the rep here.
func (c *Coach) Feedback(m *pushback.Moment) string {
	if m == nil {
		return ""
	}
	what := claimName(m)
	r := m.Response
	if r == nil || (!r.PushedBack && r.How == pushback.HowNoReply) {
		return "No reply from the rep to " + what + " before the talk moved on: next time, say you see it differently and ask permission to explain."
	}
	if !r.PushedBack {
		switch r.How {
		case pushback.HowAgreed:
			return "You agreed with " + what + ": next time, warn that you see it differently, then ask permission to say why."
		case pushback.HowConceded:
			return "You conceded " + what + ": next time, hold your view; warn, ask permission, then share the facts."
		case pushback.HowClarifyingQuestion:
			return "You asked a question about " + what + " but never shared your view: follow it with a warning and ask permission to push back."
		default: // ignored, or a verdict this version does not know
			return "You let " + what + " pass: next time, warn that you see it differently and ask permission to explain."
		}
	}
	switch {
	case r.Respectful != nil && !*r.Respectful:
		return "You pushed back on " + what + ", but it came across as a flat contradiction: warn first, ask permission, and let the facts make the point."
	case r.Calm != nil && !*r.Calm:
		return "You pushed back on " + what + ", but not calmly: slow down, warn, ask permission, then share the facts evenly."
	case !r.Warning && !r.Permission:
		return "You challenged " + what + " without warning or permission: next time, say you see it differently and ask before you explain."
	case !r.Warning:
		return "You challenged " + what + " without warning: next time, signal that a different view is coming before you ask permission."
	case !r.Permission:
		return "You warned before challenging " + what + " but did not ask permission: next time, ask whether they would be ok hearing why before you explain."
	case !r.PermissionFirst:
		return "You asked permission only after challenging " + what + ": next time, ask first, wait for the yes, then share."
	case !r.GaveReason:
		return "Good warning and permission on " + what + ", but no reason followed: once they say yes, share the fact or the evidence."
	}
	return "Well done: warning, permission, then the facts."
}
