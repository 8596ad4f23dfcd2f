package live

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/transcript"
)

// Options configure a session.
type Options struct {
	// Reps are the seller-side speakers, matched as --rep matches them
	// (roles.Match). With none, a start message's reps, else the
	// playbook's reps are used, and with none of those either the roles
	// are guessed (see docs/live.md).
	Reps []string
	// Source is the call's source; "" is a start message's title, else "live".
	Source string
	// Format is the call's format; "" is "live-" and the input kind of
	// the first utterance ("live-deepgram", ...).
	Format string
	// Elapsed gives the call time of input that carries no times; nil
	// uses the wall-clock time since the session began.
	Elapsed func() pushback.Seconds
	Limits  Limits
}

// Limits bound what one session holds.
type Limits struct {
	MaxTurns     int // 0: DefaultMaxTurns
	MaxTextBytes int // the call's text; 0: DefaultMaxTextBytes
}

// Default limits: about ten times a three-hour call.
const (
	DefaultMaxTurns     = 20000
	DefaultMaxTextBytes = 4 << 20
)

// Session follows one call as it happens: it merges final utterances into
// turns the way the batch reader does, finds the moments of each prospect
// turn as it grows, judges the rep's response once its window closes and,
// at the end, scores the call. Every verdict comes from the engine's steps
// (DetectTurn, ResponseTo, Coach, Score), so the session's final analysis is
// the batch analysis of the same call. A session is not safe for
// concurrent use: one goroutine feeds it.
type Session struct {
	eng   *engine.Engine
	opts  Options
	began time.Time

	call  pushback.Call
	turns []turnState // beside call.Turns

	// roles
	policy    policy
	names     []string                 // the names that make a speaker a rep (byName, byPlaybook)
	reps      map[string]bool          // the seller side now
	matched   bool                     // byPlaybook: a playbook rep has spoken
	sides     map[string]pushback.Role // the side the input gave each speaker, first given at a turn's start
	nextGuess int                      // guessing: re-guess when the call has this many turns

	pending    []int // turns whose moments wait for their response's window to close, ascending
	rescueFrom int   // turns before this one are done with rescue (rescue.go)

	prov     []provisional
	provSeen []provKey // (turn, quote) already announced provisionally: never twice

	titled    bool // Options.Source was given: a start message's title does not replace it
	nextID    int
	textBytes int
	full      bool
	ended     bool
	final     *pushback.Analysis

	// the input being handled
	events  []Event
	line    int
	arrived time.Time
	at      pushback.Seconds
}

type turnState struct {
	moments       []liveMoment // the turn's moments now, in the engine's order
	rescued       *liveMoment  // a moment the rep's push-back confirmed (rescue.go)
	rescueChecked bool
	prior         detect.Prior // the turn's evidence of how dense in moments the call is
}

// liveMoment is a moment as announced: the engine's moment (without
// response or coaching), where its quote starts in the turn's text, and
// its verdict once judged.
type liveMoment struct {
	id       string
	m        pushback.Moment
	start    int
	judged   bool
	told     bool // a feedback event has been sent: the next one is a revision
	response *pushback.Response
}

type provisional struct {
	id, speaker, quote string
	turn               int
}

type provKey struct {
	turn  int
	quote string
}

// New starts a session that judges with eng.
func New(eng *engine.Engine, opts Options) *Session {
	titled := opts.Source != ""
	if !titled {
		opts.Source = "live"
	}
	if opts.Limits.MaxTurns <= 0 {
		opts.Limits.MaxTurns = DefaultMaxTurns
	}
	if opts.Limits.MaxTextBytes <= 0 {
		opts.Limits.MaxTextBytes = DefaultMaxTextBytes
	}
	s := &Session{
		eng:   eng,
		opts:  opts,
		began: time.Now(),
		call: pushback.Call{
			Schema: pushback.CallSchema, Source: opts.Source, Format: opts.Format,
			Duration: pushback.NoTime, Speakers: []pushback.Speaker{}, Turns: make([]pushback.Turn, 0, 64),
		},
		turns:  make([]turnState, 0, 64),
		reps:   map[string]bool{},
		titled: titled,
	}
	s.setPolicy()
	return s
}

// Hello is the first event of a session's stream.
func (s *Session) Hello(session string) Event {
	pb := s.eng.Playbook()
	return Event{
		Type: EventHello, Schema: Schema, At: 0, Session: session,
		Playbook: &pushback.PlaybookRef{Name: pb.Name, Version: pb.Version, Sensitivity: pb.Sensitivity},
		Models:   &pushback.ModelRef{Version: engine.ModelVersion},
	}
}

// Call is the call so far. It belongs to the session: read it between
// calls, never change it.
func (s *Session) Call() *pushback.Call { return &s.call }

// Ended reports whether End has been called.
func (s *Session) Ended() bool { return s.ended }

// Analysis is the final analysis, once the session has ended (nil before):
// deep-equal to engine.Analyze of the same call read by the batch reader.
func (s *Session) Analysis() *pushback.Analysis { return s.final }

// Handle applies one decoded input message and returns the events it
// caused. line numbers the input (from 1) and arrived is when it came; the
// events are valid until the next call.
func (s *Session) Handle(msg Message, line int, arrived time.Time) []Event {
	switch msg.Kind {
	case Start:
		s.begin(line, arrived, s.elapsed())
		s.start(msg)
		return s.events
	case End:
		return s.End(line, arrived)
	case Speech:
		s.begin(line, arrived, pushback.NoTime)
		for _, u := range msg.Utterances {
			s.at = utteranceTime(u, s.elapsed)
			if s.call.Format == "" && msg.Input != "" {
				s.call.Format = "live-" + msg.Input
			}
			s.utterance(u)
		}
		return s.events
	}
	return nil
}

// InputError returns the error event for a line that could not be read.
func (s *Session) InputError(line int, err error, arrived time.Time) []Event {
	s.begin(line, arrived, s.elapsed())
	s.errorEvent(pushback.EINVALID, err.Error())
	return s.events
}

// End ends the session: what was provisional is retracted, the roles are
// settled as the batch reader would settle them, every open window is
// judged, and a summary with the scores closes the stream.
func (s *Session) End(line int, arrived time.Time) []Event {
	if s.ended {
		s.begin(line, arrived, s.elapsed())
		s.errorEvent(pushback.EINVALID, "the session has already ended")
		return s.events
	}
	at := s.call.Duration
	if !at.Known() {
		at = s.elapsed()
	}
	s.begin(line, arrived, at)
	for len(s.prov) > 0 {
		s.retractProvisional(0, "the call ended before its final words")
	}
	s.ended = true
	s.settleRoles()
	s.closeWindows()
	s.rescueAll()

	a := s.eng.NewAnalysis(&s.call)
	for t := range s.turns {
		for _, lm := range s.turns[t].moments {
			m := lm.m
			m.Response = lm.response
			s.eng.Coach(&a.Call, &m)
			a.Moments = append(a.Moments, m)
		}
		if lm := s.turns[t].rescued; lm != nil {
			m := lm.m
			m.Response = lm.response
			s.eng.Coach(&a.Call, &m)
			a.Moments = append(a.Moments, m)
		}
	}
	s.eng.Score(a)
	s.final = a
	turns := len(s.call.Turns)
	dur := s.call.Duration
	s.events = append(s.events, Event{Type: EventSummary, At: s.at, Line: s.line, Scores: &a.Scores,
		Turns: &turns, Duration: &dur, arrived: s.arrived})
	return s.events
}

func (s *Session) begin(line int, arrived time.Time, at pushback.Seconds) {
	s.events = s.events[:0]
	s.line, s.arrived, s.at = line, arrived, at
}

func (s *Session) elapsed() pushback.Seconds {
	if s.opts.Elapsed != nil {
		return s.opts.Elapsed()
	}
	return pushback.Seconds(time.Since(s.began).Seconds())
}

// utteranceTime is when an utterance was heard: its end, else its start,
// else now.
func utteranceTime(u Utterance, now func() pushback.Seconds) pushback.Seconds {
	switch {
	case u.End.Known():
		return u.End
	case u.Start.Known():
		return u.Start
	}
	return now()
}

func (s *Session) start(msg Message) {
	if len(s.call.Turns) > 0 || len(s.prov) > 0 {
		s.errorEvent(pushback.EINVALID, `"start" must come before the first utterance: ignored`)
		return
	}
	// What the session was started with wins over the input's start.
	if len(msg.Reps) > 0 && len(s.opts.Reps) == 0 {
		s.opts.Reps = msg.Reps
		s.setPolicy()
	}
	if t := strings.TrimSpace(msg.Title); t != "" && !s.titled {
		s.call.Source = t
	}
}

func (s *Session) errorEvent(code, msg string) {
	s.events = append(s.events, Event{Type: EventError, At: s.at, Line: s.line, Code: code, Message: msg, arrived: s.arrived})
}

// utterance merges one utterance into the call (a final one) or looks at
// it provisionally (an interim one).
func (s *Session) utterance(u Utterance) {
	if s.ended {
		s.errorEvent(pushback.EINVALID, "the session has ended: utterance ignored")
		return
	}
	text := lang.CleanSpace(u.Text)
	speaker := lang.CleanSpace(u.Speaker)
	if speaker == "" {
		speaker = transcript.DefaultSpeaker
	}
	if !u.Final {
		if text != "" && !s.full {
			s.interim(speaker, text, u.Role)
		}
		return
	}
	if text == "" {
		s.settleProvisional(speaker)
		return
	}
	if s.full || s.overLimit(speaker, text) {
		return
	}
	s.textBytes += len(text) + 1
	// The call's duration, as the batch reader keeps it.
	if u.End.Known() && u.End > s.call.Duration {
		s.call.Duration = u.End
	} else if u.Start.Known() && u.Start > s.call.Duration {
		s.call.Duration = u.Start
	}
	n := len(s.call.Turns)
	ti := n - 1
	if n > 0 && s.call.Turns[ti].Speaker == speaker {
		t := &s.call.Turns[ti]
		t.Text = t.Text + " " + text
		if u.End.Known() {
			t.End = u.End
		}
		if !t.Start.Known() && u.Start.Known() {
			t.Start = u.Start
		}
		t.Sentences = nil // split again on demand
		if t.Role == pushback.RoleProspect {
			s.detect(ti, speaker, grewWhy)
		}
		s.settleProvisional(speaker)
		return
	}
	joined := s.call.Speaker(speaker) == nil
	if joined {
		s.call.Speakers = append(s.call.Speakers, pushback.Speaker{Name: speaker, Role: pushback.RoleProspect})
	}
	sided := false
	if u.Role != "" && s.sides[speaker] == "" {
		if s.sides == nil {
			s.sides = map[string]pushback.Role{}
		}
		s.sides[speaker], sided = u.Role, true
	}
	ti = n
	s.call.Turns = append(s.call.Turns, pushback.Turn{
		Index: ti, Speaker: speaker, Role: s.roleOf(speaker),
		Start: u.Start, End: u.End, Text: text,
	})
	s.turns = append(s.turns, turnState{})
	s.pruneProvSeen()
	s.rolesForNewTurn(joined, sided)
	if s.call.Turns[ti].Role == pushback.RoleProspect {
		s.detect(ti, speaker, grewWhy)
	}
	s.settleProvisional(speaker)
	// The turn before is complete now: windows may close.
	s.closeWindows()
}

// overLimit reports whether merging text would take the call past its
// limits; the first time, it says so in an error event.
func (s *Session) overLimit(speaker, text string) bool {
	l := s.opts.Limits
	n := len(s.call.Turns)
	grows := n > 0 && s.call.Turns[n-1].Speaker == speaker
	if s.textBytes+len(text)+1 <= l.MaxTextBytes && (grows || n < l.MaxTurns) {
		return false
	}
	s.full = true
	s.errorEvent(pushback.ETOOLARGE, fmt.Sprintf("the session reached its limit (%d turns, %d bytes of text): later speech is ignored", l.MaxTurns, l.MaxTextBytes))
	return true
}

// detect runs the engine on turn ti as it is now and announces what
// changed: new moments, updated ones, retracted ones.
//
// A turn's moments also depend on the turns before it (how dense in moments
// the call is so far): when turn ti's evidence changed and later turns
// exist (an earlier turn grew), they are run again too.
func (s *Session) detect(ti int, speaker, why string) {
	if !s.detectOne(ti, speaker, why) {
		return
	}
	for j := ti + 1; j < len(s.turns); j++ {
		if s.call.Turns[j].Role == pushback.RoleProspect {
			s.detectOne(j, s.call.Turns[j].Speaker, laterWhy)
		}
	}
}

// detectOne is detect for turn ti alone. It reports whether the turn's
// evidence for the turns after it changed.
func (s *Session) detectOne(ti int, speaker, why string) bool {
	var fresh []pushback.Moment
	var here detect.Prior
	if s.call.Turns[ti].Role == pushback.RoleProspect {
		fresh, here = s.eng.DetectTurnAfter(&s.call, ti, s.priorBefore(ti))
	}
	changed := here != s.turns[ti].prior
	s.turns[ti].prior = here
	s.diff(ti, fresh, speaker, why)
	return changed
}

// laterWhy is why a moment is retracted when an earlier turn changed.
const laterWhy = "no longer found once the earlier turns changed"

// priorBefore is the evidence of the turns before ti, as the engine would
// compute it (engine.PriorBefore) from each turn's last detection.
func (s *Session) priorBefore(ti int) detect.Prior {
	var p detect.Prior
	for t := 0; t < ti && t < len(s.turns); t++ {
		p = p.Add(s.turns[t].prior)
	}
	return p
}

// grewWhy is why a moment is retracted when its turn grew.
const grewWhy = "no longer found once the turn went on"

// diff replaces turn ti's moments with fresh ones. A fresh moment whose
// quote overlaps an old one is that moment, updated if it changed; an old
// one with no fresh counterpart is retracted; a fresh one with none is new
// (confirming a provisional moment of the same words when there is one).
func (s *Session) diff(ti int, fresh []pushback.Moment, speaker, why string) {
	st := &s.turns[ti]
	old := st.moments
	if len(old) == 0 && len(fresh) == 0 {
		return
	}
	text := s.call.Turns[ti].Text
	next := make([]liveMoment, len(fresh))
	var used uint64 // old moments matched (a turn has far fewer than 64)
	pos := 0
	for i := range fresh {
		m := fresh[i]
		start := locate(text, m.Quote, pos)
		pos = start + len(m.Quote)
		next[i] = liveMoment{m: m, start: start}
		for j := range old {
			if j < 64 && used&(1<<j) == 0 && overlaps(old[j].start, len(old[j].m.Quote), start, len(m.Quote)) {
				used |= 1 << j
				next[i].id = old[j].id
				next[i].told = old[j].told
				if sameMoment(&old[j].m, &m) {
					next[i].judged, next[i].response = old[j].judged, old[j].response
				} else {
					s.announce(EventUpdate, ti, speaker, &next[i], &old[j].m)
				}
				break
			}
		}
	}
	for j := range old {
		if j >= 64 || used&(1<<j) == 0 {
			s.events = append(s.events, Event{Type: EventRetract, At: s.at, Line: s.line, ID: old[j].id,
				Turn: intp(ti), Speaker: speaker, Reason: why, arrived: s.arrived})
		}
	}
	for i := range next {
		if next[i].id != "" {
			continue
		}
		if p := s.findProvisional(speaker, next[i].m.Quote); p >= 0 {
			next[i].id = s.prov[p].id
			s.prov = slices.Delete(s.prov, p, p+1)
			s.announce(EventMoment, ti, speaker, &next[i], nil)
			s.events[len(s.events)-1].WasProvisional = true
			continue
		}
		next[i].id = s.newID()
		s.announce(EventMoment, ti, speaker, &next[i], nil)
	}
	st.moments = next
	for i := range next {
		if !next[i].judged {
			s.addPending(ti)
			break
		}
	}
}

// announce writes a moment, provisional or update event with the coach's card.
func (s *Session) announce(typ EventType, ti int, speaker string, lm *liveMoment, prev *pushback.Moment) {
	m := lm.m
	s.eng.Coach(&s.call, &m)
	m.Feedback = "" // the feedback comes with the verdict
	ev := Event{Type: typ, At: s.at, Line: s.line, ID: lm.id, Turn: intp(ti), Speaker: speaker,
		Moment: &m, Card: CardFor(&m), arrived: s.arrived}
	if prev != nil {
		ev.Previous = &Previous{Quote: prev.Quote, Category: prev.Category}
	}
	s.events = append(s.events, ev)
}

func (s *Session) newID() string {
	s.nextID++
	return "m" + strconv.Itoa(s.nextID)
}

func (s *Session) addPending(ti int) {
	if i, found := slices.BinarySearch(s.pending, ti); !found {
		s.pending = slices.Insert(s.pending, i, ti)
	}
}

// locate finds quote in text at or after from (the engine's moments come
// in text order), else anywhere; -1 if absent.
func locate(text, quote string, from int) int {
	if from <= len(text) {
		if k := strings.Index(text[from:], quote); k >= 0 {
			return from + k
		}
	}
	return strings.Index(text, quote)
}

func overlaps(a, alen, b, blen int) bool {
	if a < 0 || b < 0 {
		return false
	}
	return a < b+blen && b < a+alen
}

func sameMoment(a, b *pushback.Moment) bool {
	return a.Turn == b.Turn && a.Quote == b.Quote && a.Category == b.Category && a.Confidence == b.Confidence &&
		slices.Equal(a.Topics, b.Topics) && slices.Equal(a.Reasons, b.Reasons) &&
		(a.Fact == nil) == (b.Fact == nil) && (a.Fact == nil || *a.Fact == *b.Fact)
}

func intp(i int) *int { return &i }
