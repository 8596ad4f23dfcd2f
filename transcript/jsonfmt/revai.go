package jsonfmt

import (
	"strings"

	"github.com/pushback-coach/pushback"
)

// revDoc is a Rev.ai transcript (application/vnd.rev.transcript.v1.0+json):
// {monologues[{speaker, speaker_name?, elements[{type text|punct|unknown,
// value, ts, end_ts, confidence}]}]}. Times are seconds; punct elements carry
// the spaces and punctuation between words.
type revDoc struct {
	Monologues []struct {
		Speaker     label  `json:"speaker"`
		SpeakerName string `json:"speaker_name"`
		Elements    []struct {
			Type  string `json:"type"`
			Value string `json:"value"`
			TS    number `json:"ts"`
			EndTS number `json:"end_ts"`
		} `json:"elements"`
	} `json:"monologues"`
}

// readRevai emits one segment per monologue, named by speaker_name when Rev
// knows it, else "Speaker N". Elements of type unknown (<inaudible>) are left
// out of the text.
func readRevai(data []byte, _ string, out *segments) (string, error) {
	var doc revDoc
	if err := unmarshal(data, &doc); err != nil {
		return "", err
	}
	if doc.Monologues == nil {
		return "", missing("$.monologues", "Rev.ai's monologues array")
	}
	names := speakerNames{}
	var text strings.Builder
	for _, m := range doc.Monologues {
		speaker := strings.TrimSpace(m.SpeakerName)
		if speaker == "" {
			speaker = names.name(m.Speaker)
		}
		start, end := pushback.NoTime, pushback.NoTime
		text.Reset()
		for _, e := range m.Elements {
			switch e.Type {
			case "text":
				if t := e.TS.seconds(); !start.Known() && t.Known() {
					start = t
				}
				if t := e.EndTS.seconds(); t.Known() {
					end = t
				}
			case "punct":
			default:
				continue
			}
			text.WriteString(e.Value)
		}
		// Rev writes the spaces as punct elements; left-out elements leave
		// doubled ones.
		out.add(speaker, start, end, strings.Join(strings.Fields(text.String()), " "))
	}
	return "revai", nil
}
