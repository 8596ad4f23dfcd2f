// Package judge decides what the rep did after a moment: pushed back or let
// it go (agreed, conceded, ignored, only asked a clarifying question, no
// reply); whether the rep warned that a different view was coming and asked
// permission first, waited for the answer, stayed respectful and calm, gave a
// reason and used the prospect's name. Verdicts come from trained models over
// cue and word features, with the order of the cues deciding what came first,
// and each carries the words it rests on.
package judge

import (
	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
)

// Item is one sentence of the exchange after a moment, in order.
type Item struct {
	Role pushback.Role
	Turn int
	Text string
}

// MaxRepTurns is how many rep turns after a moment are judged; MaxTurns is
// how far the window may reach before the talk is taken to have moved on;
// once the rep has answered, a prospect turn longer than MaxInterjection
// words (more than "Sure, go ahead") moves the talk on too.
const (
	MaxRepTurns     = 2
	MaxTurns        = 5
	MaxInterjection = 8
)

// Window returns the sentences after a moment that the rep's response is
// judged on: up to MaxRepTurns rep turns, with the prospect's turns between
// them, ending before a prospect turn that holds a later moment. repTurns
// lists the rep turns; it is empty when no rep spoke before the talk moved on,
// and ok is false when no rep turn follows at all.
func Window(call *pushback.Call, momentTurn int, laterMoment func(turn int) bool) (items []Item, repTurns []int, ok bool) {
	items = make([]Item, 0, 8) // room for most windows: fewer regrowths
	for t := momentTurn + 1; t < len(call.Turns); t++ {
		if t-momentTurn > MaxTurns || len(repTurns) == MaxRepTurns {
			break
		}
		turn := call.Turns[t]
		if turn.Role == pushback.RoleProspect {
			if laterMoment != nil && laterMoment(t) {
				break
			}
			if len(repTurns) > 0 && moreWordsThan(turn.Text, MaxInterjection) {
				break // the prospect moved the talk on
			}
			if len(repTurns) == 0 {
				// The prospect goes on before the rep answers: keep looking,
				// the rep's answer may come next.
				continue
			}
		} else {
			repTurns = append(repTurns, t)
		}
		items = appendSentences(items, turn)
	}
	// Trailing prospect turns add nothing to the verdict.
	for len(items) > 0 && items[len(items)-1].Role == pushback.RoleProspect {
		items = items[:len(items)-1]
	}
	if len(repTurns) > 0 {
		return items, repTurns, true
	}
	for t := momentTurn + 1; t < len(call.Turns); t++ {
		if call.Turns[t].Role == pushback.RoleRep {
			return nil, nil, true // a rep spoke later, after the talk moved on
		}
	}
	return nil, nil, false
}

// moreWordsThan reports whether s has more than n words, reading no further
// than it must.
func moreWordsThan(s string, n int) bool {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\t' || s[i] == '\n'
		if !space && !in {
			words++
			if words > n {
				return true
			}
		}
		in = !space
	}
	return false
}

func appendSentences(items []Item, t pushback.Turn) []Item {
	if t.Sentences != nil {
		for _, s := range t.Sentences {
			items = append(items, Item{Role: t.Role, Turn: t.Index, Text: s})
		}
		return items
	}
	var buf [16]lang.Span
	for _, sp := range lang.AppendSentenceSpans(buf[:0], t.Text) {
		items = append(items, Item{Role: t.Role, Turn: t.Index, Text: t.Text[sp.Start:sp.End]})
	}
	return items
}

// ReplyItems turns a single reply (pushback check --role rep) into items.
func ReplyItems(text string) []Item {
	var items []Item
	for _, s := range lang.Sentences(text) {
		items = append(items, Item{Role: pushback.RoleRep, Text: s})
	}
	return items
}

// Closed reports whether the window after a moment in momentTurn can no
// longer change while a call is still unfolding: turns from complete on may
// still grow (the live copilot's last turn). It applies Window's rule; with
// no rep turn in the window, the verdict waits for a rep to speak at all.
func Closed(call *pushback.Call, momentTurn, complete int, laterMoment func(turn int) bool) bool {
	reps := 0
	for t := momentTurn + 1; ; t++ {
		if t-momentTurn > MaxTurns || reps == MaxRepTurns {
			break
		}
		if t >= complete {
			return false
		}
		turn := call.Turns[t]
		if turn.Role == pushback.RoleProspect {
			if laterMoment != nil && laterMoment(t) {
				break
			}
			if reps > 0 && moreWordsThan(turn.Text, MaxInterjection) {
				break
			}
			continue
		}
		reps++
	}
	if reps > 0 {
		return true
	}
	for t := momentTurn + 1; t < len(call.Turns); t++ {
		if call.Turns[t].Role == pushback.RoleRep {
			return true
		}
	}
	return false
}
