package live

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
)

// wordsPerSecond paces speech that carries no times: about 150 words a minute.
const wordsPerSecond = 2.5

// Entry is one input of a recorded session: the decoded message (or the
// error reading its line) and when in the call it comes.
type Entry struct {
	At   pushback.Seconds
	Line int
	Msg  Message
	Err  error
}

// LooksLikeRecording reports whether head (the start of a file) is a
// recorded session, input lines whose first non-blank one is a JSON
// object, rather than a transcript for the batch reader.
func LooksLikeRecording(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")))
		if len(line) == 0 {
			continue
		}
		if line[0] != '{' {
			return false
		}
		_, err := ParseLine(line)
		return err == nil
	}
	return false
}

// ReadRecording reads a recorded session: input lines of any kind Decode
// reads. Each comes at its end time (else its start time); a line with
// neither comes after the one before, as long after as its words take to say.
func ReadRecording(r io.Reader) ([]Entry, error) {
	ch := make(chan inputLine, 16)
	go readLines(context.Background(), r, ch)
	var dec Decoder
	var entries []Entry
	at := pushback.Seconds(0)
	for l := range ch {
		if l.err != nil {
			return nil, l.err
		}
		e := Entry{Line: l.n}
		switch {
		case l.tooLong:
			e.Err = fmt.Errorf("line longer than %d bytes: skipped", MaxLine)
		default:
			e.Msg, e.Err = dec.Decode(l.data)
		}
		if e.Err == nil && e.Msg.Kind == Skip {
			continue
		}
		if e.Msg.Kind == Speech {
			at = speechTime(e.Msg.Utterances, at)
		}
		e.At = at
		entries = append(entries, e)
	}
	return entries, nil
}

// speechTime is when utterances come, given that the input before came at prev.
func speechTime(us []Utterance, prev pushback.Seconds) pushback.Seconds {
	t := pushback.NoTime
	words := 0
	for _, u := range us {
		t = max(t, utteranceTime(u, func() pushback.Seconds { return pushback.NoTime }))
		words += len(strings.Fields(u.Text))
	}
	if !t.Known() {
		return prev + pushback.Seconds(float64(words)/wordsPerSecond)
	}
	return max(t, prev)
}

// FromCall turns a call read by the batch reader into a session to replay:
// each turn's sentences are final utterances of its speaker, the first
// carrying the turn's start (and its role, unless the roles were guessed)
// and the last its end, so the session rebuilds the same turns; they come
// spread over the turn's time.
func FromCall(call *pushback.Call) []Entry {
	// Roles not guessed came from the format (or from --rep, which the
	// session is told again): the first utterance of each turn carries them.
	sided := !call.RolesGuessed
	var entries []Entry
	at := pushback.Seconds(0)
	for ti, t := range call.Turns {
		parts := replayParts(t.Text)
		start, end := t.Start, t.End
		if !start.Known() {
			start = at
		}
		if !end.Known() || end < start {
			end = start + pushback.Seconds(float64(len(strings.Fields(t.Text)))/wordsPerSecond)
			if ti+1 < len(call.Turns) && call.Turns[ti+1].Start.Known() && call.Turns[ti+1].Start > start {
				end = call.Turns[ti+1].Start
			}
		}
		done := 0
		for k, p := range parts {
			u := Utterance{Speaker: t.Speaker, Text: p, Start: pushback.NoTime, End: pushback.NoTime, Final: true}
			if k == 0 {
				u.Start = t.Start
				if sided {
					u.Role = t.Role // the format gave the sides (Gong's affiliation)
				}
			}
			if k == len(parts)-1 {
				u.End = t.End
			}
			done += len(p) + 1
			at = max(at, start+(end-start)*pushback.Seconds(float64(done)/float64(len(t.Text)+1)))
			entries = append(entries, Entry{At: at, Line: len(entries) + 1,
				Msg: Message{Kind: Speech, Input: KindJSON, Utterances: []Utterance{u}}})
		}
	}
	return entries
}

// replayParts splits a turn's text into sentences when they join back into
// it, else keeps it whole.
func replayParts(text string) []string {
	parts := lang.Sentences(text)
	if len(parts) == 0 || strings.Join(parts, " ") != text {
		return []string{text}
	}
	return parts
}

// Replay feeds entries to s at their times, speed times faster than the
// call went (0: as fast as possible), passing each entry's events to emit,
// then ends the session. Input without times gets the entry's time as its
// call time.
func Replay(ctx context.Context, entries []Entry, speed float64, s *Session, emit func([]Event) error) error {
	var now pushback.Seconds
	if s.opts.Elapsed == nil {
		s.opts.Elapsed = func() pushback.Seconds { return now }
	}
	began := time.Now()
	var first pushback.Seconds
	if len(entries) > 0 {
		first = entries[0].At
	}
	for _, e := range entries {
		if speed > 0 {
			due := began.Add(time.Duration(float64(e.At-first) / speed * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-ctx.Done():
					t.Stop()
					return emit(s.End(0, time.Time{}))
				case <-t.C:
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
		now = e.At
		arrived := time.Now()
		var events []Event
		if e.Err != nil {
			events = s.InputError(e.Line, e.Err, arrived)
		} else {
			events = s.Handle(e.Msg, e.Line, arrived)
		}
		if err := emit(events); err != nil {
			return err
		}
		if e.Msg.Kind == End {
			return nil
		}
	}
	return emit(s.End(0, time.Time{}))
}
