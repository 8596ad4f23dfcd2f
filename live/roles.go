package live

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/roles"
)

// policy is how a session tells the rep from the prospect.
type policy int

const (
	// byGuess: no names given. The side the input gives a speaker
	// ("role" in an utterance, as a Gong transcript's affiliation does)
	// decides when it names a rep; else roles.Guess over the call so far,
	// redone at each of the first guessEvery turns, whenever a new speaker
	// joins, and then each time the call has grown by a quarter.
	byGuess policy = iota
	// byName: the reps were named (--rep, or "rep" in a start message):
	// a speaker is a rep when roles.Match finds them for a name.
	byName
	// byPlaybook: the playbook names the reps: as byName once one of
	// them has spoken, as byGuess until then.
	byPlaybook
)

// guessEvery is how many turns get a fresh guess each, before the guess is
// redone only as the call grows by a quarter (roles.Guess reads the whole
// call, so redoing it at every turn of a long call would cost too much).
const guessEvery = 16

func (s *Session) setPolicy() {
	switch pb := s.eng.Playbook(); {
	case len(s.opts.Reps) > 0:
		s.policy, s.names = byName, s.opts.Reps
	case len(pb.Reps) > 0:
		s.policy, s.names = byPlaybook, pb.Reps
	default:
		s.policy, s.names = byGuess, nil
	}
	s.call.RolesGuessed = s.policy != byName
}

func (s *Session) roleOf(speaker string) pushback.Role {
	if s.reps[speaker] {
		return pushback.RoleRep
	}
	return pushback.RoleProspect
}

// matchNames returns the speakers the names match.
func (s *Session) matchNames() map[string]bool {
	set := map[string]bool{}
	for _, r := range s.names {
		for _, m := range roles.Match(&s.call, r) {
			set[m] = true
		}
	}
	return set
}

// sideReps returns the speakers the input said are reps, if it said so of any.
func (s *Session) sideReps() (map[string]bool, bool) {
	set := map[string]bool{}
	for name, r := range s.sides {
		if r == pushback.RoleRep {
			set[name] = true
		}
	}
	return set, len(set) > 0
}

// interimRole is the role a speaker would have if their words were final
// now; side is the side the input gives them.
func (s *Session) interimRole(speaker string, side pushback.Role) pushback.Role {
	if s.call.Speaker(speaker) != nil {
		return s.roleOf(speaker)
	}
	if s.policy == byName || (s.policy == byPlaybook && s.matched) || side == "" {
		n := len(s.call.Speakers)
		s.call.Speakers = append(s.call.Speakers, pushback.Speaker{Name: speaker, Role: pushback.RoleProspect})
		role := pushback.RoleProspect
		for _, r := range s.names {
			if slices.Contains(roles.Match(&s.call, r), speaker) {
				role = pushback.RoleRep
			}
		}
		s.call.Speakers = s.call.Speakers[:n]
		return role
	}
	return side
}

// rolesForNewTurn settles the roles once a new turn has been added with the
// role its speaker had so far (prospect for a new speaker); sided says the
// turn gave its speaker a side for the first time.
func (s *Session) rolesForNewTurn(joined, sided bool) {
	newTurn := len(s.call.Turns) - 1
	if s.policy != byGuess && joined {
		set := s.matchNames()
		if len(set) > 0 || s.policy == byName {
			s.matched = len(set) > 0
			s.apply(set, false, newTurn, true)
			return
		}
	}
	if s.policy == byName || (s.policy == byPlaybook && s.matched) {
		return
	}
	if set, ok := s.sideReps(); ok {
		if joined || sided {
			s.apply(set, false, newTurn, joined)
		}
		return
	}
	n := len(s.call.Turns)
	if joined || n <= guessEvery || n >= s.nextGuess {
		if n > guessEvery {
			s.nextGuess = n + n/4
		}
		s.apply(roles.Guess(&s.call), true, newTurn, joined)
	}
}

// settleRoles gives the ended call the roles pushback analyze would: the
// named reps (an error event for a name that matches no one); else the
// playbook's when they match some but not all speakers; else the sides
// the input gave, when it named a rep; else the guess.
func (s *Session) settleRoles() {
	var set map[string]bool
	guessed := false
	switch s.policy {
	case byName:
		set = map[string]bool{}
		for _, r := range s.names {
			matched := roles.Match(&s.call, r)
			if len(matched) == 0 {
				names := make([]string, len(s.call.Speakers))
				for i, sp := range s.call.Speakers {
					names[i] = sp.Name
				}
				s.errorEvent(pushback.EINVALID, fmt.Sprintf("rep %q matches no speaker (speakers: %s)", r, strings.Join(names, ", ")))
			}
			for _, m := range matched {
				set[m] = true
			}
		}
	default:
		if pbset := s.matchNames(); s.policy == byPlaybook && len(pbset) > 0 && len(pbset) < len(s.call.Speakers) {
			set = pbset
			break
		}
		var ok bool
		if set, ok = s.sideReps(); !ok {
			set, guessed = roles.Guess(&s.call), true
		}
	}
	s.apply(set, guessed, -1, false)
}

// apply makes set the seller side. Turns (other than newTurn, which is
// about to be looked at) whose role changed are looked at again, and so
// are the verdicts that may depend on them.
func (s *Session) apply(set map[string]bool, guessed bool, newTurn int, joined bool) {
	speakersChanged := s.call.RolesGuessed != guessed
	for _, sp := range s.call.Speakers {
		if (sp.Role == pushback.RoleRep) != set[sp.Name] {
			speakersChanged = true
		}
	}
	var changed []int
	for i := range s.call.Turns {
		if i != newTurn && (s.call.Turns[i].Role == pushback.RoleRep) != set[s.call.Turns[i].Speaker] {
			changed = append(changed, i)
		}
	}
	s.reps = set
	s.call.SetRoles(set, guessed)
	if joined || speakersChanged {
		guessed := s.call.RolesGuessed
		s.events = append(s.events, Event{Type: EventRoles, At: s.at, Line: s.line,
			Speakers: slices.Clone(s.call.Speakers), RolesGuessed: &guessed, arrived: s.arrived})
	}
	if len(changed) > 0 {
		s.reconcile(changed, newTurn)
	}
}

// reconcile looks again at the turns whose role changed and the turns
// right after them (a turn's moments depend on it and the turn before),
// and at the prospect turns after those, then at every verdict already
// given.
func (s *Session) reconcile(changed []int, skip int) {
	var redo []int
	for _, c := range changed {
		for _, i := range []int{c, c + 1} {
			if i < len(s.call.Turns) && i != skip && !slices.Contains(redo, i) {
				redo = append(redo, i)
			}
		}
	}
	slices.Sort(redo)
	// The prospect turns after the first of them are looked at again too,
	// once each: their thresholds depend on the turns before them.
	if len(redo) > 0 {
		for i := redo[0]; i < len(s.call.Turns) && i < len(s.turns); i++ {
			switch {
			case i == skip:
			case slices.Contains(redo, i):
				s.detectOne(i, s.call.Turns[i].Speaker, "the speaker's role changed")
			case s.call.Turns[i].Role == pushback.RoleProspect:
				s.detectOne(i, s.call.Turns[i].Speaker, laterWhy)
			}
		}
	}
	for t := range s.turns {
		judged := false
		for i := range s.turns[t].moments {
			judged = judged || s.turns[t].moments[i].judged
		}
		if !judged {
			continue
		}
		if !s.windowClosed(t) {
			for i := range s.turns[t].moments {
				s.turns[t].moments[i].judged = false
			}
			s.addPending(t)
			continue
		}
		later := s.laterMoment(t)
		for i := range s.turns[t].moments {
			lm := &s.turns[t].moments[i]
			if !lm.judged {
				continue
			}
			r := s.eng.ResponseTo(&s.call, &lm.m, later)
			if !reflect.DeepEqual(r, lm.response) {
				lm.response = r
				s.feedback(t, lm)
			}
		}
	}
}
