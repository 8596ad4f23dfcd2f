package jsonfmt

import (
	"strings"

	"github.com/pushback-coach/pushback"
)

// ffDoc is the Fireflies.ai GraphQL transcript query's response: {data:
// {transcript: {sentences[{index, speaker_name, speaker_id, text, raw_text,
// start_time, end_time}], speakers?[{id, name}]}}}, also accepted as the bare
// transcript object, {transcript: {...}}, or {sentences: [...]}. Times are
// seconds (the schema types them as strings; numbers are read too).
type ffDoc struct {
	Data *struct {
		Transcript *ffTranscript `json:"transcript"`
	} `json:"data"`
	Errors []struct {
		Message string `json:"message"`
	} `json:"errors"`
	Transcript *ffTranscript `json:"transcript"`
	ffTranscript
}

type ffTranscript struct {
	Sentences []ffSentence `json:"sentences"`
	Speakers  []struct {
		ID   label  `json:"id"`
		Name string `json:"name"`
	} `json:"speakers"`
}

type ffSentence struct {
	SpeakerName string `json:"speaker_name"`
	SpeakerID   label  `json:"speaker_id"`
	Text        string `json:"text"`
	RawText     string `json:"raw_text"`
	StartTime   number `json:"start_time"`
	EndTime     number `json:"end_time"`
}

// readFireflies names speakers by speaker_name, else by the name the
// transcript's speakers list gives their speaker_id, else "Speaker <id>". It
// prefers text (which users may have edited) to raw_text.
func readFireflies(data []byte, _ string, out *segments) (string, error) {
	var doc ffDoc
	var t *ffTranscript
	if first(data) == '[' {
		if err := unmarshal(data, &doc.Sentences); err != nil {
			return "", err
		}
		t = &doc.ffTranscript
	} else {
		if err := unmarshal(data, &doc); err != nil {
			return "", err
		}
		switch {
		case doc.Data != nil && doc.Data.Transcript != nil:
			t = doc.Data.Transcript
		case doc.Transcript != nil:
			t = doc.Transcript
		case doc.Sentences != nil:
			t = &doc.ffTranscript
		case len(doc.Errors) > 0:
			return "", &pushback.InputError{Path: "$.errors[0].message", Msg: "Fireflies answered with an error instead of a transcript: " + clipTo(doc.Errors[0].Message, 200) + " (expected data.transcript.sentences)"}
		default:
			return "", missing("$.data.transcript.sentences", "a Fireflies transcript with sentences")
		}
	}
	known := map[string]string{}
	for _, s := range t.Speakers {
		if s.ID.ok && strings.TrimSpace(s.Name) != "" {
			known[s.ID.s] = strings.TrimSpace(s.Name)
		}
	}
	names := speakerNames{}
	for i := range t.Sentences {
		s := &t.Sentences[i]
		speaker := strings.TrimSpace(s.SpeakerName)
		if speaker == "" && s.SpeakerID.ok {
			if speaker = known[s.SpeakerID.s]; speaker == "" {
				speaker = names.name(s.SpeakerID)
			}
		}
		text := s.Text
		if strings.TrimSpace(text) == "" {
			text = s.RawText
		}
		out.add(speaker, s.StartTime.seconds(), s.EndTime.seconds(), text)
	}
	return "fireflies", nil
}
