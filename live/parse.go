package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// Input kinds: what a line was written by. The first utterance's kind names
// the call's format ("live-" + kind) unless the session is told otherwise.
const (
	KindText       = "text"       // Name: text
	KindJSON       = "jsonl"      // {"speaker","text","start","end","is_final"}
	KindDeepgram   = "deepgram"   // Deepgram streaming Results
	KindAssemblyAI = "assemblyai" // AssemblyAI streaming: v3 Turn or v2 Partial/FinalTranscript
)

// MessageKind says what a line asks of a session.
type MessageKind int

const (
	// Skip is a line with nothing for the session: a blank line, or a
	// service's bookkeeping (Deepgram Metadata, AssemblyAI Begin, ...).
	Skip MessageKind = iota
	// Speech carries one or more utterances.
	Speech
	// Start configures the session: reps and title. It must come first.
	Start
	// End ends the session.
	End
)

// Utterance is a piece of speech as a speech-to-text service streams it: an
// interim result that later ones replace, or a final one.
type Utterance struct {
	Speaker string
	Text    string
	Start   pushback.Seconds // NoTime when not given
	End     pushback.Seconds // NoTime when not given
	Final   bool
	Role    pushback.Role // the speaker's side when the input says, else ""
}

// Message is one decoded input line.
type Message struct {
	Kind       MessageKind
	Input      string      // the kind of input (KindText, ...), for Speech
	Utterances []Utterance // for Speech
	Reps       []string    // for Start
	Title      string      // for Start
}

// MaxLine is the longest input line (or WebSocket message) accepted.
const MaxLine = 1 << 20

// ParseLine decodes one input line on its own. A stream of AssemblyAI v3
// messages needs the state a Decoder keeps (see Decoder.Decode); every other
// kind of line decodes the same either way.
func ParseLine(line []byte) (Message, error) {
	var d Decoder
	return d.Decode(line)
}

// Decoder decodes the lines of one stream. AssemblyAI's Universal-Streaming
// (v3) with format_turns sends every finished turn twice, unformatted then
// formatted, under one turn_order: once a formatted turn has been seen, an
// unformatted end of turn is taken as interim, and a second end of the same
// turn is dropped, so no turn is counted twice.
type Decoder struct {
	formatted bool // a formatted AssemblyAI turn has been seen
	lastTurn  int  // turn_order of the last AssemblyAI final, +1 (0: none)
}

// Decode decodes one line: a JSON object (ours, Deepgram's or AssemblyAI's)
// or a "Name: text" line. Blank lines are Skip. The error says what was
// expected; the caller adds the line number.
func (d *Decoder) Decode(line []byte) (Message, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return Message{}, nil
	}
	if len(line) > MaxLine {
		return Message{}, fmt.Errorf("line longer than %d bytes", MaxLine)
	}
	if line[0] == '{' {
		return d.decodeJSON(line)
	}
	if !utf8.Valid(line) {
		return Message{}, errors.New("not UTF-8 text: expected a \"Name: text\" line or a JSON object")
	}
	return parseNameLine(string(line))
}

// wire is every field any supported JSON line may carry.
type wire struct {
	Type        string          `json:"type"`
	MessageType string          `json:"message_type"` // AssemblyAI v2
	Speaker     json.RawMessage `json:"speaker"`
	Text        *string         `json:"text"`
	Start       *float64        `json:"start"`
	End         *float64        `json:"end"`
	IsFinal     *bool           `json:"is_final"`
	Role        string          `json:"role"`

	// start messages
	Rep   json.RawMessage `json:"rep"`
	Title string          `json:"title"`

	// Deepgram
	Channel      *dgChannel `json:"channel"`
	ChannelIndex []int      `json:"channel_index"`
	Duration     *float64   `json:"duration"`

	// AssemblyAI v3
	Transcript      *string         `json:"transcript"`
	EndOfTurn       *bool           `json:"end_of_turn"`
	TurnIsFormatted bool            `json:"turn_is_formatted"`
	TurnOrder       *int            `json:"turn_order"`
	SpeakerLabel    json.RawMessage `json:"speaker_label"`
	Words           []word          `json:"words"`

	// AssemblyAI v2
	AudioStart *float64 `json:"audio_start"`
	AudioEnd   *float64 `json:"audio_end"`
}

type dgChannel struct {
	Alternatives []struct {
		Transcript string `json:"transcript"`
		Words      []word `json:"words"`
	} `json:"alternatives"`
}

// word is a word of Deepgram (seconds; word, punctuated_word) or AssemblyAI
// (milliseconds; text).
type word struct {
	Word           string          `json:"word"`
	PunctuatedWord string          `json:"punctuated_word"`
	Text           string          `json:"text"`
	Start          *float64        `json:"start"`
	End            *float64        `json:"end"`
	Speaker        json.RawMessage `json:"speaker"`
}

func (d *Decoder) decodeJSON(line []byte) (Message, error) {
	var w wire
	if err := json.Unmarshal(line, &w); err != nil {
		return Message{}, jsonError(err)
	}
	if w.MessageType != "" {
		return decodeAssemblyAIv2(&w)
	}
	switch w.Type {
	case "", "utterance":
		return decodeOurs(&w)
	case "start":
		reps, err := stringList(w.Rep)
		if err != nil {
			return Message{}, fmt.Errorf("\"rep\": %v", err)
		}
		return Message{Kind: Start, Reps: reps, Title: w.Title}, nil
	case "end":
		return Message{Kind: End}, nil
	case "Results":
		return decodeDeepgram(&w)
	case "Metadata", "UtteranceEnd", "SpeechStarted", "Begin", "Termination", "KeepAlive":
		return Message{}, nil // the services' bookkeeping
	case "Turn":
		return d.decodeAssemblyAIv3(&w)
	}
	return Message{}, fmt.Errorf("unknown message type %q: expected an utterance, \"start\", \"end\", Deepgram \"Results\" or AssemblyAI \"Turn\"", w.Type)
}

func jsonError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("bad JSON at byte %d: %v", se.Offset, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("bad JSON: %q is a %s, expected %s", te.Field, te.Value, te.Type)
	}
	return fmt.Errorf("bad JSON: %v", err)
}

// decodeOurs reads {"speaker","text","start","end","is_final","role"}:
// times in seconds (null or absent: unknown), is_final true unless given,
// role (the speaker's side, when the source knows it) "rep" or "prospect".
func decodeOurs(w *wire) (Message, error) {
	if w.Text == nil {
		return Message{}, errors.New("expected a \"text\" field (an utterance is {\"speaker\",\"text\",\"start\",\"end\",\"is_final\"})")
	}
	speaker, err := speakerName(w.Speaker, "")
	if err != nil {
		return Message{}, fmt.Errorf("\"speaker\": %v", err)
	}
	u := Utterance{Speaker: speaker, Text: *w.Text, Start: seconds(w.Start, 1), End: seconds(w.End, 1), Final: true}
	switch r := pushback.Role(w.Role); r {
	case "", pushback.RoleRep, pushback.RoleProspect:
		u.Role = r
	default:
		return Message{}, fmt.Errorf("\"role\" %q: expected \"rep\" or \"prospect\"", w.Role)
	}
	if w.IsFinal != nil {
		u.Final = *w.IsFinal
	}
	return Message{Kind: Speech, Input: KindJSON, Utterances: []Utterance{u}}, nil
}

// decodeDeepgram reads a streaming Results message. With diarize the
// words carry a speaker number: "Speaker N", and a message whose words
// change speaker becomes one utterance per run of words. With several
// channels (multichannel) the speaker is "Channel N".
func decodeDeepgram(w *wire) (Message, error) {
	if w.Channel == nil {
		return Message{}, errors.New("Deepgram Results without \"channel\"")
	}
	if len(w.Channel.Alternatives) == 0 {
		return Message{}, nil
	}
	alt := w.Channel.Alternatives[0]
	final := w.IsFinal != nil && *w.IsFinal
	start := seconds(w.Start, 1)
	end := pushback.NoTime
	if start.Known() && w.Duration != nil && *w.Duration >= 0 {
		end = start + pushback.Seconds(*w.Duration)
	}
	msg := Message{Kind: Speech, Input: KindDeepgram}
	if len(w.ChannelIndex) == 2 && w.ChannelIndex[1] > 1 {
		name := "Channel " + strconv.Itoa(w.ChannelIndex[0])
		msg.Utterances = []Utterance{{Speaker: name, Text: alt.Transcript, Start: start, End: end, Final: final}}
		return msg, nil
	}
	runs, err := wordRuns(alt.Words, deepgramWord, 1)
	if err != nil {
		return Message{}, err
	}
	if len(runs) <= 1 {
		// One speaker (or none): the transcript has the punctuation.
		speaker := "Speaker"
		if len(runs) == 1 && runs[0].Speaker != "" {
			speaker = runs[0].Speaker
		}
		msg.Utterances = []Utterance{{Speaker: speaker, Text: alt.Transcript, Start: start, End: end, Final: final}}
		return msg, nil
	}
	for _, r := range runs {
		r.Final = final
		msg.Utterances = append(msg.Utterances, r)
	}
	return msg, nil
}

func deepgramWord(w *word) string {
	if w.PunctuatedWord != "" {
		return w.PunctuatedWord
	}
	return w.Word
}

func assemblyWord(w *word) string { return w.Text }

// wordRuns groups words by speaker. scale turns the words' times into
// seconds. A run's speaker is "" when the words carry none.
func wordRuns(words []word, text func(*word) string, scale float64) ([]Utterance, error) {
	var runs []Utterance
	var b strings.Builder
	for i := range words {
		w := &words[i]
		speaker, err := speakerName(w.Speaker, "")
		if err != nil {
			return nil, fmt.Errorf("\"words[%d].speaker\": %v", i, err)
		}
		if len(runs) == 0 || runs[len(runs)-1].Speaker != speaker {
			if len(runs) > 0 {
				runs[len(runs)-1].Text = b.String()
				b.Reset()
			}
			runs = append(runs, Utterance{Speaker: speaker, Start: seconds(w.Start, scale), End: pushback.NoTime})
		}
		r := &runs[len(runs)-1]
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(text(w))
		if e := seconds(w.End, scale); e.Known() {
			r.End = e
		}
	}
	if len(runs) > 0 {
		runs[len(runs)-1].Text = b.String()
	}
	return runs, nil
}

// decodeAssemblyAIv3 reads a Universal-Streaming Turn. The turn is final
// at end_of_turn (see Decoder for formatted turns); until then it is
// interim, its text every word heard so far, final or not. With
// speaker_labels, speaker_label "A" is "Speaker A".
func (d *Decoder) decodeAssemblyAIv3(w *wire) (Message, error) {
	if w.Transcript == nil && w.Words == nil {
		return Message{}, errors.New("AssemblyAI Turn without \"transcript\" or \"words\"")
	}
	final := w.EndOfTurn != nil && *w.EndOfTurn
	order := -1
	if w.TurnOrder != nil {
		order = *w.TurnOrder
	}
	if final {
		switch {
		case w.TurnIsFormatted:
			d.formatted = true
			if order >= 0 && d.lastTurn == order+1 {
				return Message{}, nil // its unformatted twin was taken as final
			}
		case d.formatted:
			final = false // the formatted turn follows
		}
		if final && order >= 0 {
			d.lastTurn = order + 1
		}
	}
	text := ""
	if w.Transcript != nil {
		text = *w.Transcript
	}
	runs, err := wordRuns(w.Words, assemblyWord, 0.001)
	if err != nil {
		return Message{}, err
	}
	if !final && len(runs) > 0 {
		var parts []string
		for _, r := range runs {
			parts = append(parts, r.Text)
		}
		text = strings.Join(parts, " ")
	}
	speaker, err := speakerName(w.SpeakerLabel, "Speaker ")
	if err != nil {
		return Message{}, fmt.Errorf("\"speaker_label\": %v", err)
	}
	if speaker == "" && len(runs) > 0 && runs[0].Speaker != "" {
		speaker = runs[0].Speaker
		if !strings.HasPrefix(speaker, "Speaker ") {
			speaker = "Speaker " + speaker
		}
	}
	u := Utterance{Speaker: speaker, Text: text, Start: pushback.NoTime, End: pushback.NoTime, Final: final}
	if len(runs) > 0 {
		u.Start, u.End = runs[0].Start, runs[len(runs)-1].End
	}
	return Message{Kind: Speech, Input: KindAssemblyAI, Utterances: []Utterance{u}}, nil
}

// decodeAssemblyAIv2 reads the older real-time API: PartialTranscript
// (interim) and FinalTranscript, times in milliseconds.
func decodeAssemblyAIv2(w *wire) (Message, error) {
	var final bool
	switch w.MessageType {
	case "PartialTranscript":
	case "FinalTranscript":
		final = true
	case "SessionBegins", "SessionTerminated", "SessionInformation":
		return Message{}, nil
	default:
		return Message{}, fmt.Errorf("unknown AssemblyAI message_type %q: expected PartialTranscript or FinalTranscript", w.MessageType)
	}
	if w.Text == nil {
		return Message{}, fmt.Errorf("AssemblyAI %s without \"text\"", w.MessageType)
	}
	speaker, err := speakerName(w.Speaker, "Speaker ")
	if err != nil {
		return Message{}, fmt.Errorf("\"speaker\": %v", err)
	}
	u := Utterance{Speaker: speaker, Text: *w.Text, Start: seconds(w.AudioStart, 0.001), End: seconds(w.AudioEnd, 0.001), Final: final}
	return Message{Kind: Speech, Input: KindAssemblyAI, Utterances: []Utterance{u}}, nil
}

// seconds turns a time in the input's unit into seconds; absent, negative
// or not finite is NoTime.
func seconds(v *float64, scale float64) pushback.Seconds {
	if v == nil || *v < 0 || math.IsInf(*v, 0) || math.IsNaN(*v) {
		return pushback.NoTime
	}
	s := pushback.Seconds(*v * scale)
	if !s.Known() {
		return pushback.NoTime
	}
	return s
}

// speakerName reads a speaker given as a string, or as a number as the
// services number them. A bare number or a service's letter label ("A")
// gets prefix ("Speaker "); with no prefix a number is "Speaker N" and a
// string is taken as is.
func speakerName(raw json.RawMessage, prefix string) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		if s == "" {
			return "", nil
		}
		return prefix + s, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil {
		return "", errors.New("expected a name or a speaker number")
	}
	if f != math.Trunc(f) || f < 0 || f > 1e6 {
		return "", errors.New("expected a whole speaker number")
	}
	return "Speaker " + strconv.Itoa(int(f)), nil
}

// stringList reads a string or an array of strings.
func stringList(raw json.RawMessage) ([]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("expected a name or a list of names")
	}
	return list, nil
}

// Name lines. A line is "Name: text", optionally after a time stamp
// ("[00:01:02] Name: text", "(1:02) Name: text"), which gives the start
// time. The name is what comes before the first colon followed by a space
// (so "10:30" and "https://" never split a line): 1 to 6 words, at most 60
// characters, starting with a letter or digit.
const (
	maxNameWords = 6
	maxNameBytes = 60
)

func parseNameLine(line string) (Message, error) {
	start := pushback.NoTime
	rest := line
	if t, after, ok := leadingTime(rest); ok {
		start, rest = t, after
	}
	i := nameColon(rest)
	if i < 0 {
		return Message{}, errors.New(`expected a "Name: text" line or a JSON object`)
	}
	name := strings.TrimSpace(rest[:i])
	if name == "" || len(name) > maxNameBytes || len(strings.Fields(name)) > maxNameWords {
		return Message{}, fmt.Errorf("%q is not a speaker name: expected 1 to %d words before the colon", truncate(name, 40), maxNameWords)
	}
	if r, _ := utf8.DecodeRuneInString(name); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return Message{}, fmt.Errorf("%q is not a speaker name: expected it to start with a letter", truncate(name, 40))
	}
	u := Utterance{Speaker: name, Text: strings.TrimSpace(rest[i+1:]), Start: start, End: pushback.NoTime, Final: true}
	return Message{Kind: Speech, Input: KindText, Utterances: []Utterance{u}}, nil
}

// nameColon returns the index of the first colon that is followed by white
// space or ends the line, or -1.
func nameColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		if i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t' {
			return i
		}
	}
	return -1
}

// leadingTime reads "[00:01:02]" or "(1:02)" at the start of a line.
func leadingTime(s string) (pushback.Seconds, string, bool) {
	if s == "" || (s[0] != '[' && s[0] != '(') {
		return 0, s, false
	}
	closer := byte(']')
	if s[0] == '(' {
		closer = ')'
	}
	j := strings.IndexByte(s, closer)
	if j < 0 || j > 16 {
		return 0, s, false
	}
	t, ok := clockTime(s[1:j])
	if !ok {
		return 0, s, false
	}
	return t, strings.TrimLeft(s[j+1:], " \t"), true
}

// clockTime parses "H:MM:SS", "M:SS" or either with a ".fraction".
func clockTime(s string) (pushback.Seconds, bool) {
	frac := 0.0
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f, err := strconv.ParseFloat("0."+s[i+1:], 64)
		if err != nil || i+1 == len(s) || strings.ContainsAny(s[i+1:], "+-eE_") {
			return 0, false
		}
		frac, s = f, s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	total := 0
	for k, p := range parts {
		if p == "" || len(p) > 4 {
			return 0, false
		}
		v := 0
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
			v = v*10 + int(p[i]-'0')
		}
		if k > 0 && v >= 60 {
			return 0, false
		}
		total = total*60 + v
	}
	return pushback.Seconds(float64(total) + frac), true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
