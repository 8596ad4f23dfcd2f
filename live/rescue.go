package live

import "github.com/pushback-coach/pushback"

// Moments the rep's push-back confirms (engine.RescueAfter): a prospect turn with
// no moment whose likeliest claim came close, and that the rep then pushed
// back on, becomes a moment once its response window has closed. Batch
// analysis adds the same ones, so the two stay equal.

// rescueWindows checks the prospect turns with no moment whose response
// window has closed since.
func (s *Session) rescueWindows() {
	complete := len(s.call.Turns) - 1
	for t := s.rescueFrom; t < complete; t++ {
		st := &s.turns[t]
		if st.rescueChecked {
			continue
		}
		if s.call.Turns[t].Role != pushback.RoleProspect || len(st.moments) > 0 {
			st.rescueChecked = true
			continue
		}
		if !s.windowClosed(t) {
			continue
		}
		s.rescue(t)
		st.rescueChecked = true
	}
	for s.rescueFrom < complete && s.turns[s.rescueFrom].rescueChecked {
		s.rescueFrom++
	}
}

// rescue decides turn t's rescued moment now, announcing what changed.
func (s *Session) rescue(t int) {
	st := &s.turns[t]
	var m pushback.Moment
	ok := false
	if s.call.Turns[t].Role == pushback.RoleProspect && len(st.moments) == 0 {
		m, ok = s.eng.RescueAfter(&s.call, t, s.priorBefore(t), s.laterMoment(t))
	}
	speaker := s.call.Turns[t].Speaker
	switch {
	case ok && st.rescued != nil && st.rescued.m.Quote == m.Quote && st.rescued.m.Category == m.Category:
		st.rescued.response = m.Response // same moment; the verdict may have sharpened
	case ok:
		if st.rescued != nil {
			s.retract(t, st.rescued, "the rep's response no longer confirms it")
		}
		r := m.Response
		m.Response = nil
		lm := &liveMoment{id: s.newID(), m: m, start: locate(s.call.Turns[t].Text, m.Quote, 0), judged: true, response: r}
		st.rescued = lm
		s.announce(EventMoment, t, speaker, lm, nil)
		s.feedback(t, lm)
	case st.rescued != nil:
		s.retract(t, st.rescued, "the rep's response no longer confirms it")
		st.rescued = nil
	}
}

func (s *Session) retract(t int, lm *liveMoment, why string) {
	s.events = append(s.events, Event{Type: EventRetract, At: s.at, Line: s.line, ID: lm.id,
		Turn: intp(t), Speaker: s.call.Turns[t].Speaker, Reason: why, arrived: s.arrived})
}

// rescueAll decides every turn's rescued moment again, at the end of the
// call, when the roles are settled and every window is closed.
func (s *Session) rescueAll() {
	for t := range s.turns {
		s.rescue(t)
		s.turns[t].rescueChecked = true
	}
}
