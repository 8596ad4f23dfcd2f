package jsonfmt

import (
	"math"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
)

// awsDoc is an Amazon Transcribe batch job's output: {jobName, results:
// {transcripts[{transcript}], items[{type pronunciation|punctuation,
// start_time, end_time, alternatives[{content}], speaker_label?}],
// speaker_labels?{segments[{speaker_label, start_time, end_time,
// items[{start_time, speaker_label}]}]}, channel_labels?{channels[
// {channel_label, items[...]}]}}}. Times are strings in seconds; punctuation
// items have none.
type awsDoc struct {
	Results *struct {
		Transcripts []struct {
			Transcript string `json:"transcript"`
		} `json:"transcripts"`
		Items         []awsItem `json:"items"`
		SpeakerLabels *struct {
			Segments []struct {
				SpeakerLabel string `json:"speaker_label"`
				Items        []struct {
					StartTime    number `json:"start_time"`
					SpeakerLabel string `json:"speaker_label"`
				} `json:"items"`
			} `json:"segments"`
		} `json:"speaker_labels"`
		ChannelLabels *struct {
			Channels []struct {
				ChannelLabel string    `json:"channel_label"`
				Items        []awsItem `json:"items"`
			} `json:"channels"`
		} `json:"channel_labels"`
	} `json:"results"`
}

type awsItem struct {
	Type         string `json:"type"`
	StartTime    number `json:"start_time"`
	EndTime      number `json:"end_time"`
	SpeakerLabel string `json:"speaker_label"`
	Alternatives []struct {
		Content string `json:"content"`
	} `json:"alternatives"`
}

// readAWS reads speaker-labelled items (speaker spk_0) when the job had
// ShowSpeakerLabels, each channel's items (speaker ch_0) merged by time when
// it had ChannelIdentification, else the items unnamed, else the transcript
// text as one segment without times. Punctuation joins the word before it.
func readAWS(data []byte, _ string, out *segments) (string, error) {
	var doc awsDoc
	if err := unmarshal(data, &doc); err != nil {
		return "", err
	}
	res := doc.Results
	if res == nil {
		return "", missing("$.results", "an Amazon Transcribe results object")
	}
	switch {
	case res.ChannelLabels != nil && len(res.ChannelLabels.Channels) > 0:
		channels := make([][]word, 0, len(res.ChannelLabels.Channels))
		for i, ch := range res.ChannelLabels.Channels {
			name := ch.ChannelLabel
			if name == "" {
				name = "ch_" + strconv.Itoa(i)
			}
			channels = append(channels, awsWords(ch.Items, func(*awsItem) string { return name }))
		}
		phrases(merge(channels), out)
	case len(res.Items) > 0:
		speakerAt := map[int64]string{}
		if res.SpeakerLabels != nil {
			for _, seg := range res.SpeakerLabels.Segments {
				for _, it := range seg.Items {
					speaker := it.SpeakerLabel
					if speaker == "" {
						speaker = seg.SpeakerLabel
					}
					if it.StartTime.ok {
						speakerAt[millisKey(it.StartTime.v)] = speaker
					}
				}
			}
		}
		last := ""
		if res.SpeakerLabels != nil && len(res.SpeakerLabels.Segments) > 0 {
			last = res.SpeakerLabels.Segments[0].SpeakerLabel
		}
		speakerOf := func(it *awsItem) string {
			switch s, ok := speakerAt[millisKey(it.StartTime.v)]; {
			case it.SpeakerLabel != "":
				last = it.SpeakerLabel
			case ok && it.StartTime.ok:
				last = s
			}
			return last
		}
		phrases(awsWords(res.Items, speakerOf), out)
	default:
		if res.Transcripts == nil && res.Items == nil {
			return "", missing("$.results.items", "Amazon Transcribe's items or transcripts")
		}
		var text []string
		for _, t := range res.Transcripts {
			text = append(text, t.Transcript)
		}
		out.add("", pushback.NoTime, pushback.NoTime, strings.Join(text, " "))
	}
	return "aws-transcribe", nil
}

// awsWords turns items into words; punctuation joins the word before it.
func awsWords(items []awsItem, speakerOf func(*awsItem) string) []word {
	words := make([]word, 0, len(items))
	for i := range items {
		it := &items[i]
		if len(it.Alternatives) == 0 {
			continue
		}
		content := it.Alternatives[0].Content
		if strings.EqualFold(it.Type, "punctuation") {
			if n := len(words); n > 0 {
				words[n-1].text += content
			}
			continue
		}
		words = append(words, word{speaker: speakerOf(it), start: it.StartTime.seconds(), end: it.EndTime.seconds(), text: content})
	}
	return words
}

// millisKey makes a map key of a time so that "0.49" and "0.490" match.
func millisKey(seconds float64) int64 {
	return int64(math.Round(seconds * 1000))
}
