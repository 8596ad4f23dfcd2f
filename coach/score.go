package coach

import (
	"fmt"

	"github.com/pushback-coach/pushback"
)

// goodCraft is the craft score from which the headline praises how the rep
// pushed back: on average three of warning, permission first, respectful
// and calm.
const goodCraft = 0.75

// Score sums up one analysed call: how many moments, how many the reps pushed
// back on, courage (pushed back / moments; nil with no moments) and craft
// (the mean over push-backs of warning, permission first, respectful and
// calm, a nil respectful or calm counting as false; nil with no push-backs),
// for the call, per rep and per category, with a one-line headline.
//
// A moment counts for the rep who answered it (the speaker of the first of
// the response's turns). One nobody answered counts for the call's rep when
// there is one, else for the rep who spoke last before it (or, when none
// had yet, the first to speak after it).
func Score(a *pushback.Analysis) pushback.Scores {
	if a == nil {
		return ScoreCalls(nil)
	}
	return ScoreCalls([]*pushback.Analysis{a})
}

// ScoreCalls sums up several analysed calls as one, for a report on many
// calls: moments are attributed as in Score, and a rep who is on several
// calls gets one line. A generic label ("Speaker 0") names a different
// person on each call, so with several calls it is qualified with the
// call's source: "Speaker 0 (calls/b.txt)".
func ScoreCalls(as []*pushback.Analysis) pushback.Scores {
	var all tally
	byRep := map[string]*tally{}
	byCat := map[pushback.Category]*tally{}
	for _, a := range as {
		if a == nil {
			continue
		}
		for i := range a.Moments {
			m := &a.Moments[i]
			all.add(m)
			if rep := repFor(&a.Call, m); rep != "" {
				// "Speaker 0" on two calls is two people.
				if len(as) > 1 && pushback.IsGenericSpeaker(rep) {
					rep += " (" + a.Source + ")"
				}
				if byRep[rep] == nil {
					byRep[rep] = &tally{}
				}
				byRep[rep].add(m)
			}
			if byCat[m.Category] == nil {
				byCat[m.Category] = &tally{}
			}
			byCat[m.Category].add(m)
		}
	}
	s := pushback.Scores{Moments: all.moments, PushedBack: all.pushed, Courage: all.courage(), Craft: all.craft()}
	if len(byRep) > 0 {
		s.ByRep = make(map[string]*pushback.RepScores, len(byRep))
		for rep, t := range byRep {
			s.ByRep[rep] = t.scores()
		}
	}
	if len(byCat) > 0 {
		s.ByCategory = make(map[pushback.Category]*pushback.RepScores, len(byCat))
		for c, t := range byCat {
			s.ByCategory[c] = t.scores()
		}
	}
	scope := "this call"
	if len(as) > 1 {
		scope = "these calls"
	}
	s.Headline = all.headline(scope)
	return s
}

// tally counts moments and the parts of the craft of their push-backs.
type tally struct {
	moments, pushed int
	// how many push-backs had each part of the craft
	warning, permissionFirst, respectful, calm int
}

func (t *tally) add(m *pushback.Moment) {
	t.moments++
	r := m.Response
	if r == nil || !r.PushedBack {
		return
	}
	t.pushed++
	t.warning += b2i(r.Warning)
	t.permissionFirst += b2i(r.PermissionFirst)
	t.respectful += b2i(r.Respectful != nil && *r.Respectful)
	t.calm += b2i(r.Calm != nil && *r.Calm)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (t *tally) courage() *float64 {
	if t.moments == 0 {
		return nil
	}
	v := float64(t.pushed) / float64(t.moments)
	return &v
}

func (t *tally) craft() *float64 {
	if t.pushed == 0 {
		return nil
	}
	v := float64(t.warning+t.permissionFirst+t.respectful+t.calm) / float64(4*t.pushed)
	return &v
}

func (t *tally) scores() *pushback.RepScores {
	return &pushback.RepScores{Moments: t.moments, PushedBack: t.pushed, Courage: t.courage(), Craft: t.craft()}
}

// The parts of the craft, in the method's order: what the headline says
// when one is weakest, and the advice that goes with it.
var craftParts = []struct{ lapse, advice string }{
	{"often without a warning", "signal that a different view is coming before you challenge"},
	{"often without asking permission first", "ask permission before you share why"},
	{"not always respectfully", "challenge the idea, never the person"},
	{"not always calmly", "slow down and keep your voice even"},
}

// headline says in one line how the rep did, led by the numbers.
func (t *tally) headline(scope string) string {
	switch {
	case t.moments == 0:
		return fmt.Sprintf("No push-back moments in %s: nothing to coach.", scope)
	case t.pushed == 0 && t.moments == 1:
		return "Let the one moment go: next time, warn, ask permission, then share the facts."
	case t.pushed == 0:
		return fmt.Sprintf("Let all %d moments go: next time, warn, ask permission, then share the facts.", t.moments)
	}
	every := t.pushed == t.moments
	if *t.craft() >= goodCraft {
		switch {
		case every && t.moments == 1:
			return "Pushed back on the one moment, with warning and permission: keep it up."
		case every:
			return fmt.Sprintf("Pushed back on every moment (%d of %d), with warning and permission: keep it up.", t.pushed, t.moments)
		}
		return fmt.Sprintf("Pushed back on %d of %d moments; when you did, you warned and asked permission — now do it more often.", t.pushed, t.moments)
	}
	counts := []int{t.warning, t.permissionFirst, t.respectful, t.calm}
	weakest := 0
	for i, n := range counts {
		if n < counts[weakest] {
			weakest = i
		}
	}
	p := craftParts[weakest]
	if every {
		return fmt.Sprintf("Pushed back on every moment (%d of %d), but %s: %s.", t.pushed, t.moments, p.lapse, p.advice)
	}
	return fmt.Sprintf("Pushed back on %d of %d moments, but %s: %s — and push back more often.", t.pushed, t.moments, p.lapse, p.advice)
}

// repFor names the rep a moment counts for, or "" when the call has none.
func repFor(call *pushback.Call, m *pushback.Moment) string {
	if r := m.Response; r != nil && len(r.Turns) > 0 {
		if i := r.Turns[0]; i >= 0 && i < len(call.Turns) && call.Turns[i].Role != pushback.RoleProspect {
			return call.Turns[i].Speaker
		}
	}
	reps := call.SpeakersIn(pushback.RoleRep)
	if len(reps) == 0 { // speakers without roles: take them from the turns
		for _, t := range call.Turns {
			if t.Role == pushback.RoleRep && !contains(reps, t.Speaker) {
				reps = append(reps, t.Speaker)
			}
		}
	}
	switch len(reps) {
	case 0:
		return ""
	case 1:
		return reps[0]
	}
	last := min(m.Turn, len(call.Turns))
	for i := last - 1; i >= 0; i-- {
		if call.Turns[i].Role == pushback.RoleRep {
			return call.Turns[i].Speaker
		}
	}
	for i := max(last, 0); i < len(call.Turns); i++ {
		if call.Turns[i].Role == pushback.RoleRep {
			return call.Turns[i].Speaker
		}
	}
	return reps[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
