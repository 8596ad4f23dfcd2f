package live_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/live"
	"github.com/pushback-coach/pushback/playbook"
)

const no = pushback.NoTime

func TestParseLine(t *testing.T) {
	tests := []struct {
		name string
		line string
		want live.Message
		err  string
	}{
		{name: "blank", line: "   ", want: live.Message{}},
		{name: "name colon", line: "Bob Stone: You guys will raise prices.",
			want: speech(live.KindText, live.Utterance{Speaker: "Bob Stone", Text: "You guys will raise prices.", Start: no, End: no, Final: true})},
		{name: "timed name colon", line: "[00:01:02.5] Dana: Hi Bob, it's 10:30 here.",
			want: speech(live.KindText, live.Utterance{Speaker: "Dana", Text: "Hi Bob, it's 10:30 here.", Start: 62.5, End: no, Final: true})},
		{name: "empty text", line: "Dana:",
			want: speech(live.KindText, live.Utterance{Speaker: "Dana", Start: no, End: no, Final: true})},
		{name: "no name", line: "see https://example.com for more", err: `expected a "Name: text" line`},
		{name: "sentence before colon", line: "So here is what I think about the whole thing we discussed today: nothing", err: "not a speaker name"},
		{name: "ours", line: `{"speaker":"Bob","text":"hi","start":1.5,"end":2,"is_final":false}`,
			want: speech(live.KindJSON, live.Utterance{Speaker: "Bob", Text: "hi", Start: 1.5, End: 2})},
		{name: "ours final by default, null times", line: `{"type":"utterance","speaker":3,"text":"hi","start":null}`,
			want: speech(live.KindJSON, live.Utterance{Speaker: "Speaker 3", Text: "hi", Start: no, End: no, Final: true})},
		{name: "ours without text", line: `{"speaker":"Bob"}`, err: `expected a "text" field`},
		{name: "ours with a side", line: `{"speaker":"Dana","text":"Hi.","role":"rep"}`,
			want: speech(live.KindJSON, live.Utterance{Speaker: "Dana", Text: "Hi.", Start: no, End: no, Final: true, Role: pushback.RoleRep})},
		{name: "ours with a bad side", line: `{"speaker":"Dana","text":"Hi.","role":"boss"}`, err: `"role" "boss": expected "rep" or "prospect"`},
		{name: "bad json", line: `{"speaker":`, err: "bad JSON"},
		{name: "wrong type", line: `{"speaker":"Bob","text":5}`, err: "bad JSON"},
		{name: "start", line: `{"type":"start","rep":"Dana Reyes","title":"Acme"}`,
			want: live.Message{Kind: live.Start, Reps: []string{"Dana Reyes"}, Title: "Acme"}},
		{name: "start list", line: `{"type":"start","rep":["Dana","Omar"]}`,
			want: live.Message{Kind: live.Start, Reps: []string{"Dana", "Omar"}}},
		{name: "end", line: `{"type":"end"}`, want: live.Message{Kind: live.End}},
		{name: "unknown type", line: `{"type":"Weather"}`, err: `unknown message type "Weather"`},
		{name: "deepgram final", line: `{"type":"Results","channel_index":[0,1],"duration":1.5,"start":10.25,"is_final":true,"speech_final":true,"channel":{"alternatives":[{"transcript":"You only integrate with Salesforce.","confidence":0.98,"words":[{"word":"you","start":10.3,"end":10.4,"confidence":0.9,"punctuated_word":"You"}]}]}}`,
			want: speech(live.KindDeepgram, live.Utterance{Speaker: "Speaker", Text: "You only integrate with Salesforce.", Start: 10.25, End: 11.75, Final: true})},
		{name: "deepgram interim diarised", line: `{"type":"Results","duration":1,"start":2,"is_final":false,"channel":{"alternatives":[{"transcript":"hello there","words":[{"word":"hello","start":2,"end":2.4,"speaker":1},{"word":"there","start":2.4,"end":2.9,"speaker":1}]}]}}`,
			want: speech(live.KindDeepgram, live.Utterance{Speaker: "Speaker 1", Text: "hello there", Start: 2, End: 3})},
		{name: "deepgram two speakers", line: `{"type":"Results","duration":2,"start":0,"is_final":true,"channel":{"alternatives":[{"transcript":"yes. why not?","words":[{"word":"yes","punctuated_word":"Yes.","start":0,"end":0.5,"speaker":0},{"word":"why","punctuated_word":"Why","start":1,"end":1.2,"speaker":1},{"word":"not","punctuated_word":"not?","start":1.2,"end":1.5,"speaker":1}]}]}}`,
			want: speech(live.KindDeepgram,
				live.Utterance{Speaker: "Speaker 0", Text: "Yes.", Start: 0, End: 0.5, Final: true},
				live.Utterance{Speaker: "Speaker 1", Text: "Why not?", Start: 1, End: 1.5, Final: true})},
		{name: "deepgram multichannel", line: `{"type":"Results","channel_index":[1,2],"duration":1,"start":3,"is_final":true,"channel":{"alternatives":[{"transcript":"ok"}]}}`,
			want: speech(live.KindDeepgram, live.Utterance{Speaker: "Channel 1", Text: "ok", Start: 3, End: 4, Final: true})},
		{name: "deepgram metadata", line: `{"type":"Metadata","request_id":"x"}`, want: live.Message{}},
		{name: "deepgram without channel", line: `{"type":"Results"}`, err: "without \"channel\""},
		{name: "assemblyai v3 partial", line: `{"type":"Turn","turn_order":0,"turn_is_formatted":false,"end_of_turn":false,"transcript":"hi","words":[{"start":1920,"end":2000,"text":"hi","word_is_final":true},{"start":2800,"end":2880,"text":"my","word_is_final":false}]}`,
			want: speech(live.KindAssemblyAI, live.Utterance{Text: "hi my", Start: 1.92, End: 2.88})},
		{name: "assemblyai v3 final with speaker", line: `{"type":"Turn","turn_order":2,"turn_is_formatted":true,"end_of_turn":true,"speaker_label":"B","transcript":"You'll raise prices.","words":[{"start":100,"end":900,"text":"You'll","speaker":"B"}]}`,
			want: speech(live.KindAssemblyAI, live.Utterance{Speaker: "Speaker B", Text: "You'll raise prices.", Start: 0.1, End: 0.9, Final: true})},
		{name: "assemblyai v2 final", line: `{"message_type":"FinalTranscript","audio_start":1000,"audio_end":2500,"text":"We tried it.","punctuated":true}`,
			want: speech(live.KindAssemblyAI, live.Utterance{Text: "We tried it.", Start: 1, End: 2.5, Final: true})},
		{name: "assemblyai v2 partial", line: `{"message_type":"PartialTranscript","audio_start":1000,"audio_end":1500,"text":"we tried"}`,
			want: speech(live.KindAssemblyAI, live.Utterance{Text: "we tried", Start: 1, End: 1.5})},
		{name: "assemblyai v2 session", line: `{"message_type":"SessionBegins","session_id":"x"}`, want: live.Message{}},
		{name: "assemblyai v2 unknown", line: `{"message_type":"Other"}`, err: "unknown AssemblyAI message_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := live.ParseLine([]byte(tt.line))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func speech(kind string, us ...live.Utterance) live.Message {
	return live.Message{Kind: live.Speech, Input: kind, Utterances: us}
}

// TestAssemblyAIFormattedTurns: with format_turns, each turn ends twice
// (unformatted, then formatted); only one of them is final.
func TestAssemblyAIFormattedTurns(t *testing.T) {
	lines := []string{
		`{"type":"Turn","turn_order":0,"end_of_turn":true,"turn_is_formatted":false,"transcript":"hi there"}`,
		`{"type":"Turn","turn_order":0,"end_of_turn":true,"turn_is_formatted":true,"transcript":"Hi there."}`,
		`{"type":"Turn","turn_order":1,"end_of_turn":false,"turn_is_formatted":false,"transcript":"you will"}`,
		`{"type":"Turn","turn_order":1,"end_of_turn":true,"turn_is_formatted":false,"transcript":"you will raise prices"}`,
		`{"type":"Turn","turn_order":1,"end_of_turn":true,"turn_is_formatted":true,"transcript":"You will raise prices."}`,
	}
	var finals []string
	var dec live.Decoder
	for _, l := range lines {
		m, err := dec.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range m.Utterances {
			if u.Final {
				finals = append(finals, u.Text)
			}
		}
	}
	want := []string{"hi there", "You will raise prices."}
	if !reflect.DeepEqual(finals, want) {
		t.Fatalf("finals %q, want %q", finals, want)
	}
}

// FuzzParseLine: no line makes the decoder panic, and what it decodes is
// sane: speech has utterances with valid times, an error says something.
func FuzzParseLine(f *testing.F) {
	for _, seed := range []string{
		"Bob: hi", "[00:00:01] Dana Reyes: You said 10:30?", "no colon here", "",
		`{"speaker":"Bob","text":"hi","start":1,"end":2,"is_final":false}`,
		`{"type":"start","rep":["Dana"],"title":"x"}`, `{"type":"end"}`,
		`{"type":"Results","duration":1,"start":2,"is_final":true,"channel":{"alternatives":[{"transcript":"a b","words":[{"word":"a","speaker":0},{"word":"b","speaker":1}]}]}}`,
		`{"type":"Turn","turn_order":1,"end_of_turn":true,"turn_is_formatted":true,"speaker_label":"A","transcript":"Hi.","words":[{"start":1,"end":2,"text":"Hi.","speaker":"A"}]}`,
		`{"message_type":"FinalTranscript","audio_start":0,"audio_end":10,"text":"x"}`,
		`{"speaker":1e300,"text":"x"}`, `{"start":-1,"text":"x","end":1e309}`, "{", "\xff\xfe: x",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var dec live.Decoder
		for range 2 { // twice: the decoder keeps state between lines
			m, err := dec.Decode(line)
			if err != nil {
				if err.Error() == "" {
					t.Fatal("an error with no message")
				}
				if m.Kind != live.Skip || m.Utterances != nil {
					t.Fatalf("an error with a message: %+v", m)
				}
				continue
			}
			if m.Kind == live.Speech && len(m.Utterances) == 0 {
				t.Fatal("speech without utterances")
			}
			for _, u := range m.Utterances {
				for _, s := range []pushback.Seconds{u.Start, u.End} {
					if s != pushback.NoTime && !s.Known() {
						t.Fatalf("bad time %v", s)
					}
				}
				if m.Input == live.KindText && (!utf8.ValidString(u.Speaker) || u.Speaker == "") {
					t.Fatalf("bad speaker %q", u.Speaker)
				}
			}
		}
	})
}

// FuzzSession feeds whole streams of lines to a session: whatever comes,
// it never panics, ends with one summary, and its analysis is consistent.
func FuzzSession(f *testing.F) {
	f.Add([]byte("Dana Reyes: Hi Bob, thanks for making time.\nBob Stone: You guys will probably raise the price after a year.\nDana Reyes: I see that differently. Mind if I share why?\nBob Stone: Sure.\n"))
	f.Add([]byte(`{"type":"start","rep":["Dana"]}` + "\n" + `{"speaker":"Bob","text":"you will","is_final":false}` + "\n" + `{"speaker":"Bob","text":"You will raise prices. Everyone does.","start":1,"end":2}` + "\n" + "Dana: No.\n" + `{"type":"end"}` + "\nBob: more\n"))
	f.Add([]byte("A: x\nB: y\nA: z\nC: All vendors are the same.\nA: Why?\nC: Your support is awful.\n"))
	pb, err := playbook.Default()
	if err != nil {
		f.Fatal(err)
	}
	eng, err := engine.New(pb)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		s := live.New(eng, live.Options{Limits: live.Limits{MaxTurns: 50, MaxTextBytes: 4096}})
		var dec live.Decoder
		summaries := 0
		count := func(evs []live.Event) {
			for _, e := range evs {
				if e.Type == live.EventSummary {
					summaries++
				}
			}
		}
		for i, line := range bytes.Split(in, []byte("\n")) {
			m, err := dec.Decode(line)
			if err != nil {
				count(s.InputError(i+1, err, time.Now()))
				continue
			}
			count(s.Handle(m, i+1, time.Now()))
		}
		if !s.Ended() {
			count(s.End(0, time.Time{}))
		}
		if summaries != 1 {
			t.Fatalf("%d summaries", summaries)
		}
		a := s.Analysis()
		for _, m := range a.Moments {
			if m.Turn < 0 || m.Turn >= len(a.Turns) || a.Turns[m.Turn].Role != pushback.RoleProspect {
				t.Fatalf("moment on turn %d", m.Turn)
			}
		}
		if want := eng.Analyze(&a.Call); !reflect.DeepEqual(want.Moments, a.Moments) {
			t.Fatalf("live moments differ from the batch analysis of the same call")
		}
	})
}
