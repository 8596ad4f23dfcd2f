package jsonfmt

import (
	"sort"
	"strings"

	"github.com/pushback-coach/pushback"
)

// segments collects what a reader found, so it can be put in time order before
// it is emitted: several formats list one channel after the other.
type segments []pushback.Segment

// add appends a segment; empty text is dropped and an end before the start
// is treated as unknown.
func (s *segments) add(speaker string, start, end pushback.Seconds, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	if !start.Known() {
		start = pushback.NoTime
	}
	if !end.Known() || start.Known() && end < start {
		end = pushback.NoTime
	}
	*s = append(*s, pushback.Segment{Speaker: speaker, Start: start, End: end, Text: text})
}

// emit calls emit for every segment, in order of start time when every
// segment has one (a stable sort: equal starts keep the document's order),
// else in the document's order.
func (s segments) emit(emit func(pushback.Segment) error) error {
	timed, sorted := true, true
	for i, seg := range s {
		if !seg.Start.Known() {
			timed = false
			break
		}
		if i > 0 && seg.Start < s[i-1].Start {
			sorted = false
		}
	}
	if timed && !sorted {
		sort.SliceStable(s, func(i, j int) bool { return s[i].Start < s[j].Start })
	}
	for _, seg := range s {
		if err := emit(seg); err != nil {
			return err
		}
	}
	return nil
}

// word is one timed word of a word-level transcript, already named with the
// speaker Pushback will show.
type word struct {
	speaker    string
	start, end pushback.Seconds
	text       string
}

// phrases groups words into segments: a new segment starts where the speaker
// changes and after a word that ends a sentence, so that segments stay short
// and their times precise even when a service gives no speakers.
func phrases(words []word, out *segments) {
	var b strings.Builder
	first := 0
	flush := func(last int) {
		if b.Len() == 0 {
			return
		}
		start, end := pushback.NoTime, pushback.NoTime
		for i := first; i <= last; i++ {
			if words[i].start.Known() {
				start = words[i].start
				break
			}
		}
		for i := last; i >= first; i-- {
			if words[i].end.Known() {
				end = words[i].end
				break
			}
		}
		out.add(words[first].speaker, start, end, b.String())
		b.Reset()
	}
	for i, w := range words {
		text := strings.TrimSpace(w.text)
		if i > 0 && w.speaker != words[i-1].speaker {
			flush(i - 1)
			first = i
		}
		if text == "" {
			continue
		}
		if b.Len() == 0 {
			first = i
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(text)
		if endsSentence(text) {
			flush(i)
			first = i + 1
		}
	}
	if len(words) > 0 {
		flush(len(words) - 1)
	}
}

// endsSentence reports whether a word ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(w string) bool {
	w = strings.TrimRight(w, "\"')]}»”’")
	if w == "" {
		return false
	}
	switch w[len(w)-1] {
	case '.', '?', '!':
		return true
	}
	return strings.HasSuffix(w, "…") || strings.HasSuffix(w, "。") || strings.HasSuffix(w, "？") || strings.HasSuffix(w, "！")
}

// merge interleaves the words of several channels by start time. A word
// without a time sorts with the word before it in its channel; equal times
// keep the channels' order.
func merge(channels [][]word) []word {
	type keyed struct {
		at pushback.Seconds
		w  word
	}
	var all []keyed
	for _, ch := range channels {
		at := pushback.Seconds(0)
		for _, w := range ch {
			if w.start.Known() {
				at = w.start
			}
			all = append(all, keyed{at, w})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
	words := make([]word, len(all))
	for i, k := range all {
		words[i] = k.w
	}
	return words
}
