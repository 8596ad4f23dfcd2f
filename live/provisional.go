package live

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// interim looks at an interim result: the engine runs on a copy of the
// turn as it would be with these words, and a moment found there that is
// not announced yet is announced as provisional, once per (turn, quote).
// The call itself does not change.
func (s *Session) interim(speaker, text string, side pushback.Role) {
	n := len(s.call.Turns)
	if n > 0 && s.call.Turns[n-1].Speaker == speaker {
		t := &s.call.Turns[n-1]
		if t.Role != pushback.RoleProspect {
			return
		}
		// The turn is read as the batch reader would leave it: its text and
		// its sentences agree.
		saved, savedSentences := t.Text, t.Sentences
		t.Text = saved + " " + capitalAfterStop(saved, text)
		t.Sentences = nil // split again on demand
		s.provisionalMoments(n-1, speaker, t.Text, true)
		t.Text, t.Sentences = saved, savedSentences
		return
	}
	if s.interimRole(speaker, side) != pushback.RoleProspect {
		return
	}
	s.call.Turns = append(s.call.Turns, pushback.Turn{Index: n, Speaker: speaker, Role: pushback.RoleProspect,
		Start: pushback.NoTime, End: pushback.NoTime, Text: text})
	s.provisionalMoments(n, speaker, text, false)
	s.call.Turns[n] = pushback.Turn{}
	s.call.Turns = s.call.Turns[:n]
}

// provisionalMoments announces the new moments of turn ti, whose text is
// for now text; existing says whether the turn has final words already.
func (s *Session) provisionalMoments(ti int, speaker, text string, existing bool) {
	ms, _ := s.eng.DetectTurnAfter(&s.call, ti, s.priorBefore(ti))
	pos := 0
	for i := range ms {
		m := &ms[i]
		start := locate(text, m.Quote, pos)
		pos = max(start, 0) + len(m.Quote)
		if existing && s.coversFinal(ti, start, len(m.Quote)) {
			continue
		}
		key := provKey{turn: ti, quote: m.Quote}
		if slices.Contains(s.provSeen, key) || s.findProvisional(speaker, m.Quote) >= 0 {
			continue
		}
		s.provSeen = append(s.provSeen, key)
		lm := liveMoment{id: s.newID(), m: *m, start: start}
		s.prov = append(s.prov, provisional{id: lm.id, speaker: speaker, quote: m.Quote, turn: ti})
		s.announce(EventProvisional, ti, speaker, &lm, nil)
	}
}

// capitalAfterStop capitalises interim words that start a sentence: interim
// results often come unformatted ("you guys will"), and after "price." a
// lower-case word reads as the same sentence going on. It only shapes the
// provisional look; final words are taken as they come.
func capitalAfterStop(before, interim string) string {
	if before == "" || !strings.ContainsRune(".?!", rune(before[len(before)-1])) {
		return interim
	}
	r, size := utf8.DecodeRuneInString(interim)
	if !unicode.IsLower(r) {
		return interim
	}
	return string(unicode.ToUpper(r)) + interim[size:]
}

// coversFinal reports whether a final moment of turn ti overlaps the bytes
// [start, start+n) of its text.
func (s *Session) coversFinal(ti, start, n int) bool {
	for _, lm := range s.turns[ti].moments {
		if overlaps(lm.start, len(lm.m.Quote), start, n) {
			return true
		}
	}
	return false
}

// findProvisional returns the index of a provisional moment of speaker with
// the same words as quote (interim and final words differ in punctuation
// and casing, and the final may add or drop a word), or -1.
func (s *Session) findProvisional(speaker, quote string) int {
	for i, p := range s.prov {
		if p.speaker == speaker && sameWords(p.quote, quote) {
			return i
		}
	}
	return -1
}

// settleProvisional retracts the provisional moments of speaker that their
// final words did not confirm (those confirmed were taken by diff).
func (s *Session) settleProvisional(speaker string) {
	for i := 0; i < len(s.prov); {
		if s.prov[i].speaker == speaker {
			s.retractProvisional(i, "the final words did not confirm it")
			continue
		}
		i++
	}
}

func (s *Session) retractProvisional(i int, why string) {
	p := s.prov[i]
	s.events = append(s.events, Event{Type: EventRetract, At: s.at, Line: s.line, ID: p.id, Turn: intp(p.turn),
		Speaker: p.speaker, Reason: why, arrived: s.arrived})
	s.prov = slices.Delete(s.prov, i, i+1)
}

// pruneProvSeen forgets the provisional quotes of turns that can no longer
// change: only the last turn, or a new one, gets interim words.
func (s *Session) pruneProvSeen() {
	last := len(s.call.Turns) - 1
	s.provSeen = slices.DeleteFunc(s.provSeen, func(k provKey) bool { return k.turn < last })
}

// sameWords reports whether two quotes say the same thing: at least 70% of
// the words of the shorter one (of three or more) are in the other, or of
// the longer one when the shorter is shorter than that.
func sameWords(a, b string) bool {
	wa, wb := wordsOf(a), wordsOf(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	common := 0
	for _, w := range wa {
		if slices.Contains(wb, w) {
			common++
		}
	}
	if len(wa) < 3 {
		return common*10 >= 7*len(wb)
	}
	return common*10 >= 7*len(wa)
}

func wordsOf(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}
