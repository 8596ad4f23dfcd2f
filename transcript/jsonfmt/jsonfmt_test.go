package jsonfmt_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/jsonfmt"
)

// testdata is where the transcript fixtures live, shared with the other
// transcript readers.
const testdata = "../../testdata/transcripts"

// folders are the fixture folders of the JSON formats.
var folders = []string{"assemblyai", "aws-transcribe", "deepgram", "revai", "whisper", "whisperx", "whisper-cpp", "gong", "fireflies"}

func mustReadFile(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// read runs Read over data and collects what it emits.
func read(data []byte, id string) ([]pushback.Segment, string, error) {
	var segs []pushback.Segment
	got, err := jsonfmt.Read(bytes.NewReader(data), id, func(s pushback.Segment) error {
		segs = append(segs, s)
		return nil
	})
	return segs, got, err
}

func mustRead(tb testing.TB, data []byte, id string) ([]pushback.Segment, string) {
	tb.Helper()
	segs, got, err := read(data, id)
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return segs, got
}

// seg builds an expected segment; a negative time stands for NoTime.
func seg(speaker string, start, end float64, text string) pushback.Segment {
	return pushback.Segment{Speaker: speaker, Start: pushback.Seconds(start), End: pushback.Seconds(end), Text: text}
}

const none = -1 // an unknown time in seg

func sameTime(a, b pushback.Seconds) bool {
	if !a.Known() || !b.Known() {
		return a.Known() == b.Known()
	}
	return math.Abs(float64(a-b)) < 1e-6
}

func checkSegment(t *testing.T, what string, got, want pushback.Segment) {
	t.Helper()
	if got.Speaker != want.Speaker || got.Text != want.Text || !sameTime(got.Start, want.Start) || !sameTime(got.End, want.End) {
		t.Errorf("%s segment:\n got %q %v-%v %q\nwant %q %v-%v %q", what,
			got.Speaker, got.Start, got.End, got.Text, want.Speaker, want.Start, want.End, want.Text)
	}
}

func speakersOf(segs []pushback.Segment) []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range segs {
		if !seen[s.Speaker] {
			seen[s.Speaker] = true
			names = append(names, s.Speaker)
		}
	}
	return names
}

// checkInvariants holds for every reader: text is trimmed and not empty,
// times are in order within a segment and segments are in time order.
func checkInvariants(t *testing.T, segs []pushback.Segment) {
	t.Helper()
	for i, s := range segs {
		if s.Text == "" || s.Text != strings.TrimSpace(s.Text) {
			t.Errorf("segment %d: text %q is empty or untrimmed", i, s.Text)
		}
		if s.Start.Known() && s.End.Known() && s.End < s.Start {
			t.Errorf("segment %d: ends (%v) before it starts (%v)", i, s.End, s.Start)
		}
		if i > 0 && s.Start.Known() && segs[i-1].Start.Known() && s.Start < segs[i-1].Start {
			t.Errorf("segment %d starts at %v, before segment %d (%v)", i, s.Start, i-1, segs[i-1].Start)
		}
	}
}

func TestFormats(t *testing.T) {
	want := []string{"whisper", "whisper-cpp", "whisperx", "deepgram", "assemblyai", "aws-transcribe", "revai", "gong", "fireflies"}
	if len(jsonfmt.Formats) != len(want) {
		t.Fatalf("got %d formats, want %d", len(jsonfmt.Formats), len(want))
	}
	for i, f := range jsonfmt.Formats {
		if f.ID != want[i] {
			t.Errorf("format %d: id %q, want %q", i, f.ID, want[i])
		}
		if f.Name == "" || f.Keeps == "" || len(f.Exts) == 0 || f.Exts[0] != ".json" {
			t.Errorf("format %s: name, keeps and the .json extension are required: %+v", f.ID, f)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want int
	}{
		{`{"segments": []}`, 90},
		{"\ufeff", 0},
		{"  \n\t{\n  \"results\": {", 90},
		{`{}`, 90},
		{`[{"start": 1}]`, 90},
		{"[\n  {", 90},
		{`[]`, 90},
		{`{`, 90},
		{"[00:01:02] Bob: hi", 0},
		{"[Bob] hello", 0},
		{"{Bob} hello", 0},
		{"WEBVTT\n\n00:00.000 --> 00:01.000\nhi", 0},
		{"1\n00:00:01,000 --> 00:00:02,000\nhi", 0},
		{"Bob: hi", 0},
		{"", 0},
		{"   \n", 0},
	}
	for _, tt := range tests {
		if got := jsonfmt.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%q) = %d, want %d", tt.head, got, tt.want)
		}
	}
}

// TestReadFixtures reads every fixture, real and synthetic, and checks what
// each format keeps: the speakers in order of appearance, the number of
// segments, and the first and last segments with their times.
func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file        string
		id          string
		speakers    []string
		segments    int
		first, last pushback.Segment
	}{
		// Whisper: no speakers.
		{file: "whisper/whisper_timestamped.json", id: "whisper", speakers: []string{""}, segments: 4,
			first: seg("", 0.12, 7.62, "Yeah, as much as it's worth celebrating the first spacewalk with an all-female team,"),
			last:  seg("", 19.82, 25.32, "who were skilled and qualified and didn't get the same opportunities that we have today.")},
		{file: "whisper/openai_verbose_json.json", id: "whisper", speakers: []string{""}, segments: 7,
			first: seg("", 0.46, 2.96, "Hi Bob, thanks for making time today."),
			last:  seg("", 28.234, 34.651, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		// whisper.cpp: offsets in ms; speakers only from --diarize or tinydiarize.
		{file: "whisper-cpp/whisper-cpp_oj.json", id: "whisper-cpp", speakers: []string{""}, segments: 7,
			first: seg("", 0.46, 3.04, "Hi Bob, thanks for making time today."),
			last:  seg("", 28.91, 35.47, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		{file: "whisper-cpp/whisper-cpp_tdrz.json", id: "whisper-cpp", speakers: []string{"Speaker 1", "Speaker 2"}, segments: 7,
			first: seg("Speaker 1", 0.46, 3.24, "Hi Bob, thanks for making time today."),
			last:  seg("Speaker 1", 28.65, 35.37, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		{file: "whisper-cpp/whisper-cpp_diarize.json", id: "whisper-cpp", speakers: []string{"Speaker 0", "Speaker 1", ""}, segments: 7,
			first: seg("Speaker 0", 0.46, 3.13, "Hi Bob, thanks for making time today."),
			last:  seg("Speaker 0", 28.33, 34.9, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		// WhisperX: SPEAKER_00 kept; the speakerless segment is split by its words.
		{file: "whisperx/whisperx_diarized.json", id: "whisperx", speakers: []string{"SPEAKER_00", "SPEAKER_01", "SPEAKER_02"}, segments: 10,
			first: seg("SPEAKER_00", 0.46, 3.116, "Hi Bob, thanks for making time today."),
			last:  seg("SPEAKER_01", 46.18, 49.337, "Okay, send it over and we'll take a look.")},
		// Deepgram: utterances, words by sentence, channels.
		{file: "deepgram/dg_speakers.json", id: "deepgram", speakers: []string{"Speaker 0", "Speaker 1", "Speaker 2"}, segments: 22,
			first: seg("Speaker 0", 3.04, 3.54, "And,"),
			last:  seg("Speaker 1", 162.605, 163.105, "Copy.")},
		{file: "deepgram/dg_utterances.json", id: "deepgram", speakers: []string{""}, segments: 6,
			first: seg("", 0.08, 3.22, "Yeah. As as much as, it's worth celebrating,"),
			last:  seg("", 22.3, 25.439999, "and didn't get the same opportunities that we have today.")},
		{file: "deepgram/go-sdk_smartformat_response.json", id: "deepgram", speakers: []string{""}, segments: 4,
			first: seg("", 5.6, 6.1, "Yep."),
			last:  seg("", 11.991312, 15.691313, "You don't stop and look around once in a while, you could miss it.")},
		{file: "deepgram/synthetic_multichannel.json", id: "deepgram", speakers: []string{"Channel 0", "Channel 1"}, segments: 11,
			first: seg("Channel 0", 0.46, 3.084, "Hi Bob, thanks for making time today."),
			last:  seg("Channel 0", 29.39, 35.973, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		// AssemblyAI: utterances, else sentences from words; times in ms.
		{file: "assemblyai/assemblyai_utterances.json", id: "assemblyai", speakers: []string{"Speaker A"}, segments: 1,
			first: seg("Speaker A", 0.17, 25.14, "Yeah. As much as it's worth celebrating the first spacewalk with an all female team, I think many of us are looking forward to it just being normal. And I think if it signifies anything, it is to honor the women who came before us, who were skilled and qualified and didn't get the same opportunities that we have today."),
			last:  seg("Speaker A", 0.17, 25.14, "Yeah. As much as it's worth celebrating the first spacewalk with an all female team, I think many of us are looking forward to it just being normal. And I think if it signifies anything, it is to honor the women who came before us, who were skilled and qualified and didn't get the same opportunities that we have today.")},
		{file: "assemblyai/go-sdk_completed.json", id: "assemblyai", speakers: []string{""}, segments: 54,
			first: seg("", 0.25, 6.35, "Smoke from hundreds of wildfires in Canada is triggering air quality alerts throughout the US."),
			last:  seg("", 279.37, 280.34, "Thank you for having me.")},
		{file: "assemblyai/synthetic_two_speakers.json", id: "assemblyai", speakers: []string{"Speaker A", "Speaker B"}, segments: 7,
			first: seg("Speaker A", 0.46, 3.021, "Hi Bob, thanks for making time today."),
			last:  seg("Speaker A", 28.576, 35.364, "Annual plans lock the price for three years, so the number you sign is the number you pay.")},
		// AWS Transcribe: string times, punctuation joins the word before.
		{file: "aws-transcribe/03-speaker-identification.json", id: "aws-transcribe", speakers: []string{"spk_0", "spk_1", "spk_2"}, segments: 15,
			first: seg("spk_0", 0.49, 7.2, "She was gone out into the village on some errand when, as she was descending this steep street, her foot slipped on the ice and she fell."),
			last:  seg("spk_0", 124.66, 141.54, "Her experience, an excellent sense, holds the position of village doc, tress and nurse and, as such, has been a friend in many a time of trial and sickness and death in the households Round told me a characteristic little incident connected with tabbies fractured leg")},
		{file: "aws-transcribe/02-channel-identification.json", id: "aws-transcribe", speakers: []string{"ch_1", "ch_0"}, segments: 16,
			first: seg("ch_1", 0.49, 7.2, "She was gone out into the village on some errand when, as she was descending this steep street, her foot slipped on the ice and she fell."),
			last:  seg("ch_1", 124.66, 141.54, "Her experience, an excellent sense, holds the position of village doc tress and nurse and, as such, has been a friend in many a time of trial and sickness and death in the households round told me a characteristic little incident connected with tabbies fractured leg")},
		// Rev.ai.
		{file: "revai/revai-go_test.json", id: "revai", speakers: []string{"Speaker 1"}, segments: 1,
			first: seg("Speaker 1", 0.5, 2.85, "Hello World."),
			last:  seg("Speaker 1", 0.5, 2.85, "Hello World.")},
		// Gong: speakerId without parties, names with them.
		{file: "gong/gong_transcript.json", id: "gong", speakers: []string{"6432345678555530067", "2894401736160271012", "5730092216630019487"}, segments: 15,
			first: seg("6432345678555530067", 0.46, 3.189, "Hi Bob, thanks for making time today."),
			last:  seg("2894401736160271012", 46.28, 49.558, "Okay, send it over and we'll take a look.")},
		{file: "gong/gong_transcript_parties.json", id: "gong", speakers: []string{"Dana Reyes", "Bob Stone", "Priya Nair"}, segments: 15,
			first: seg("Dana Reyes", 0.46, 3.189, "Hi Bob, thanks for making time today."),
			last:  seg("Bob Stone", 46.28, 49.558, "Okay, send it over and we'll take a look.")},
		{file: "gong/gong_transcript_extensive.json", id: "gong", speakers: []string{"Dana Reyes", "Bob Stone", "Priya Nair"}, segments: 15,
			first: seg("Dana Reyes", 0.46, 3.189, "Hi Bob, thanks for making time today."),
			last:  seg("Bob Stone", 46.28, 49.558, "Okay, send it over and we'll take a look.")},
		// Fireflies.
		{file: "fireflies/fireflies_graphql.json", id: "fireflies", speakers: []string{"Dana Reyes", "Bob Stone", "Priya Nair"}, segments: 15,
			first: seg("Dana Reyes", 0.46, 3.023, "Hi Bob, thanks for making time today."),
			last:  seg("Bob Stone", 46.443, 49.567, "Okay, send it over and we'll take a look.")},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			covered[tt.id] = true
			data := mustReadFile(t, tt.file)
			segs, id := mustRead(t, data, "")
			if id != tt.id {
				t.Errorf("detected %q, want %q", id, tt.id)
			}
			if got := speakersOf(segs); strings.Join(got, "|") != strings.Join(tt.speakers, "|") {
				t.Errorf("speakers %q, want %q", got, tt.speakers)
			}
			if len(segs) != tt.segments {
				t.Fatalf("%d segments, want %d", len(segs), tt.segments)
			}
			checkSegment(t, "first", segs[0], tt.first)
			checkSegment(t, "last", segs[len(segs)-1], tt.last)
			checkInvariants(t, segs)

			// Forcing the id reads the same.
			forced, id := mustRead(t, data, tt.id)
			if id != tt.id || len(forced) != len(segs) {
				t.Errorf("forced %s: read %q with %d segments, want %d", tt.id, id, len(forced), len(segs))
			}
		})
	}
	for _, f := range jsonfmt.Formats {
		if !covered[f.ID] {
			t.Errorf("no fixture covers %s", f.ID)
		}
	}
}

// TestFixturesCopied checks every fixture folder has its SOURCE.md.
func TestFixturesCopied(t *testing.T) {
	for _, dir := range folders {
		if _, err := os.Stat(filepath.Join(testdata, dir, "SOURCE.md")); err != nil {
			t.Errorf("%s: %v", dir, err)
		}
	}
}

// edit decodes a fixture, lets change alter it, and encodes it again: a way to
// test variants of real files (a field removed, a value changed).
func edit(tb testing.TB, file string, change func(doc map[string]any)) []byte {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(mustReadFile(tb, file), &doc); err != nil {
		tb.Fatal(err)
	}
	change(doc)
	data, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// TestDetect checks detection by keys on documents whose other values
// look like keys or brackets.
func TestDetect(t *testing.T) {
	tests := []struct {
		doc, id string
	}{
		{`{"note": "} ] \" {", "segments": [{"start": 0, "end": 1, "text": "hi"}]}`, "whisper"},
		{`{"metadata": {"x": [[{"results": {"items": []}}]], "y": "\\"}, "results": {"channels": []}}`, "deepgram"},
		{`{"jobName": "j", "results": {"transcripts": [{"transcript": "hi"}]}}`, "aws-transcribe"},
		{`{"a": "\\", "monologues": []}`, "revai"},
		{"  \n[ {\"speaker_name\": \"Bob\", \"text\": \"hi\", \"start_time\": 1} ]", "fireflies"},
		{`{"sentences": [{"text": "Hi.", "start": 250, "end": 900}], "id": "x"}`, "assemblyai"},
		{`{"sentences": []}`, "fireflies"},
		{`{"id": "x", "words": [{"text": "Hi.", "start": 250, "end": 900}]}`, "assemblyai"},
		{`{"task": "transcribe", "words": [{"word": "Hi.", "start": 0.25, "end": 0.9}]}`, "whisper"},
		{`{"text": "hi", "language": "en"}`, "whisper"},
		{`{"text": "hi", "usage": {"type": "duration", "seconds": 3}}`, "whisper"},
		{`[{"speakerId": "1", "topic": "x", "sentences": []}]`, "gong"},
		{`[{"offsets": {"from": 0, "to": 10}, "text": "hi"}]`, "whisper-cpp"},
	}
	for _, tt := range tests {
		_, id, err := read([]byte(tt.doc), "")
		if err != nil || id != tt.id {
			t.Errorf("%s: read as %q (%v), want %s", tt.doc, id, err, tt.id)
		}
	}
}

func TestWhisperX(t *testing.T) {
	segs, _ := mustRead(t, mustReadFile(t, "whisperx/whisperx_diarized.json"), "")
	// The segment with no speaker of its own is cut where its words change
	// speaker: Bob's "Go ahead." then Dana's answer.
	for i, s := range segs {
		if s.Text == "Go ahead." {
			checkSegment(t, "split, first piece", s, seg("SPEAKER_01", 27.154, 27.802, "Go ahead."))
			checkSegment(t, "split, second piece", segs[i+1], seg("SPEAKER_00", 28.544, 35.172, "Annual plans lock the price for three years, so the number you sign is the number you pay."))
			return
		}
	}
	t.Fatal(`no "Go ahead." segment`)
}

func TestWhisperVariants(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		id   string
		want []pushback.Segment
	}{
		{"OpenAI json response", `{"text": "Hi Bob, thanks for making time."}`, "whisper",
			[]pushback.Segment{seg("", none, none, "Hi Bob, thanks for making time.")}},
		{"verbose_json with words only", `{"task": "transcribe", "language": "english", "duration": 3.1, "text": "Hi Bob. Sure.",
			"words": [{"word": "Hi", "start": 0.1, "end": 0.3}, {"word": "Bob.", "start": 0.3, "end": 0.6}, {"word": "Sure.", "start": 1.2, "end": 1.5}]}`, "whisper",
			[]pushback.Segment{seg("", 0.1, 0.6, "Hi Bob."), seg("", 1.2, 1.5, "Sure.")}},
		{"bare segment array", `[{"start": 0, "end": 1.5, "text": " Hello."}, {"start": 1.5, "end": 2, "text": " Hi."}]`, "whisper",
			[]pushback.Segment{seg("", 0, 1.5, "Hello."), seg("", 1.5, 2, "Hi.")}},
		{"bare WhisperX array", `[{"start": 0, "end": 1.5, "text": " Hello.", "speaker": "SPEAKER_01"}]`, "whisperx",
			[]pushback.Segment{seg("SPEAKER_01", 0, 1.5, "Hello.")}},
		{"WhisperX without diarisation", `{"segments": [{"start": 0, "end": 1, "text": "Hi.", "words": [{"word": "Hi.", "start": 0, "end": 1, "score": 0.9}]}], "word_segments": []}`, "whisperx",
			[]pushback.Segment{seg("", 0, 1, "Hi.")}},
		{"words before the first speaker go with it", `{"segments": [{"start": 1, "end": 4, "text": "um so yes no",
			"words": [{"word": "um"}, {"word": "so", "start": 1.5, "end": 1.7, "speaker": "SPEAKER_01"}, {"word": "yes", "start": 2, "end": 2.5}, {"word": "no", "start": 3, "end": 3.4, "speaker": "SPEAKER_00"}]}]}`, "whisperx",
			[]pushback.Segment{seg("SPEAKER_01", 1, 2.5, "um so yes"), seg("SPEAKER_00", 3, 4, "no")}},
		{"no speech", `{"text": "", "segments": [], "language": "en"}`, "whisper", nil},
		{"end before start", `{"segments": [{"start": 5, "end": 2, "text": "odd"}, {"start": -1, "end": 7, "text": "negative"}]}`, "whisper",
			[]pushback.Segment{seg("", 5, none, "odd"), seg("", none, 7, "negative")}},
		{"times as strings", `{"segments": [{"start": "1.5", "end": "2", "text": "Hi"}]}`, "whisper",
			[]pushback.Segment{seg("", 1.5, 2, "Hi")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != tt.id {
				t.Errorf("id %q, want %q", id, tt.id)
			}
			checkAll(t, segs, tt.want)
		})
	}
}

func checkAll(t *testing.T, got, want []pushback.Segment) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d segments, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		checkSegment(t, "", got[i], want[i])
	}
}

func TestForcedWhisperKeepsSpeakers(t *testing.T) {
	segs, id := mustRead(t, mustReadFile(t, "whisperx/whisperx_diarized.json"), "whisper")
	if id != "whisper" || segs[0].Speaker != "SPEAKER_00" {
		t.Errorf("read %q with first speaker %q, want whisper and SPEAKER_00", id, segs[0].Speaker)
	}
}

func TestWhisperCpp(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []pushback.Segment
	}{
		{"time stamps without offsets", `{"transcription": [{"timestamps": {"from": "00:01:02,500", "to": "00:01:04,000"}, "text": " Hi."}]}`,
			[]pushback.Segment{seg("", 62.5, 64, "Hi.")}},
		{"bare transcription array", `[{"timestamps": {"from": "00:00:00,000", "to": "00:00:01,000"}, "offsets": {"from": 0, "to": 1000}, "text": " Hi."}]`,
			[]pushback.Segment{seg("", 0, 1, "Hi.")}},
		{"tinydiarize without a turn", `{"transcription": [{"offsets": {"from": 0, "to": 1000}, "text": " Hi.", "speaker_turn_next": false}]}`,
			[]pushback.Segment{seg("", 0, 1, "Hi.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "whisper-cpp" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, tt.want)
		})
	}
	// --diarize's "?" (unsure) stays unnamed.
	segs, _ := mustRead(t, mustReadFile(t, "whisper-cpp/whisper-cpp_diarize.json"), "")
	if segs[5].Speaker != "" || segs[5].Text != "Go ahead." {
		t.Errorf("segment 5: %q %q, want an unnamed Go ahead.", segs[5].Speaker, segs[5].Text)
	}
}

func TestDeepgram(t *testing.T) {
	// Words with speakers, no utterances: grouped by speaker and sentence.
	data := edit(t, "deepgram/dg_speakers.json", func(doc map[string]any) {
		delete(doc["results"].(map[string]any), "utterances")
	})
	segs, _ := mustRead(t, data, "")
	if got := speakersOf(segs); strings.Join(got, "|") != "Speaker 0|Speaker 1|Speaker 2" {
		t.Errorf("speakers %q", got)
	}
	checkSegment(t, "first", segs[0], seg("Speaker 0", 3.04, 7.585, "And, Jessica, Christina, we are so proud of you."))
	checkSegment(t, "second", segs[1], seg("Speaker 0", 8.625, 9.745, "You're gonna do great today."))
	checkInvariants(t, segs)

	// Channels merge by time, whatever the order of the document.
	segs, _ = mustRead(t, mustReadFile(t, "deepgram/synthetic_multichannel.json"), "")
	checkSegment(t, "second", segs[1], seg("Channel 1", 3.878, 4.225, "Sure."))

	tests := []struct {
		name string
		doc  string
		want []pushback.Segment
	}{
		{"multichannel utterances, listed by channel", `{"results": {"channels": [{"alternatives": []}, {"alternatives": []}], "utterances": [
			{"start": 0.5, "end": 1.5, "channel": 0, "transcript": "Hi Bob."},
			{"start": 4.0, "end": 5.0, "channel": 0, "transcript": "Great."},
			{"start": 2.0, "end": 3.0, "channel": 1, "transcript": "Hi Dana."}]}}`,
			[]pushback.Segment{seg("Channel 0", 0.5, 1.5, "Hi Bob."), seg("Channel 1", 2, 3, "Hi Dana."), seg("Channel 0", 4, 5, "Great.")}},
		{"multichannel with several speakers on a channel", `{"results": {"channels": [{}, {}], "utterances": [
			{"start": 0.5, "end": 1.5, "channel": 0, "speaker": 0, "transcript": "Hi all."},
			{"start": 2.0, "end": 3.0, "channel": 1, "speaker": 0, "transcript": "Hi Dana."},
			{"start": 3.5, "end": 4.0, "channel": 1, "speaker": 1, "transcript": "Hello."}]}}`,
			[]pushback.Segment{seg("Channel 0", 0.5, 1.5, "Hi all."), seg("Channel 1 Speaker 0", 2, 3, "Hi Dana."), seg("Channel 1 Speaker 1", 3.5, 4, "Hello.")}},
		{"transcript without words", `{"results": {"channels": [{"alternatives": [{"transcript": "Hello there."}]}]}}`,
			[]pushback.Segment{seg("", none, none, "Hello there.")}},
		{"no speech", `{"metadata": {}, "results": {"channels": [{"alternatives": [{"transcript": "", "words": []}]}]}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "deepgram" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, tt.want)
		})
	}
}

func TestAssemblyAI(t *testing.T) {
	// Words with speakers, no utterances: grouped by speaker and sentence.
	data := edit(t, "assemblyai/synthetic_two_speakers.json", func(doc map[string]any) {
		delete(doc, "utterances")
	})
	segs, _ := mustRead(t, data, "")
	if got := speakersOf(segs); strings.Join(got, "|") != "Speaker A|Speaker B" {
		t.Errorf("speakers %q", got)
	}
	checkSegment(t, "second", segs[1], seg("Speaker B", 3.689, 4.067, "Sure."))

	tests := []struct {
		name string
		doc  string
		want []pushback.Segment
	}{
		{"text only", `{"id": "x", "status": "completed", "audio_url": "https://example.com/a.mp3", "text": "Hello there.", "words": null, "utterances": null}`,
			[]pushback.Segment{seg("", none, none, "Hello there.")}},
		{"sentences endpoint", `{"sentences": [{"text": "Hi Bob.", "start": 250, "end": 900, "confidence": 0.9, "words": [], "speaker": "A"},
			{"text": "Hi.", "start": 1000, "end": 1300, "confidence": 0.9, "words": [], "speaker": null}], "id": "x", "confidence": 0.9, "audio_duration": 2}`,
			[]pushback.Segment{seg("Speaker A", 0.25, 0.9, "Hi Bob."), seg("", 1, 1.3, "Hi.")}},
		{"paragraphs endpoint", `{"paragraphs": [{"text": "Hi Bob. How are you?", "start": 250, "end": 1900}], "id": "x"}`,
			[]pushback.Segment{seg("", 0.25, 1.9, "Hi Bob. How are you?")}},
		{"completed, no speech", `{"id": "x", "status": "completed", "audio_url": "https://example.com/a.mp3", "text": null, "words": null, "utterances": null}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "assemblyai" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, tt.want)
		})
	}
}

func TestAWSTranscribe(t *testing.T) {
	// Items without speaker labels: unnamed sentences, with times.
	data := edit(t, "aws-transcribe/03-speaker-identification.json", func(doc map[string]any) {
		delete(doc["results"].(map[string]any), "speaker_labels")
	})
	segs, _ := mustRead(t, data, "")
	if got := speakersOf(segs); len(got) != 1 || got[0] != "" {
		t.Errorf("speakers %q, want none", got)
	}
	checkSegment(t, "first", segs[0], seg("", 0.49, 7.2, "She was gone out into the village on some errand when, as she was descending this steep street, her foot slipped on the ice and she fell."))

	tests := []struct {
		name string
		doc  string
		want []pushback.Segment
	}{
		{"transcript only", `{"jobName": "j", "results": {"transcripts": [{"transcript": "I've been on hold for an hour."}]}, "status": "COMPLETED"}`,
			[]pushback.Segment{seg("", none, none, "I've been on hold for an hour.")}},
		{"items with their own speaker labels", `{"results": {"transcripts": [{"transcript": "Hi. Sorry."}], "items": [
			{"id": 0, "start_time": "4.87", "end_time": "5.02", "speaker_label": "spk_0", "alternatives": [{"confidence": "1.0", "content": "Hi"}], "type": "pronunciation"},
			{"id": 1, "speaker_label": "spk_0", "alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"},
			{"id": 2, "start_time": "8.49", "end_time": "8.88", "speaker_label": "spk_1", "alternatives": [{"confidence": "1.0", "content": "Sorry"}], "type": "pronunciation"},
			{"id": 3, "speaker_label": "spk_1", "alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"}]}}`,
			[]pushback.Segment{seg("spk_0", 4.87, 5.02, "Hi."), seg("spk_1", 8.49, 8.88, "Sorry.")}},
		{"no speech", `{"results": {"transcripts": [{"transcript": ""}], "items": []}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "aws-transcribe" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, tt.want)
		})
	}
}

func TestRevai(t *testing.T) {
	doc := `{"monologues": [
		{"speaker": 0, "speaker_name": "Dana Reyes", "elements": [{"type": "text", "value": "Hi", "ts": 0.5, "end_ts": 0.7},
			{"type": "punct", "value": " "}, {"type": "unknown", "value": "<inaudible>"}, {"type": "punct", "value": " "},
			{"type": "text", "value": "Bob", "ts": 1.2, "end_ts": 1.5}, {"type": "punct", "value": "."}]},
		{"speaker": 1, "elements": [{"type": "text", "value": "Hello", "ts": 2, "end_ts": 2.4}, {"type": "punct", "value": "."}]},
		{"speaker": 1, "elements": []}]}`
	segs, id := mustRead(t, []byte(doc), "")
	if id != "revai" {
		t.Errorf("id %q", id)
	}
	checkAll(t, segs, []pushback.Segment{seg("Dana Reyes", 0.5, 1.5, "Hi Bob."), seg("Speaker 1", 2, 2.4, "Hello.")})
}

func TestGong(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []pushback.Segment
	}{
		{"party without a name is named by email", `{"callTranscripts": [{"callId": "1", "transcript": [{"speakerId": "42", "topic": null, "sentences": [{"start": 1500, "end": 2500, "text": "Hi."}]}]}],
			"parties": [{"speakerId": "42", "name": "", "emailAddress": "bob@example.com", "affiliation": "External"}]}`,
			[]pushback.Segment{seg("bob@example.com", 1.5, 2.5, "Hi.")}},
		{"calls matched by id", `{"callTranscripts": [{"callId": "2", "transcript": [{"speakerId": "42", "sentences": [{"start": 0, "end": 500, "text": "Hi."}]}]}],
			"calls": [{"metaData": {"id": "1"}, "parties": [{"speakerId": "42", "name": "Wrong Call"}]}, {"metaData": {"id": "2"}, "parties": [{"speakerId": "42", "name": "Bob Stone"}]}]}`,
			[]pushback.Segment{seg("Bob Stone", 0, 0.5, "Hi.")}},
		{"numeric ids", `{"callTranscripts": [{"callId": 2, "transcript": [{"speakerId": 42, "sentences": [{"start": 0, "end": 500, "text": "Hi."}]}]}]}`,
			[]pushback.Segment{seg("42", 0, 0.5, "Hi.")}},
		{"bare monologue array", `[{"speakerId": "42", "topic": "Intro", "sentences": [{"start": 0, "end": 500, "text": "Hi."}]}]`,
			[]pushback.Segment{seg("42", 0, 0.5, "Hi.")}},
		{"no speech", `{"requestId": "r", "callTranscripts": [{"callId": "1", "transcript": []}]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "gong" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, tt.want)
		})
	}
}

func TestFireflies(t *testing.T) {
	sentences := `[{"index": 0, "speaker_name": "Dana Reyes", "speaker_id": 0, "text": "Hi Bob.", "raw_text": "hi bob", "start_time": 0.5, "end_time": 1.2},
		{"index": 1, "speaker_name": null, "speaker_id": 1, "text": "", "raw_text": "Hello.", "start_time": "1.5", "end_time": "2"},
		{"index": 2, "speaker_name": null, "speaker_id": 7, "text": "Hi all.", "start_time": 2.5, "end_time": 3}]`
	speakers := `"speakers": [{"id": 0, "name": "Dana Reyes"}, {"id": 1, "name": "Bob Stone"}]`
	want := []pushback.Segment{seg("Dana Reyes", 0.5, 1.2, "Hi Bob."), seg("Bob Stone", 1.5, 2, "Hello."), seg("Speaker 7", 2.5, 3, "Hi all.")}
	tests := []struct {
		name string
		doc  string
	}{
		{"GraphQL response", `{"data": {"transcript": {"id": "t", ` + speakers + `, "sentences": ` + sentences + `}}}`},
		{"bare transcript object", `{"id": "t", ` + speakers + `, "sentences": ` + sentences + `}`},
		{"transcript wrapper", `{"transcript": {` + speakers + `, "sentences": ` + sentences + `}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs, id := mustRead(t, []byte(tt.doc), "")
			if id != "fireflies" {
				t.Errorf("id %q", id)
			}
			checkAll(t, segs, want)
		})
	}
	t.Run("bare sentences array", func(t *testing.T) {
		segs, id := mustRead(t, []byte(sentences), "")
		if id != "fireflies" {
			t.Errorf("id %q", id)
		}
		checkAll(t, segs, []pushback.Segment{want[0], seg("Speaker 1", 1.5, 2, "Hello."), want[2]})
	})
	t.Run("no speech", func(t *testing.T) {
		segs, _ := mustRead(t, []byte(`{"data": {"transcript": {"sentences": []}}}`), "")
		checkAll(t, segs, nil)
	})
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := jsonfmt.Read(bytes.NewReader(mustReadFile(t, "whisper/openai_verbose_json.json")), "", func(pushback.Segment) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("got %v after %d segments, want the emit error after 1", err, n)
	}
}
