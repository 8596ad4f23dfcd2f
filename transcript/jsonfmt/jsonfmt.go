// Package jsonfmt reads the JSON transcripts of speech-to-text services and
// call recorders: OpenAI Whisper, whisper.cpp, WhisperX, Deepgram, AssemblyAI,
// AWS Transcribe, Rev.ai, Gong and Fireflies.
//
// Which service wrote a document is told from its shape (its keys), never
// from the file name; see detect for the rules.
package jsonfmt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/pushback-coach/pushback"
)

// Formats lists the format ids this package reads.
var Formats = []pushback.TranscriptFormat{
	{ID: "whisper", Name: "OpenAI Whisper JSON (verbose_json, whisper-timestamped)", Keeps: "text, segment times; no speakers", Exts: []string{".json"}},
	{ID: "whisper-cpp", Name: "whisper.cpp JSON (-oj)", Keeps: "text, segment times; speakers only from --diarize (Speaker 0/1) or tinydiarize turns (alternating Speaker 1/2)", Exts: []string{".json"}},
	{ID: "whisperx", Name: "WhisperX JSON", Keeps: "speakers (SPEAKER_00; segments split where word speakers change), text, segment times", Exts: []string{".json"}},
	{ID: "deepgram", Name: "Deepgram /v1/listen JSON", Keeps: "speakers (Speaker N; Channel N for multichannel), punctuated text, utterance or word times", Exts: []string{".json"}},
	{ID: "assemblyai", Name: "AssemblyAI transcript JSON (/v2/transcript)", Keeps: "speakers (Speaker A), text, utterance or word times", Exts: []string{".json"}},
	{ID: "aws-transcribe", Name: "Amazon Transcribe JSON", Keeps: "speakers (spk_0) or channels (ch_0), text with punctuation, word times", Exts: []string{".json"}},
	{ID: "revai", Name: "Rev.ai transcript JSON", Keeps: "speakers (speaker_name, else Speaker N), text, monologue times", Exts: []string{".json"}},
	{ID: "gong", Name: "Gong call transcript JSON (/v2/calls/transcript)", Keeps: "speakers (party names when parties are given, else speakerId) and their side (affiliation Internal = rep), text, sentence times", Exts: []string{".json"}},
	{ID: "fireflies", Name: "Fireflies.ai transcript JSON (GraphQL)", Keeps: "speakers (speaker_name), text, sentence times", Exts: []string{".json"}},
}

// expected names what Read looks for, for the error about other JSON.
const expected = "expected a transcript from Whisper, whisper.cpp, WhisperX, Deepgram, AssemblyAI, AWS Transcribe, Rev.ai, Gong or Fireflies"

// Sniff scores how much head looks like JSON: 0 not at all, 100 certain.
// A JSON transcript is an object, or an array of objects; text transcripts
// that start with "[00:01:02]" are not JSON.
func Sniff(head []byte) int {
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return 0
	}
	open := head[0]
	rest := bytes.TrimLeft(head[1:], " \t\r\n")
	switch {
	case open == '{' && (len(rest) == 0 || rest[0] == '"' || rest[0] == '}'):
		return 90
	case open == '[' && (len(rest) == 0 || rest[0] == '{' || rest[0] == ']'):
		return 90
	}
	return 0
}

// Read reads JSON from r as format id ("" detects which service wrote it),
// calling emit for every segment in time order, and returns the id it read.
// Problems with the document are *pushback.InputError; an error reading r
// is returned as it is, so the caller can tell its own size limit.
func Read(r io.Reader, id string, emit func(pushback.Segment) error) (string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", err
	}
	family := id
	if family == "" {
		if family, err = detect(data); err != nil {
			return "", err
		}
	}
	read, ok := readers[family]
	if !ok {
		return "", &pushback.InputError{Msg: fmt.Sprintf("unknown JSON transcript format %q", id)}
	}
	var out segments
	got, err := read(data, id, &out)
	if err != nil {
		return "", err
	}
	return got, out.emit(emit)
}

// reader decodes a document of one family into segments. It gets the id the
// user forced ("" when detected) and returns the id it read: within the
// Whisper family that is whisper or whisperx, told from the decoded words.
type reader func(data []byte, forced string, out *segments) (string, error)

var readers = map[string]reader{
	"whisper":        readWhisper,
	"whisperx":       readWhisper,
	"whisper-cpp":    readWhisperCpp,
	"deepgram":       readDeepgram,
	"assemblyai":     readAssemblyAI,
	"aws-transcribe": readAWS,
	"revai":          readRevai,
	"gong":           readGong,
	"fireflies":      readFireflies,
}

// detect tells which service wrote the document from its keys:
//
//   - callTranscripts: Gong; monologues: Rev.ai
//   - results.channels or results.utterances: Deepgram; results.transcripts,
//     results.items, results.speaker_labels or results.channel_labels: AWS Transcribe
//   - transcription: whisper.cpp
//   - data.transcript, transcript.sentences, or sentences whose first element
//     has speaker_name, start_time or raw_text: Fireflies
//   - other sentences, paragraphs, utterances or audio_url: AssemblyAI
//   - segments: Whisper (WhisperX when a segment or word has a speaker, or
//     word_segments is present; decided by the reader)
//   - words: Whisper when task or duration is present, else AssemblyAI
//   - text with task, language or duration, or text alone: OpenAI Whisper
//   - a top-level array of Fireflies sentences, whisper.cpp transcription
//     entries, Gong monologues or Whisper segments, by its first element
func detect(data []byte) (string, error) {
	o := outlineOf(data)
	id := ""
	switch o.top {
	case '{':
		id = o.objectID()
	case '[':
		id = o.arrayID()
	}
	if id != "" {
		return id, nil
	}
	if err := checkSyntax(data); err != nil {
		return "", err
	}
	found := "a JSON value that is not an object"
	switch {
	case o.top == '{':
		found = "a JSON object with " + describeKeys(o.order)
	case o.top == '[':
		found = "a JSON array of other values"
	}
	return "", &pushback.InputError{Path: "$", Msg: "not a transcript Pushback reads: " + expected + "; found " + found}
}

func (o *outline) objectID() string {
	switch {
	case o.has("callTranscripts"):
		return "gong"
	case o.has("monologues"):
		return "revai"
	case o.has("results.channels") || o.has("results.utterances"):
		return "deepgram"
	case o.has("results.transcripts") || o.has("results.items") ||
		o.has("results.speaker_labels") || o.has("results.channel_labels"):
		return "aws-transcribe"
	case o.has("transcription"):
		return "whisper-cpp"
	case o.has("data.transcript") || o.has("transcript.sentences"):
		return "fireflies"
	case o.is("sentences", '['):
		if !o.has("sentences[0]") || o.fireflies("sentences[0]") {
			return "fireflies"
		}
		return "assemblyai"
	case o.has("paragraphs") || o.has("utterances") || o.has("audio_url"):
		return "assemblyai"
	case o.has("segments"):
		return "whisper"
	case o.has("words"):
		if o.has("task") || o.has("duration") {
			return "whisper"
		}
		return "assemblyai"
	case o.is("text", '"') && (o.has("task") || o.has("language") || o.has("duration")):
		return "whisper"
	case o.is("text", '"') && o.openAIText():
		return "whisper"
	}
	return ""
}

func (o *outline) arrayID() string {
	switch {
	case o.fireflies("[0]"):
		return "fireflies"
	case o.has("[0].timestamps") || o.has("[0].offsets"):
		return "whisper-cpp"
	case o.has("[0].speakerId") && o.has("[0].sentences"):
		return "gong"
	case o.has("[0].text") && (o.has("[0].start") || o.has("[0].end")):
		return "whisper"
	}
	return ""
}

// fireflies reports whether the object at path has a key only Fireflies
// sentences have.
func (o *outline) fireflies(path string) bool {
	return o.has(path+".speaker_name") || o.has(path+".start_time") || o.has(path+".raw_text")
}

// openAIText reports whether the object is the plain OpenAI transcription
// response ({"text": "..."}; newer models add usage and logprobs).
func (o *outline) openAIText() bool {
	for _, k := range o.order {
		switch k {
		case "text", "usage", "logprobs":
		default:
			return false
		}
	}
	return true
}

// checkSyntax reports a syntax error in data, with its line.
func checkSyntax(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	return inputError(data, json.Unmarshal(data, new(json.RawMessage)))
}

func first(data []byte) byte {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

func describeKeys(keys []string) string {
	if len(keys) == 0 {
		return "no keys"
	}
	const shown = 6
	more := ""
	if len(keys) > shown {
		more = fmt.Sprintf(" and %d more", len(keys)-shown)
		keys = keys[:shown]
	}
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = fmt.Sprintf("%q", clip(k))
	}
	return "keys " + strings.Join(quoted, ", ") + more
}

// missing is the error for a required part that is absent or null.
func missing(path, what string) error {
	return &pushback.InputError{Path: path, Msg: "missing or null: expected " + what}
}
