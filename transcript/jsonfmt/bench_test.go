package jsonfmt_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/jsonfmt"
)

// benchSize is the size of the generated documents: a long call, as a
// service returns it.
const benchSize = 4 << 20

var benchLines = []string{
	"Hi Bob, thanks for making time today.",
	"Sure. I only have twenty minutes, so let's keep it tight.",
	"Last time you mentioned the renewal is coming up in March.",
	"Honestly, you guys will probably jack up the price after the first year.",
	"Bob, I see that a bit differently. Would you be okay if I challenged that?",
	"Go ahead.",
	"Annual plans lock the price for three years, so the number you sign is the number you pay.",
	"That's not what we heard from your competitor about you.",
}

// benchWord is one word of a generated call between two speakers who take
// turns every line.
type benchWord struct {
	speaker    int
	start, end float64
	text       string
	last       bool // last word of its line
}

func benchCall(n int) []benchWord {
	words := make([]benchWord, 0, n)
	at := 0.5
	for line := 0; len(words) < n; line++ {
		ws := strings.Fields(benchLines[line%len(benchLines)])
		for i, w := range ws {
			end := at + 0.12 + float64(len(w))*0.04
			words = append(words, benchWord{speaker: line % 2, start: at, end: end, text: w, last: i == len(ws)-1})
			at = end + 0.03
		}
		at += 0.6
	}
	return words
}

// lines groups words back into lines.
func lines(words []benchWord) [][]benchWord {
	var out [][]benchWord
	first := 0
	for i, w := range words {
		if w.last || i == len(words)-1 {
			out = append(out, words[first:i+1])
			first = i + 1
		}
	}
	return out
}

type jsonWriter struct{ bytes.Buffer }

func (w *jsonWriter) num(f float64) { w.WriteString(strconv.FormatFloat(f, 'f', 3, 64)) }
func (w *jsonWriter) ms(f float64)  { w.WriteString(strconv.Itoa(int(f * 1000))) }
func (w *jsonWriter) str(s string)  { w.WriteString(strconv.Quote(s)) }
func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.WriteByte(',')
	}
}

func joinWords(ws []benchWord) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, " ")
}

var benchWriters = map[string]func(w *jsonWriter, words []benchWord){
	"whisper": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"task":"transcribe","language":"english","duration":0,"text":"","segments":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"id":` + strconv.Itoa(i) + `,"seek":0,"start":`)
			w.num(l[0].start)
			w.WriteString(`,"end":`)
			w.num(l[len(l)-1].end)
			w.WriteString(`,"text":`)
			w.str(" " + joinWords(l))
			w.WriteString(`,"tokens":[50364,1044,2148,11,3231,337,1455,565,965,13,50500],"temperature":0.0,"avg_logprob":-0.21,"compression_ratio":1.31,"no_speech_prob":0.01,"words":[`)
			for j, x := range l {
				w.comma(j)
				w.WriteString(`{"word":`)
				w.str(" " + x.text)
				w.WriteString(`,"start":`)
				w.num(x.start)
				w.WriteString(`,"end":`)
				w.num(x.end)
				w.WriteString(`,"probability":0.93}`)
			}
			w.WriteString(`]}`)
		}
		w.WriteString(`]}`)
	},
	"whisperx": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"segments":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"start":`)
			w.num(l[0].start)
			w.WriteString(`,"end":`)
			w.num(l[len(l)-1].end)
			w.WriteString(`,"text":`)
			w.str(" " + joinWords(l))
			w.WriteString(`,"words":[`)
			for j, x := range l {
				w.comma(j)
				w.WriteString(`{"word":`)
				w.str(x.text)
				w.WriteString(`,"start":`)
				w.num(x.start)
				w.WriteString(`,"end":`)
				w.num(x.end)
				w.WriteString(`,"score":0.912,"speaker":"SPEAKER_0` + strconv.Itoa(x.speaker) + `"}`)
			}
			w.WriteString(`],"speaker":"SPEAKER_0` + strconv.Itoa(l[0].speaker) + `"}`)
		}
		w.WriteString(`],"word_segments":[],"language":"en"}`)
	},
	"whisper-cpp": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"systeminfo":"AVX = 1","model":{"type":"small"},"params":{"model":"ggml-small.en.bin","language":"en","translate":false},"result":{"language":"en"},"transcription":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"timestamps":{"from":"00:00:00,000","to":"00:00:00,000"},"offsets":{"from":`)
			w.ms(l[0].start)
			w.WriteString(`,"to":`)
			w.ms(l[len(l)-1].end)
			w.WriteString(`},"text":`)
			w.str(" " + joinWords(l))
			w.WriteString(`}`)
		}
		w.WriteString(`]}`)
	},
	"deepgram": func(w *jsonWriter, words []benchWord) {
		dgWord := func(x benchWord) {
			w.WriteString(`{"word":`)
			w.str(strings.ToLower(strings.Trim(x.text, ".,?!")))
			w.WriteString(`,"start":`)
			w.num(x.start)
			w.WriteString(`,"end":`)
			w.num(x.end)
			w.WriteString(`,"confidence":0.99,"speaker":` + strconv.Itoa(x.speaker) + `,"speaker_confidence":0.8,"punctuated_word":`)
			w.str(x.text)
			w.WriteString(`}`)
		}
		w.WriteString(`{"metadata":{"request_id":"r","channels":1},"results":{"channels":[{"alternatives":[{"transcript":"","confidence":0.99,"words":[`)
		for i, x := range words {
			w.comma(i)
			dgWord(x)
		}
		w.WriteString(`]}]}],"utterances":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"start":`)
			w.num(l[0].start)
			w.WriteString(`,"end":`)
			w.num(l[len(l)-1].end)
			w.WriteString(`,"confidence":0.98,"channel":0,"transcript":`)
			w.str(joinWords(l))
			w.WriteString(`,"words":[`)
			for j, x := range l {
				w.comma(j)
				dgWord(x)
			}
			w.WriteString(`],"speaker":` + strconv.Itoa(l[0].speaker) + `,"id":"d3bb4463-e3aa-4411-a664-85f3685e03f9"}`)
		}
		w.WriteString(`]}}`)
	},
	"assemblyai": func(w *jsonWriter, words []benchWord) {
		aaiWord := func(x benchWord) {
			w.WriteString(`{"text":`)
			w.str(x.text)
			w.WriteString(`,"start":`)
			w.ms(x.start)
			w.WriteString(`,"end":`)
			w.ms(x.end)
			w.WriteString(`,"confidence":0.97,"speaker":"` + string(rune('A'+x.speaker)) + `"}`)
		}
		w.WriteString(`{"id":"x","status":"completed","audio_url":"https://example.com/a.mp3","text":"","words":[`)
		for i, x := range words {
			w.comma(i)
			aaiWord(x)
		}
		w.WriteString(`],"utterances":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"confidence":0.95,"end":`)
			w.ms(l[len(l)-1].end)
			w.WriteString(`,"speaker":"` + string(rune('A'+l[0].speaker)) + `","start":`)
			w.ms(l[0].start)
			w.WriteString(`,"text":`)
			w.str(joinWords(l))
			w.WriteString(`,"words":[`)
			for j, x := range l {
				w.comma(j)
				aaiWord(x)
			}
			w.WriteString(`]}`)
		}
		w.WriteString(`],"speaker_labels":true}`)
	},
	"aws-transcribe": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"jobName":"j","accountId":"1","results":{"transcripts":[{"transcript":""}],"speaker_labels":{"speakers":2,"segments":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"start_time":"`)
			w.num(l[0].start)
			w.WriteString(`","speaker_label":"spk_` + strconv.Itoa(l[0].speaker) + `","end_time":"`)
			w.num(l[len(l)-1].end)
			w.WriteString(`","items":[`)
			for j, x := range l {
				w.comma(j)
				w.WriteString(`{"start_time":"`)
				w.num(x.start)
				w.WriteString(`","speaker_label":"spk_` + strconv.Itoa(x.speaker) + `","end_time":"`)
				w.num(x.end)
				w.WriteString(`"}`)
			}
			w.WriteString(`]}`)
		}
		w.WriteString(`]},"items":[`)
		for i, x := range words {
			w.comma(i)
			text, punct := x.text, ""
			if t := strings.TrimRight(text, ".,?!"); t != text {
				text, punct = t, text[len(t):]
			}
			w.WriteString(`{"start_time":"`)
			w.num(x.start)
			w.WriteString(`","end_time":"`)
			w.num(x.end)
			w.WriteString(`","alternatives":[{"confidence":"0.99","content":`)
			w.str(text)
			w.WriteString(`}],"type":"pronunciation"}`)
			if punct != "" {
				w.WriteString(`,{"alternatives":[{"confidence":"0.0","content":`)
				w.str(punct)
				w.WriteString(`}],"type":"punctuation"}`)
			}
		}
		w.WriteString(`]},"status":"COMPLETED"}`)
	},
	"revai": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"monologues":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"speaker":` + strconv.Itoa(l[0].speaker) + `,"elements":[`)
			for j, x := range l {
				if j > 0 {
					w.WriteString(`,{"type":"punct","value":" "},`)
				}
				w.WriteString(`{"type":"text","value":`)
				w.str(x.text)
				w.WriteString(`,"ts":`)
				w.num(x.start)
				w.WriteString(`,"end_ts":`)
				w.num(x.end)
				w.WriteString(`,"confidence":0.97}`)
			}
			w.WriteString(`]}`)
		}
		w.WriteString(`]}`)
	},
	"gong": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"requestId":"r","records":{"totalRecords":1},"callTranscripts":[{"callId":"7782342274025937895","transcript":[`)
		for i, l := range lines(words) {
			w.comma(i)
			w.WriteString(`{"speakerId":"643234567855553006` + strconv.Itoa(l[0].speaker) + `","topic":"Pricing","sentences":[{"start":`)
			w.ms(l[0].start)
			w.WriteString(`,"end":`)
			w.ms(l[len(l)-1].end)
			w.WriteString(`,"text":`)
			w.str(joinWords(l))
			w.WriteString(`}]}`)
		}
		w.WriteString(`]}]}`)
	},
	"fireflies": func(w *jsonWriter, words []benchWord) {
		w.WriteString(`{"data":{"transcript":{"id":"t","title":"Renewal","sentences":[`)
		for i, l := range lines(words) {
			w.comma(i)
			text := joinWords(l)
			w.WriteString(`{"index":` + strconv.Itoa(i) + `,"speaker_name":"` + [2]string{"Dana Reyes", "Bob Stone"}[l[0].speaker] + `","speaker_id":` + strconv.Itoa(l[0].speaker) + `,"text":`)
			w.str(text)
			w.WriteString(`,"raw_text":`)
			w.str(text)
			w.WriteString(`,"start_time":`)
			w.num(l[0].start)
			w.WriteString(`,"end_time":`)
			w.num(l[len(l)-1].end)
			w.WriteString(`}`)
		}
		w.WriteString(`]}}}`)
	},
}

// benchDoc generates a document of about benchSize bytes in the format.
func benchDoc(id string) []byte {
	write := benchWriters[id]
	var probe jsonWriter
	write(&probe, benchCall(1000))
	n := int(float64(benchSize) / float64(probe.Len()) * 1000)
	var w jsonWriter
	write(&w, benchCall(n))
	return w.Bytes()
}

func BenchmarkRead(b *testing.B) {
	for _, f := range jsonfmt.Formats {
		b.Run(f.ID, func(b *testing.B) {
			data := benchDoc(f.ID)
			segs, id, err := read(data, "")
			if err != nil || id != f.ID || len(segs) == 0 {
				b.Fatalf("generated %s document: read %q, %d segments, %v", f.ID, id, len(segs), err)
			}
			emit := func(pushback.Segment) error { return nil }
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := jsonfmt.Read(bytes.NewReader(data), "", emit); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBenchDocs keeps the benchmark documents honest: each reads as its
// format, with both speakers.
func TestBenchDocs(t *testing.T) {
	for id, write := range benchWriters {
		var w jsonWriter
		write(&w, benchCall(200))
		segs, got, err := read(w.Bytes(), "")
		if err != nil || got != id {
			t.Errorf("%s: read as %q: %v", id, got, err)
			continue
		}
		checkInvariants(t, segs)
		if n := len(speakersOf(segs)); n != 2 && id != "whisper" && id != "whisper-cpp" {
			t.Errorf("%s: %d speakers, want 2", id, n)
		}
	}
}
