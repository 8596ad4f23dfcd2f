package jsonfmt

import (
	"fmt"

	"github.com/pushback-coach/pushback"
)

// aaiDoc is an AssemblyAI /v2/transcript response ({id, status, audio_url,
// text, words[{text, start, end, confidence, speaker}], utterances?[{speaker,
// start, end, text, words}], ...}), or the response of its /sentences or
// /paragraphs endpoint. Times are milliseconds.
type aaiDoc struct {
	Status     string      `json:"status"`
	Error      string      `json:"error"`
	Text       *string     `json:"text"`
	Words      []aaiWord   `json:"words"`
	Utterances []aaiPhrase `json:"utterances"`
	Sentences  []aaiPhrase `json:"sentences"`
	Paragraphs []aaiPhrase `json:"paragraphs"`
}

type aaiPhrase struct {
	Speaker label  `json:"speaker"`
	Start   number `json:"start"`
	End     number `json:"end"`
	Text    string `json:"text"`
}

type aaiWord struct {
	Text    string `json:"text"`
	Start   number `json:"start"`
	End     number `json:"end"`
	Speaker label  `json:"speaker"`
}

// readAssemblyAI reads utterances when AssemblyAI diarised the call
// (speaker_labels), else sentences or paragraphs, else the words, cut where
// the speaker changes and at sentence ends, else the text as one segment
// without times. Speaker "A" becomes "Speaker A".
func readAssemblyAI(data []byte, _ string, out *segments) (string, error) {
	var doc aaiDoc
	if err := unmarshal(data, &doc); err != nil {
		return "", err
	}
	if doc.Text == nil && doc.Words == nil && doc.Utterances == nil && doc.Sentences == nil && doc.Paragraphs == nil {
		switch doc.Status {
		case "completed":
			return "assemblyai", nil
		case "":
			return "", missing("$.utterances", "AssemblyAI utterances, words or text")
		}
		msg := fmt.Sprintf("the transcript is %q, not completed: expected a completed AssemblyAI transcript", clip(doc.Status))
		if doc.Error != "" {
			msg += " (AssemblyAI says: " + clipTo(doc.Error, 200) + ")"
		}
		return "", &pushback.InputError{Path: "$.status", Msg: msg}
	}
	names := speakerNames{}
	phrasesOf := func(list []aaiPhrase) {
		for i := range list {
			p := &list[i]
			out.add(names.name(p.Speaker), p.Start.millis(), p.End.millis(), p.Text)
		}
	}
	switch {
	case len(doc.Utterances) > 0:
		phrasesOf(doc.Utterances)
	case len(doc.Sentences) > 0:
		phrasesOf(doc.Sentences)
	case len(doc.Paragraphs) > 0:
		phrasesOf(doc.Paragraphs)
	case len(doc.Words) > 0:
		words := make([]word, len(doc.Words))
		for i := range doc.Words {
			w := &doc.Words[i]
			words[i] = word{speaker: names.name(w.Speaker), start: w.Start.millis(), end: w.End.millis(), text: w.Text}
		}
		phrases(words, out)
	case doc.Text != nil:
		out.add("", pushback.NoTime, pushback.NoTime, *doc.Text)
	}
	return "assemblyai", nil
}

// speakerNames turns service labels into "Speaker X", making each name once.
type speakerNames map[string]string

func (n speakerNames) name(l label) string {
	if !l.ok || l.s == "" {
		return ""
	}
	name, ok := n[l.s]
	if !ok {
		name = "Speaker " + l.s
		n[l.s] = name
	}
	return name
}
