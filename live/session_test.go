package live_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/live"
	"github.com/pushback-coach/pushback/roles"
	"github.com/pushback-coach/pushback/transcript"
	"github.com/pushback-coach/pushback/transcript/textfmt"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

const callsDir = "../testdata/calls"

var (
	casesOnce sync.Once
	cases     []*labels.Case
	casesErr  error
	engines   sync.Map // playbook version -> *engine.Engine
)

// labelled returns the labelled calls of testdata/calls.
func labelled(t testing.TB) []*labels.Case {
	t.Helper()
	casesOnce.Do(func() { cases, casesErr = labels.LoadDir(callsDir, nil) })
	if casesErr != nil {
		t.Fatal(casesErr)
	}
	return cases
}

func engineFor(t testing.TB, pb *pushback.Playbook) *engine.Engine {
	t.Helper()
	if e, ok := engines.Load(pb.Version); ok {
		return e.(*engine.Engine)
	}
	e, err := engine.New(pb)
	if err != nil {
		t.Fatal(err)
	}
	engines.Store(pb.Version, e)
	return e
}

// feed hands entries to a session and returns every event, copied.
func feed(s *live.Session, entries []live.Entry) []live.Event {
	var all []live.Event
	for _, e := range entries {
		if e.Err != nil {
			all = append(all, s.InputError(e.Line, e.Err, time.Now())...)
			continue
		}
		all = append(all, s.Handle(e.Msg, e.Line, time.Now())...)
	}
	return append(all, s.End(0, time.Time{})...)
}

// sameAnalysis fails t unless live deep-equals batch, naming the first difference.
func sameAnalysis(t *testing.T, name string, got, want *pushback.Analysis) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no live analysis", name)
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	if !reflect.DeepEqual(got.Call, want.Call) {
		for i := range min(len(got.Turns), len(want.Turns)) {
			if !reflect.DeepEqual(got.Turns[i], want.Turns[i]) {
				t.Fatalf("%s: turn %d differs:\nlive  %+v\nbatch %+v", name, i, got.Turns[i], want.Turns[i])
			}
		}
		g, _ := json.Marshal(got.Call)
		w, _ := json.Marshal(want.Call)
		t.Fatalf("%s: calls differ (%d vs %d turns):\nlive  %.600s\nbatch %.600s", name, len(got.Turns), len(want.Turns), g, w)
	}
	if len(got.Moments) != len(want.Moments) {
		t.Fatalf("%s: %d live moments, %d batch", name, len(got.Moments), len(want.Moments))
	}
	for i := range got.Moments {
		if !reflect.DeepEqual(got.Moments[i], want.Moments[i]) {
			g, _ := json.Marshal(got.Moments[i])
			w, _ := json.Marshal(want.Moments[i])
			t.Fatalf("%s: moment %d differs:\nlive  %s\nbatch %s", name, i, g, w)
		}
	}
	g, _ := json.Marshal(got.Scores)
	w, _ := json.Marshal(want.Scores)
	t.Fatalf("%s: analyses differ; scores live %s batch %s", name, g, w)
}

// checkEvents folds the event stream into the moments a client would show
// at the end and checks them against the analysis: same quotes,
// categories and verdicts, and no provisional nudge announced twice.
func checkEvents(t *testing.T, name string, events []live.Event, a *pushback.Analysis) {
	t.Helper()
	type shown struct {
		turn     int
		moment   *pushback.Moment
		response *pushback.Response
		judged   bool
	}
	state := map[string]*shown{}
	order := []string{}
	provisional := map[string]bool{}
	provSeen := map[string]bool{}
	summaries := 0
	for _, e := range events {
		switch e.Type {
		case live.EventProvisional:
			key := strconv.Itoa(*e.Turn) + "\x00" + e.Moment.Quote
			if provSeen[key] {
				t.Fatalf("%s: provisional nudge announced twice: turn %d %q", name, *e.Turn, e.Moment.Quote)
			}
			provSeen[key] = true
			provisional[e.ID] = true
		case live.EventMoment:
			if e.WasProvisional != provisional[e.ID] {
				t.Fatalf("%s: moment %s was_provisional=%v but provisional=%v", name, e.ID, e.WasProvisional, provisional[e.ID])
			}
			if _, dup := state[e.ID]; dup {
				t.Fatalf("%s: moment %s announced twice", name, e.ID)
			}
			delete(provisional, e.ID)
			state[e.ID] = &shown{turn: *e.Turn, moment: e.Moment}
			order = append(order, e.ID)
			if e.Card == nil || e.Card.Script == "" || e.Card.Quote != e.Moment.Quote {
				t.Fatalf("%s: moment %s has a bad card: %+v", name, e.ID, e.Card)
			}
		case live.EventUpdate:
			st := state[e.ID]
			if st == nil {
				t.Fatalf("%s: update of unknown moment %s", name, e.ID)
			}
			st.moment = e.Moment
		case live.EventRetract:
			if provisional[e.ID] {
				delete(provisional, e.ID)
				continue
			}
			if state[e.ID] == nil {
				t.Fatalf("%s: retract of unknown moment %s", name, e.ID)
			}
			delete(state, e.ID)
		case live.EventFeedback:
			st := state[e.ID]
			if st == nil {
				t.Fatalf("%s: feedback on unknown moment %s", name, e.ID)
			}
			if st.judged && !e.Revised {
				t.Fatalf("%s: moment %s judged twice", name, e.ID)
			}
			st.response, st.judged = e.Response, true
			if e.Feedback == "" || e.Verdict == "" {
				t.Fatalf("%s: feedback without words: %+v", name, e)
			}
		case live.EventSummary:
			summaries++
			if !reflect.DeepEqual(*e.Scores, a.Scores) {
				t.Fatalf("%s: summary scores differ from the analysis", name)
			}
		case live.EventError:
			t.Fatalf("%s: unexpected error event: %+v", name, e)
		}
	}
	if len(provisional) > 0 {
		t.Fatalf("%s: provisional moments never confirmed or retracted: %v", name, provisional)
	}
	if summaries != 1 {
		t.Fatalf("%s: %d summaries", name, summaries)
	}
	var final []*shown
	for _, id := range order {
		if st := state[id]; st != nil {
			final = append(final, st)
		}
	}
	// The client's moments are in announcement order; the analysis's in
	// turn order, and within a turn in the order of the text. A moment
	// found later may stand earlier in its turn (in dh04 a turn's second
	// sentence became a moment after its fifth had), so sort the client's
	// by turn and then by where the quote starts in the turn.
	at := func(st *shown) int {
		if st.turn < 0 || st.turn >= len(a.Call.Turns) {
			return -1
		}
		return strings.Index(a.Call.Turns[st.turn].Text, st.moment.Quote)
	}
	slices.SortStableFunc(final, func(x, y *shown) int {
		return cmp.Or(cmp.Compare(x.turn, y.turn), cmp.Compare(at(x), at(y)))
	})
	if len(final) != len(a.Moments) {
		t.Fatalf("%s: the events leave %d moments, the analysis has %d", name, len(final), len(a.Moments))
	}
	for i, st := range final {
		m := a.Moments[i]
		if st.turn != m.Turn || st.moment.Quote != m.Quote || st.moment.Category != m.Category {
			t.Fatalf("%s: event moment %d is turn %d %q (%s), analysis turn %d %q (%s)", name, i, st.turn, st.moment.Quote, st.moment.Category, m.Turn, m.Quote, m.Category)
		}
		if !st.judged || !reflect.DeepEqual(st.response, m.Response) {
			t.Fatalf("%s: event verdict on %q differs from the analysis", name, m.Quote)
		}
	}
}

// TestLiveEqualsBatch replays every labelled call sentence by sentence
// with the labelled reps and checks that the live analysis is the batch one.
func TestLiveEqualsBatch(t *testing.T) {
	moments, n := 0, 0
	for i, c := range labelled(t) {
		if i%raceStride != 0 {
			continue
		}
		n++
		eng := engineFor(t, c.Playbook)
		want := eng.Analyze(c.Call)
		s := live.New(eng, live.Options{Reps: c.Labels.Rep, Source: c.Call.Source, Format: c.Call.Format})
		events := feed(s, live.FromCall(c.Call))
		sameAnalysis(t, c.Name, s.Analysis(), want)
		checkEvents(t, c.Name, events, s.Analysis())
		moments += len(want.Moments)
	}
	t.Logf("%d calls, %d moments: live == batch", n, moments)
}

// TestLiveEqualsBatchWithInterims sends, before each final sentence, its
// interim results word by word: provisional nudges come and go, the final
// analysis stays the batch one.
func TestLiveEqualsBatchWithInterims(t *testing.T) {
	provisionals, confirmed := 0, 0
	for i, c := range labelled(t) {
		if i%(3*raceStride) != 0 {
			continue
		}
		eng := engineFor(t, c.Playbook)
		want := eng.Analyze(c.Call)
		s := live.New(eng, live.Options{Reps: c.Labels.Rep, Source: c.Call.Source, Format: c.Call.Format})
		var entries []live.Entry
		for _, e := range live.FromCall(c.Call) {
			u := e.Msg.Utterances[0]
			words := strings.Fields(u.Text)
			for k := 3; k < len(words); k += 3 {
				interim := u
				interim.Final = false
				interim.Text = strings.ToLower(strings.Join(words[:k], " "))
				entries = append(entries, live.Entry{Msg: live.Message{Kind: live.Speech, Utterances: []live.Utterance{interim}}})
			}
			entries = append(entries, e)
		}
		events := feed(s, entries)
		sameAnalysis(t, c.Name, s.Analysis(), want)
		checkEvents(t, c.Name, events, s.Analysis())
		for _, e := range events {
			if e.Type == live.EventProvisional {
				provisionals++
			}
			if e.WasProvisional {
				confirmed++
			}
		}
	}
	if provisionals == 0 || confirmed == 0 {
		t.Fatalf("%d provisional nudges, %d confirmed: the interims were not looked at", provisionals, confirmed)
	}
	t.Logf("%d provisional nudges, %d confirmed by the final words", provisionals, confirmed)
}

// TestLiveEqualsBatchGuessedRoles replays calls without naming the reps:
// the playbook's reps or the guess decide, and at the end the roles are
// those of the batch reader (with analyze's playbook rule).
func TestLiveEqualsBatchGuessedRoles(t *testing.T) {
	for i, c := range labelled(t) {
		if i%(2*raceStride) != 0 {
			continue
		}
		eng := engineFor(t, c.Playbook)
		call, err := transcript.ParseFile(c.Transcript, transcript.Options{})
		if err != nil {
			t.Fatal(err)
		}
		playbookReps(call, c.Playbook)
		want := eng.Analyze(call)
		s := live.New(eng, live.Options{Source: call.Source, Format: call.Format})
		events := feed(s, live.FromCall(call))
		sameAnalysis(t, c.Name, s.Analysis(), want)
		checkEvents(t, c.Name, events, s.Analysis())
	}
}

// playbookReps is what pushback analyze does with a playbook's reps when
// none are named.
func playbookReps(call *pushback.Call, pb *pushback.Playbook) {
	set := map[string]bool{}
	for _, r := range pb.Reps {
		for _, m := range roles.Match(call, r) {
			set[m] = true
		}
	}
	if len(set) > 0 && len(set) < len(call.Speakers) {
		call.SetRoles(set, false)
	}
}

// TestLiveFromTranscriptLines converts labelled calls to live input the way
// a speech-to-text bridge would (name-colon calls to "Name: text" lines,
// WebVTT calls to JSON lines with start and end) from the segments the
// batch readers emit, runs them through the line reader, and checks the
// live analysis against the batch one.
func TestLiveFromTranscriptLines(t *testing.T) {
	tested := map[string]int{}
	for i, c := range labelled(t) {
		if i%raceStride != 0 {
			continue
		}
		var lines strings.Builder
		var n int
		switch {
		case c.Call.Format == "name-colon" && !c.Call.Duration.Known():
			n = segments(t, c.Transcript, textfmt.Read, func(s pushback.Segment) {
				fmt.Fprintf(&lines, "%s: %s\n", s.Speaker, strings.Join(strings.Fields(s.Text), " "))
			})
		case strings.HasPrefix(c.Call.Format, "webvtt"):
			n = segments(t, c.Transcript, webvtt.Read, func(s pushback.Segment) {
				b, _ := json.Marshal(map[string]any{"speaker": s.Speaker, "text": s.Text, "start": jsonTime(s.Start), "end": jsonTime(s.End)})
				lines.Write(b)
				lines.WriteByte('\n')
			})
		default:
			continue
		}
		eng := engineFor(t, c.Playbook)
		want := eng.Analyze(c.Call)
		s := live.New(eng, live.Options{Reps: c.Labels.Rep, Source: c.Call.Source, Format: c.Call.Format})
		var events []live.Event
		err := live.Run(context.Background(), strings.NewReader(lines.String()), s, func(evs []live.Event) error {
			events = append(events, evs...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sameAnalysis(t, c.Name, s.Analysis(), want)
		checkEvents(t, c.Name, events, s.Analysis())
		tested[c.Call.Format]++
		if n < len(c.Call.Turns) {
			t.Fatalf("%s: %d segments for %d turns", c.Name, n, len(c.Call.Turns))
		}
	}
	if tested["name-colon"] < 3 || tested["webvtt-zoom"]+tested["webvtt-teams"] < 3 {
		t.Fatalf("too few calls converted: %v", tested)
	}
	t.Logf("live == batch for %v", tested)
}

func segments(t *testing.T, path string, read func(r io.Reader, id string, emit func(pushback.Segment) error) (string, error), each func(pushback.Segment)) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	if _, err := read(f, "", func(s pushback.Segment) error { n++; each(s); return nil }); err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return n
}

func jsonTime(s pushback.Seconds) any {
	if !s.Known() {
		return nil
	}
	return float64(s)
}

// callFromText reads a "Name: text" transcript with the batch reader.
func callFromText(t *testing.T, text string, reps ...string) *pushback.Call {
	t.Helper()
	call, err := transcript.Parse(strings.NewReader(text), transcript.Options{Name: "test.txt", Reps: reps})
	if err != nil {
		t.Fatal(err)
	}
	return call
}
