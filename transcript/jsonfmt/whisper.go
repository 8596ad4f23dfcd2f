package jsonfmt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/timecode"
)

// whisperDoc is the Whisper family: OpenAI verbose_json ({text, segments[{id,
// seek, start, end, text, tokens, ...}], words?}), whisper-timestamped
// (segments with words[{text, start, end}]) and WhisperX (segments and words
// with speaker, words[{word, start, end, score, speaker}], word_segments).
type whisperDoc struct {
	Text         *string          `json:"text"`
	Segments     []whisperSegment `json:"segments"`
	Words        []whisperWord    `json:"words"`
	WordSegments present          `json:"word_segments"`
}

type whisperSegment struct {
	Start   number        `json:"start"`
	End     number        `json:"end"`
	Text    string        `json:"text"`
	Speaker label         `json:"speaker"`
	Words   []whisperWord `json:"words"`
}

type whisperWord struct {
	Word    string  `json:"word"` // OpenAI, WhisperX
	Text    string  `json:"text"` // whisper-timestamped
	Start   number  `json:"start"`
	End     number  `json:"end"`
	Speaker label   `json:"speaker"`
	Score   present `json:"score"` // WhisperX alignment score
}

func (w *whisperWord) text() string {
	if w.Word != "" {
		return w.Word
	}
	return w.Text
}

func readWhisper(data []byte, forced string, out *segments) (string, error) {
	var doc whisperDoc
	if first(data) == '[' {
		if err := unmarshal(data, &doc.Segments); err != nil {
			return "", err
		}
	} else {
		if err := unmarshal(data, &doc); err != nil {
			return "", err
		}
		if doc.Segments == nil && doc.Words == nil && doc.Text == nil {
			return "", missing("$.segments", "Whisper segments (or words, or text)")
		}
	}
	x := doc.WordSegments.exists()
	for i := range doc.Segments {
		seg := &doc.Segments[i]
		x = x || seg.Speaker.ok
		for j := range seg.Words {
			x = x || seg.Words[j].Speaker.ok || seg.Words[j].Score.exists()
		}
		switch {
		case seg.Speaker.ok:
			out.add(seg.Speaker.s, seg.Start.seconds(), seg.End.seconds(), seg.Text)
		case wordSpeakers(seg.Words):
			splitBySpeaker(seg, out)
		default:
			out.add("", seg.Start.seconds(), seg.End.seconds(), seg.Text)
		}
	}
	switch {
	case len(doc.Segments) > 0:
	case len(doc.Words) > 0:
		words := make([]word, len(doc.Words))
		for i := range doc.Words {
			w := &doc.Words[i]
			x = x || w.Speaker.ok || w.Score.exists()
			words[i] = word{speaker: w.Speaker.s, start: w.Start.seconds(), end: w.End.seconds(), text: w.text()}
		}
		phrases(words, out)
	case doc.Text != nil:
		out.add("", pushback.NoTime, pushback.NoTime, *doc.Text)
	}
	switch {
	case forced != "":
		return forced, nil
	case x:
		return "whisperx", nil
	}
	return "whisper", nil
}

func wordSpeakers(words []whisperWord) bool {
	for i := range words {
		if words[i].Speaker.ok && words[i].Speaker.s != "" {
			return true
		}
	}
	return false
}

// splitBySpeaker emits a WhisperX segment that has no speaker of its own in
// pieces where its words' speakers change. A word without a speaker (WhisperX
// leaves those it cannot place) stays with the words before it; leading ones
// go with the first speaker.
func splitBySpeaker(seg *whisperSegment, out *segments) {
	speaker := ""
	for i := range seg.Words {
		if seg.Words[i].Speaker.s != "" {
			speaker = seg.Words[i].Speaker.s
			break
		}
	}
	words := make([]word, len(seg.Words))
	for i := range seg.Words {
		w := &seg.Words[i]
		if w.Speaker.s != "" {
			speaker = w.Speaker.s
		}
		words[i] = word{speaker: speaker, start: w.Start.seconds(), end: w.End.seconds(), text: w.text()}
	}
	n := len(*out)
	joinRuns(words, out)
	// The segment's own times bound its first and last pieces: words
	// WhisperX could not align have no times of their own.
	if len(*out) > n {
		first, last := &(*out)[n], &(*out)[len(*out)-1]
		if start := seg.Start.seconds(); start.Known() && (!first.End.Known() || start <= first.End) {
			first.Start = start
		}
		if end := seg.End.seconds(); end.Known() && (!last.Start.Known() || end >= last.Start) {
			last.End = end
		}
	}
}

// joinRuns emits one segment per run of words of one speaker.
func joinRuns(words []word, out *segments) {
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j].speaker == words[i].speaker {
			j++
		}
		run := words[i:j]
		text := make([]byte, 0, 8*len(run))
		start, end := pushback.NoTime, pushback.NoTime
		for _, w := range run {
			t := strings.TrimSpace(w.text)
			if t == "" {
				continue
			}
			if len(text) > 0 {
				text = append(text, ' ')
			}
			text = append(text, t...)
			if !start.Known() && w.start.Known() {
				start = w.start
			}
			if w.end.Known() {
				end = w.end
			}
		}
		out.add(words[i].speaker, start, end, string(text))
		i = j
	}
}

// cppDoc is whisper.cpp's -oj output: {systeminfo, model, params, result,
// transcription[{timestamps{from, to}, offsets{from, to} (ms), text,
// speaker? (--diarize), speaker_turn_next? (tinydiarize)}]}.
type cppDoc struct {
	Transcription []cppEntry `json:"transcription"`
}

type cppEntry struct {
	Timestamps struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"timestamps"`
	Offsets struct {
		From number `json:"from"`
		To   number `json:"to"`
	} `json:"offsets"`
	Text            string `json:"text"`
	Speaker         label  `json:"speaker"`
	SpeakerTurnNext bool   `json:"speaker_turn_next"`
}

// readWhisperCpp names speakers only where whisper.cpp gives them: --diarize
// on stereo audio writes speaker "0" or "1" ("?" when unsure, kept unnamed),
// which become Speaker 0 and Speaker 1. tinydiarize only marks where the
// speaker changes (speaker_turn_next): the segments then alternate between
// Speaker 1 and Speaker 2, which is right for a call between two people.
func readWhisperCpp(data []byte, _ string, out *segments) (string, error) {
	var doc cppDoc
	root := "$.transcription"
	if first(data) == '[' {
		root = "$"
		if err := unmarshal(data, &doc.Transcription); err != nil {
			return "", err
		}
	} else {
		if err := unmarshal(data, &doc); err != nil {
			return "", err
		}
		if doc.Transcription == nil {
			return "", missing(root, "whisper.cpp's transcription array")
		}
	}
	turns := false
	for i := range doc.Transcription {
		turns = turns || doc.Transcription[i].SpeakerTurnNext
	}
	turn := 1
	for i := range doc.Transcription {
		e := &doc.Transcription[i]
		start, err := cppTime(e.Offsets.From, e.Timestamps.From, fmt.Sprintf("%s[%d].timestamps.from", root, i))
		if err != nil {
			return "", err
		}
		end, err := cppTime(e.Offsets.To, e.Timestamps.To, fmt.Sprintf("%s[%d].timestamps.to", root, i))
		if err != nil {
			return "", err
		}
		speaker := ""
		switch {
		case e.Speaker.ok && e.Speaker.s != "?" && e.Speaker.s != "":
			speaker = "Speaker " + e.Speaker.s
		case turns:
			speaker = "Speaker " + strconv.Itoa(turn)
		}
		out.add(speaker, start, end, e.Text)
		if e.SpeakerTurnNext {
			turn = 3 - turn
		}
	}
	return "whisper-cpp", nil
}

// cppTime prefers the offset in milliseconds and falls back to the
// "00:00:01,000" time stamp.
func cppTime(offset number, stamp, path string) (pushback.Seconds, error) {
	if offset.ok {
		return offset.millis(), nil
	}
	if strings.TrimSpace(stamp) == "" {
		return pushback.NoTime, nil
	}
	t, err := timecode.Parse(stamp)
	if err != nil {
		return pushback.NoTime, &pushback.InputError{Path: path, Msg: fmt.Sprintf("expected a time such as \"00:00:01,000\", found %q", clip(stamp))}
	}
	return t, nil
}
