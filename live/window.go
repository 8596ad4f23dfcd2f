package live

import (
	"github.com/pushback-coach/pushback/judge"
)

// closeWindows judges the moments whose response window has closed.
func (s *Session) closeWindows() {
	keep := s.pending[:0]
	for _, t := range s.pending {
		if s.windowClosed(t) {
			s.judge(t)
		} else {
			keep = append(keep, t)
		}
	}
	s.pending = keep
	s.rescueWindows()
}

// windowClosed reports whether the response to the moments of turn t can
// no longer change (judge.Closed over the turns that are complete: the last
// turn may still grow, and its moments with it).
func (s *Session) windowClosed(t int) bool {
	if s.ended {
		return true
	}
	return judge.Closed(&s.call, t, len(s.call.Turns)-1, s.laterMoment(t))
}

// laterMoment is the engine's test for a later prospect turn holding a
// moment, which ends the window of a moment of turn t.
func (s *Session) laterMoment(t int) func(int) bool {
	return func(u int) bool { return u > t && u < len(s.turns) && len(s.turns[u].moments) > 0 }
}

// judge gives the verdict on the response to each moment of turn t.
func (s *Session) judge(t int) {
	later := s.laterMoment(t)
	for i := range s.turns[t].moments {
		lm := &s.turns[t].moments[i]
		if lm.judged {
			continue
		}
		lm.response = s.eng.ResponseTo(&s.call, &lm.m, later)
		lm.judged = true
		s.feedback(t, lm)
	}
}

// feedback writes the verdict on a moment with the coach's line.
func (s *Session) feedback(t int, lm *liveMoment) {
	revised := lm.told
	lm.told = true
	m := lm.m
	m.Response = lm.response
	s.eng.Coach(&s.call, &m)
	s.events = append(s.events, Event{Type: EventFeedback, At: s.at, Line: s.line, ID: lm.id, Turn: intp(t),
		Speaker: s.call.Turns[t].Speaker, Response: lm.response, Verdict: Verdict(lm.response),
		Feedback: m.Feedback, Revised: revised, arrived: s.arrived})
}
