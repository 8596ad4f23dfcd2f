package jsonfmt

import (
	"strconv"

	"github.com/pushback-coach/pushback"
)

// dgDoc is a Deepgram /v1/listen pre-recorded response: {metadata, results:
// {channels[{alternatives[{transcript, words[{word, punctuated_word?, start,
// end, speaker?}]}]}], utterances?[{start, end, channel, transcript,
// speaker?}]}}.
type dgDoc struct {
	Results *struct {
		Channels   []dgChannel   `json:"channels"`
		Utterances []dgUtterance `json:"utterances"`
	} `json:"results"`
}

type dgChannel struct {
	Alternatives []struct {
		Transcript string   `json:"transcript"`
		Words      []dgWord `json:"words"`
	} `json:"alternatives"`
}

type dgWord struct {
	Word           string `json:"word"`
	PunctuatedWord string `json:"punctuated_word"`
	Start          number `json:"start"`
	End            number `json:"end"`
	Speaker        label  `json:"speaker"`
}

type dgUtterance struct {
	Start      number `json:"start"`
	End        number `json:"end"`
	Channel    label  `json:"channel"`
	Transcript string `json:"transcript"`
	Speaker    label  `json:"speaker"`
}

// readDeepgram prefers utterances (diarised speech already cut into turns),
// else the words of each channel's first alternative. Speakers are named
// "Speaker N" from the diarised speaker number. With several channels
// (multichannel=true, e.g. a stereo call recording) speakers are named by
// channel, "Channel 0", "Channel 1" (with " Speaker N" added where
// diarisation found several people on one channel, since Deepgram numbers
// speakers per channel), and the channels are merged by time. Without any
// speakers, a single channel is unnamed.
func readDeepgram(data []byte, _ string, out *segments) (string, error) {
	var doc dgDoc
	if err := unmarshal(data, &doc); err != nil {
		return "", err
	}
	if doc.Results == nil {
		return "", missing("$.results", "a Deepgram results object with channels")
	}
	if doc.Results.Channels == nil && doc.Results.Utterances == nil {
		return "", missing("$.results.channels", "Deepgram's channels array")
	}
	names := newChannelNames(len(doc.Results.Channels))
	if len(doc.Results.Utterances) > 0 {
		for _, u := range doc.Results.Utterances {
			names.see(u.Channel.s, u.Speaker)
		}
		for _, u := range doc.Results.Utterances {
			out.add(names.name(u.Channel.s, u.Speaker), u.Start.seconds(), u.End.seconds(), u.Transcript)
		}
		return "deepgram", nil
	}
	var channels [][]word
	for c, ch := range doc.Results.Channels {
		if len(ch.Alternatives) == 0 {
			continue
		}
		for _, w := range ch.Alternatives[0].Words {
			names.see(strconv.Itoa(c), w.Speaker)
		}
	}
	for c, ch := range doc.Results.Channels {
		if len(ch.Alternatives) == 0 {
			continue
		}
		alt := &ch.Alternatives[0]
		channel := strconv.Itoa(c)
		if len(alt.Words) == 0 {
			out.add(names.name(channel, label{}), pushback.NoTime, pushback.NoTime, alt.Transcript)
			continue
		}
		words := make([]word, len(alt.Words))
		for i := range alt.Words {
			w := &alt.Words[i]
			text := w.PunctuatedWord
			if text == "" {
				text = w.Word
			}
			words[i] = word{speaker: names.name(channel, w.Speaker), start: w.Start.seconds(), end: w.End.seconds(), text: text}
		}
		channels = append(channels, words)
	}
	phrases(merge(channels), out)
	return "deepgram", nil
}

// channelNames names Deepgram speakers, knowing how many channels there are
// and how many speakers each has.
type channelNames struct {
	channels int
	speakers map[string]map[string]bool // channel -> speakers seen on it
	names    map[[2]string]string       // (channel, speaker) -> name, made once
}

func newChannelNames(channels int) *channelNames {
	return &channelNames{channels: channels, speakers: map[string]map[string]bool{}, names: map[[2]string]string{}}
}

func (n *channelNames) see(channel string, speaker label) {
	if n.speakers[channel] == nil {
		n.speakers[channel] = map[string]bool{}
		if len(n.speakers) > n.channels {
			n.channels = len(n.speakers)
		}
	}
	if speaker.ok {
		n.speakers[channel][speaker.s] = true
	}
}

func (n *channelNames) name(channel string, speaker label) string {
	if !speaker.ok {
		speaker.s = "\x00" // no speaker: never a label a service writes
	}
	key := [2]string{channel, speaker.s}
	if name, ok := n.names[key]; ok {
		return name
	}
	name := ""
	switch {
	case n.channels > 1:
		if channel == "" {
			channel = "0"
		}
		name = "Channel " + channel
		if speaker.ok && len(n.speakers[key[0]]) > 1 {
			name += " Speaker " + speaker.s
		}
	case speaker.ok:
		name = "Speaker " + speaker.s
	}
	n.names[key] = name
	return name
}
