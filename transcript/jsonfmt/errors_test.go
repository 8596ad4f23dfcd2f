package jsonfmt_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
)

// inputError reads data and returns the *pushback.InputError it must fail with.
func inputError(t *testing.T, data []byte, id string) *pushback.InputError {
	t.Helper()
	segs, got, err := read(data, id)
	if err == nil {
		t.Fatalf("read %q with %d segments, want an error", got, len(segs))
	}
	var ie *pushback.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not a *pushback.InputError", err, err)
	}
	if ie.File != "" {
		t.Errorf("File %q: the core sets it, not the reader", ie.File)
	}
	return ie
}

func TestTruncated(t *testing.T) {
	data := mustReadFile(t, "gong/gong_transcript.json")
	lines := bytes.Split(data, []byte("\n"))
	cut := bytes.Join(lines[:20], []byte("\n")) // ends inside the sentences array
	ie := inputError(t, cut, "")
	if ie.Line != 20 {
		t.Errorf("line %d, want 20", ie.Line)
	}
	if !strings.Contains(ie.Msg, "unexpected end of JSON: the file looks truncated") {
		t.Errorf("message %q", ie.Msg)
	}
	// The same when the format is forced.
	if ie := inputError(t, cut, "gong"); ie.Line != 20 {
		t.Errorf("forced: line %d, want 20", ie.Line)
	}
}

func TestSyntaxError(t *testing.T) {
	tests := []struct {
		doc  string
		line int
		msg  string
	}{
		{"{\n  \"segments\": [\n    {\"start\": 1,, \"end\": 2}\n  ]\n}", 3, "invalid JSON at column 17: invalid character ','"},
		{"{\"segments\": []}\n{\"segments\": []}", 2, "after top-level value"},
		{"{\"text\": \"unterminated\n}", 1, "invalid character '\\n' in string literal"},
		{"{\n\"segments\": " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}", 2, "JSON nested too deeply"},
	}
	for _, tt := range tests {
		ie := inputError(t, []byte(tt.doc), "")
		if ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) {
			t.Errorf("%.40q: line %d %q, want line %d and %q", tt.doc, ie.Line, ie.Msg, tt.line, tt.msg)
		}
	}
}

func TestOtherJSON(t *testing.T) {
	tests := []struct {
		doc   string
		found string
	}{
		{`{"foo": 1}`, `keys "foo"`},
		{`{}`, "no keys"},
		{`{"name": "pushback", "version": "1.0.0", "scripts": {"test": "jest"}, "dependencies": {}, "devDependencies": {}, "license": "MIT", "main": "index.js"}`,
			`keys "name", "version", "scripts", "dependencies", "devDependencies", "license" and 1 more`},
		{`{"text": "hello", "id": 5}`, `keys "text", "id"`},
		{`{"results": {"foo": []}}`, `keys "results"`},
		{`[1, 2, 3]`, "a JSON array of other values"},
		{`[]`, "a JSON array of other values"},
		{`[{"foo": 1}]`, "a JSON array of other values"},
		{`"a string"`, "not an object"},
		{`42`, "not an object"},
		{`null`, "not an object"},
	}
	for _, tt := range tests {
		ie := inputError(t, []byte(tt.doc), "")
		if ie.Path != "$" || ie.Line != 0 {
			t.Errorf("%s: path %q line %d, want $", tt.doc, ie.Path, ie.Line)
		}
		for _, want := range []string{"expected a transcript from Whisper, whisper.cpp, WhisperX, Deepgram, AssemblyAI, AWS Transcribe, Rev.ai, Gong or Fireflies", tt.found} {
			if !strings.Contains(ie.Msg, want) {
				t.Errorf("%s: message %q lacks %q", tt.doc, ie.Msg, want)
			}
		}
	}
}

// TestWrongType checks that a value of the wrong type is reported at its
// JSON path, array indices included, with what was expected.
func TestWrongType(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		id   string
		path string
		msg  string
	}{
		{"deepgram word time", `{"results": {"channels": [{"alternatives": [{"words": [{"word": "hi", "start": 0.1, "end": 0.2}, {"word": "x", "start": "soon", "end": 1}]}]}]}}`, "",
			"$.results.channels[0].alternatives[0].words[1].start", `expected a number (or a number in a string), found string "soon"`},
		{"deepgram channels", `{"results": {"channels": {"alternatives": []}}}`, "",
			"$.results.channels", "expected an array, found an object"},
		{"deepgram speaker", `{"results": {"utterances": [{"start": 1, "end": 2, "transcript": "hi", "speaker": 0}, {"start": 3, "end": 4, "transcript": "ho", "speaker": {"id": 1}}]}}`, "",
			"$.results.utterances[1].speaker", "expected a label (string or integer), found an object"},
		{"aws time", `{"results": {"items": [{"type": "pronunciation", "start_time": "0.5", "end_time": true, "alternatives": [{"content": "hi"}]}]}}`, "",
			"$.results.items[0].end_time", "expected a number (or a number in a string), found a bool"},
		{"aws NaN time", `{"results": {"items": [{"type": "pronunciation", "start_time": "NaN", "end_time": "1", "alternatives": [{"content": "hi"}]}]}}`, "",
			"$.results.items[0].start_time", `found string "NaN"`},
		{"whisper segments", `{"text": "hi", "segments": "hi"}`, "",
			"$.segments", "expected an array, found a string"},
		{"whisper huge number", `{"segments": [{"start": 0, "end": 1, "text": "a"}, {"start": 1e400, "end": 2, "text": "b"}]}`, "",
			"$.segments[1].start", "found number 1e400"},
		{"whisper text", `{"segments": [{"start": 0, "end": 1, "text": 7}]}`, "",
			"$.segments[0].text", "expected a string, found a number"},
		{"bare array element", `[{"start": 0, "end": 1, "text": "a"}, {"start": [1], "end": 2, "text": "b"}]`, "",
			"$[1].start", "found an array"},
		{"assemblyai utterance", `{"audio_url": "x", "utterances": [{"speaker": "A", "start": 0, "end": 10, "text": "hi"}, {"speaker": "B", "start": false}]}`, "",
			"$.utterances[1].start", "found a bool"},
		{"revai elements", `{"monologues": [{"speaker": 0, "elements": [{"type": "text", "value": 3}]}]}`, "",
			"$.monologues[0].elements[0].value", "expected a string, found a number"},
		{"gong sentences", `{"callTranscripts": [{"callId": "1", "transcript": [{"speakerId": "2", "sentences": {"start": 0}}]}]}`, "",
			"$.callTranscripts[0].transcript[0].sentences", "expected an array, found an object"},
		{"fireflies text", `{"data": {"transcript": {"sentences": [{"speaker_name": "Bob", "text": ["hi"], "start_time": 0, "end_time": 1}]}}}`, "",
			"$.data.transcript.sentences[0].text", "expected a string, found an array"},
		{"whisper.cpp time stamp", `{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "later"}, "text": "hi"}]}`, "",
			"$.transcription[0].timestamps.to", `expected a time such as "00:00:01,000", found "later"`},
		{"forced format on a top-level array", `[{"start": 0}]`, "deepgram",
			"$", "expected an object, found an array"},
		{"keys in another case", `{"Results": {"Channels": [{"Alternatives": [{"Words": [{"Start": "x"}]}]}]}}`, "deepgram",
			"$.Results.Channels[0].Alternatives[0].Words[0].Start", `found string "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ie := inputError(t, []byte(tt.doc), tt.id)
			if ie.Path != tt.path || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("got %q: %q\nwant %q: ...%q...", ie.Path, ie.Msg, tt.path, tt.msg)
			}
		})
	}
}

// TestForcedMismatch checks that forcing a format on another one's file
// says what is missing, and where.
func TestForcedMismatch(t *testing.T) {
	tests := []struct {
		file, id, path string
	}{
		{"whisper/openai_verbose_json.json", "deepgram", "$.results"},
		{"deepgram/dg_utterances.json", "aws-transcribe", "$.results.items"},
		{"deepgram/dg_utterances.json", "whisper", "$.segments"},
		{"deepgram/dg_utterances.json", "whisper-cpp", "$.transcription"},
		{"deepgram/dg_utterances.json", "assemblyai", "$.utterances"},
		{"deepgram/dg_utterances.json", "revai", "$.monologues"},
		{"deepgram/dg_utterances.json", "gong", "$.callTranscripts"},
		{"deepgram/dg_utterances.json", "fireflies", "$.data.transcript.sentences"},
		{"aws-transcribe/03-speaker-identification.json", "deepgram", "$.results.channels"},
	}
	for _, tt := range tests {
		ie := inputError(t, mustReadFile(t, tt.file), tt.id)
		if ie.Path != tt.path || !strings.HasPrefix(ie.Msg, "missing or null: expected ") {
			t.Errorf("%s as %s: %q: %q, want %q: missing...", tt.file, tt.id, ie.Path, ie.Msg, tt.path)
		}
	}
	ie := inputError(t, []byte(`{}`), "webvtt")
	if !strings.Contains(ie.Msg, `unknown JSON transcript format "webvtt"`) {
		t.Errorf("unknown id: %q", ie.Msg)
	}
}

func TestServiceErrors(t *testing.T) {
	tests := []struct {
		name, doc, path, msg string
	}{
		{"gong with several calls", `{"callTranscripts": [{"callId": "1", "transcript": [{"speakerId": "2", "sentences": []}]}, {"callId": "3", "transcript": [{"speakerId": "2", "sentences": []}]}]}`,
			"$.callTranscripts", "holds 2 calls: expected the transcript of one call"},
		{"fireflies error", `{"data": {"transcript": null}, "errors": [{"message": "Object not found", "code": "object_not_found"}]}`,
			"$.errors[0].message", "Fireflies answered with an error instead of a transcript: Object not found"},
		{"assemblyai still queued", `{"id": "x", "status": "queued", "audio_url": "https://example.com/a.mp3", "text": null, "words": null, "utterances": null}`,
			"$.status", `the transcript is "queued", not completed`},
		{"assemblyai failed", `{"id": "x", "status": "error", "error": "Download error, unable to download https://example.com/a.mp3", "audio_url": "https://example.com/a.mp3", "text": null}`,
			"$.status", "AssemblyAI says: Download error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ie := inputError(t, []byte(tt.doc), "")
			if ie.Path != tt.path || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("got %q: %q\nwant %q: ...%q...", ie.Path, ie.Msg, tt.path, tt.msg)
			}
		})
	}
}

// TestOddValues checks values that are valid JSON but make no sense as
// times do not fail the read: they are unknown times.
func TestOddValues(t *testing.T) {
	segs, _ := mustRead(t, []byte(`{"segments": [
		{"start": 1e300, "end": 1e301, "text": "far"},
		{"start": -0, "end": null, "text": "zero"},
		{"start": "", "end": " 2 ", "text": "blank"}]}`), "")
	checkAll(t, segs, []pushback.Segment{seg("", none, none, "far"), seg("", 0, none, "zero"), seg("", none, 2, "blank")})

	deep := `{"segments": [], "extra": ` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`
	if segs, _ := mustRead(t, []byte(deep), ""); len(segs) != 0 {
		t.Errorf("%d segments from a deeply nested extra field", len(segs))
	}
}
