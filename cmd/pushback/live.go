package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/live"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/transcript"
)

func init() { register(newLiveCmd) }

func newLiveCmd(e *env) *cobra.Command {
	var reps []string
	var pbPath, format, replay, save, title string
	var speed float64
	c := &cobra.Command{
		Use:   "live [--rep NAME]... [--playbook FILE] [--format text|jsonl] [--replay FILE [--speed N]] [--save FILE]",
		Short: "Nudge the rep during the call: read a call as it happens, print push-back cards",
		Long: `Read a call as it happens from standard input and nudge the rep the moment the
prospect says something worth pushing back on: a card with what they said, the
kind of moment, a warning-and-permission line to say and the fact to share.
Once the rep has answered, one line of feedback; at the end, the call's scores.

Each input line is one of:
  Name: text                                   a final utterance
  {"speaker","text","start","end","is_final"}  an utterance (is_final defaults to true)
  a Deepgram streaming message                 {"type":"Results",...}, interim and final
  an AssemblyAI streaming message              v3 {"type":"Turn",...} or v2 Partial/FinalTranscript
  {"type":"start","rep":[...],"title":...}     first: who the reps are
  {"type":"end"}                               the call is over (so is end of input)

Interim results may show a provisional nudge, confirmed or withdrawn by the
final words. A line that cannot be read is reported and skipped. --format
jsonl prints the pushback.live/v1 events (docs/live.md). --replay plays a
recorded session (JSON lines) or any transcript file, paced by its times.`,
		Example: `  pushback live --rep "Dana Reyes" --playbook acme.yaml < call-stream.jsonl
  my-stt-bridge | pushback live --rep Dana --format jsonl
  pushback live --replay examples/live-session.jsonl --speed 10
  pushback live --replay call.vtt --rep "Dana Reyes" --speed 0 --save analysis.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "jsonl"); err != nil {
				return err
			}
			if speed < 0 {
				return usagef("--speed %g: expected 0 (as fast as possible) or more", speed)
			}
			if cmd.Flags().Changed("speed") && replay == "" {
				return usagef("--speed goes with --replay")
			}
			pb, err := playbook.Load(pbPath)
			if err != nil {
				return err
			}
			eng, err := engine.New(pb)
			if err != nil {
				return err
			}
			opts := live.Options{Reps: reps, Source: title}
			var entries []live.Entry
			if replay != "" {
				if entries, err = readReplay(replay, &opts); err != nil {
					return err
				}
			}
			s := live.New(eng, opts)
			out := bufio.NewWriter(e.stdout)
			w := &liveWriter{out: out, stderr: e.stderr, jsonl: format == "jsonl", colour: wantColour(e.stdout),
				enc: live.NewEncoder(out), input: inputName(replay)}
			hello := s.Hello("")
			if err := w.write([]live.Event{hello}, pb, reps); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			emit := func(events []live.Event) error { return w.write(events, pb, reps) }
			if replay != "" {
				err = live.Replay(ctx, entries, speed, s, emit)
			} else {
				err = live.Run(ctx, e.stdin, s, emit)
			}
			if err != nil {
				return err
			}
			if save != "" && s.Analysis() != nil {
				if err := saveAnalysis(save, s.Analysis()); err != nil {
					return err
				}
			}
			return nil
		},
	}
	c.Flags().StringArrayVar(&reps, "rep", nil, "a seller-side speaker (repeatable; case-insensitive; a first name or email-style id matches)")
	c.Flags().StringVar(&pbPath, "playbook", "", "a team playbook (YAML) merged over the built-in one")
	c.Flags().StringVar(&format, "format", "text", "output: text (cards) or jsonl (pushback.live/v1 events)")
	c.Flags().StringVar(&replay, "replay", "", "play a recorded session (JSON lines) or a transcript file instead of reading standard input")
	c.Flags().Float64Var(&speed, "speed", 1, "with --replay: play N times faster (0: as fast as possible)")
	c.Flags().StringVar(&save, "save", "", "write the final analysis (pushback.analysis/v1 JSON) to this file")
	c.Flags().StringVar(&title, "title", "", "the call's name in the analysis (default: a replayed transcript's path, a start message's title, else \"live\")")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "jsonl"))
	return c
}

func inputName(replay string) string {
	if replay == "" {
		return "<stdin>"
	}
	return replay
}

// readReplay reads a recorded session, or a transcript the batch reader
// reads, whose source and format the analysis then keeps.
func readReplay(path string, opts *live.Options) ([]live.Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &pushback.InputError{File: path, Msg: "cannot open: " + strings.TrimPrefix(err.Error(), "open "+path+": ")}
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	if live.LooksLikeRecording(head[:n]) {
		entries, err := live.ReadRecording(io.MultiReader(bytes.NewReader(head[:n]), f))
		if err != nil {
			return nil, &pushback.InputError{File: path, Msg: err.Error()}
		}
		return entries, nil
	}
	call, err := transcript.ParseFile(path, transcript.Options{})
	if err != nil {
		return nil, err
	}
	// As pushback analyze names the call, so the saved analysis is the same.
	if opts.Source == "" {
		opts.Source = path
	}
	opts.Format = call.Format
	return live.FromCall(call), nil
}

func saveAnalysis(path string, a *pushback.Analysis) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--save %s: %w", path, err)
	}
	if err := writeJSON(f, a); err != nil {
		f.Close()
		return fmt.Errorf("--save %s: %w", path, err)
	}
	return f.Close()
}

// liveWriter prints events as JSON lines or as compact cards.
type liveWriter struct {
	out    *bufio.Writer
	stderr io.Writer
	enc    *live.Encoder
	jsonl  bool
	colour bool
	input  string
}

func (w *liveWriter) write(events []live.Event, pb *pushback.Playbook, reps []string) error {
	for i := range events {
		ev := &events[i]
		if w.jsonl {
			if err := w.enc.Encode(ev); err != nil {
				return err
			}
			continue
		}
		w.card(ev, pb, reps)
	}
	return w.out.Flush()
}

const (
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiReset  = "\x1b[0m"
)

func (w *liveWriter) paint(style, s string) string {
	if !w.colour || s == "" {
		return s
	}
	return style + s + ansiReset
}

func liveClock(s pushback.Seconds) string {
	if !s.Known() {
		return "--:--"
	}
	return clock(s)
}

// card prints one event for people.
func (w *liveWriter) card(ev *live.Event, pb *pushback.Playbook, reps []string) {
	at := w.paint(ansiDim, fmt.Sprintf("[%s]", liveClock(ev.At)))
	pad := strings.Repeat(" ", len(liveClock(ev.At))+3)
	o := w.out
	switch ev.Type {
	case live.EventHello:
		who := "reps as the input names them, else guessed from the talk"
		switch {
		case len(reps) > 0:
			who = "rep: " + strings.Join(reps, ", ")
		case len(pb.Reps) > 0:
			who = "reps from the playbook: " + strings.Join(pb.Reps, ", ")
		}
		how := "End with Ctrl-D."
		if w.input != "<stdin>" {
			how = "Replaying " + w.input + "."
		}
		fmt.Fprintf(o, "%s playbook %s, %s. %s\n", w.paint(ansiBold, "pushback live:"), pb.Name, who, how)
	case live.EventRoles:
		var parts []string
		for _, sp := range ev.Speakers {
			parts = append(parts, fmt.Sprintf("%s (%s)", sp.Name, sp.Role))
		}
		guess := ""
		if ev.RolesGuessed != nil && *ev.RolesGuessed {
			guess = ", guessed"
		}
		fmt.Fprintf(o, "%s %s\n", at, w.paint(ansiDim, "speakers: "+strings.Join(parts, ", ")+guess))
	case live.EventProvisional:
		fmt.Fprintf(o, "%s %s %s · %s: %q\n", at, w.paint(ansiDim, "… maybe"), ev.Speaker, ev.Card.Label, ev.Card.Quote)
	case live.EventMoment, live.EventUpdate:
		head := "▲ PUSH BACK"
		if ev.Type == live.EventUpdate {
			head = "↻ UPDATED"
		}
		id := ev.ID
		if ev.WasProvisional {
			id += ", was maybe"
		}
		fmt.Fprintf(o, "%s %s  %s · %s %s\n", at, w.paint(ansiBold+ansiYellow, head), ev.Speaker, ev.Card.Label, w.paint(ansiDim, "("+id+")"))
		fmt.Fprintf(o, "%s%q\n", pad, ev.Card.Quote)
		fmt.Fprintf(o, "%s%s %s\n", pad, w.paint(ansiCyan, "Say: "), ev.Card.Script)
		fmt.Fprintf(o, "%s%s %s\n", pad, w.paint(ansiCyan, "Then:"), ev.Card.ThenShare)
	case live.EventRetract:
		fmt.Fprintf(o, "%s %s\n", at, w.paint(ansiDim, fmt.Sprintf("✗ %s withdrawn: %s", ev.ID, ev.Reason)))
	case live.EventFeedback:
		mark, style := "✓", ansiGreen
		if ev.Response == nil || !ev.Response.PushedBack {
			mark, style = "✗", ansiRed
		}
		revised := ""
		if ev.Revised {
			revised = " (revised)"
		}
		fmt.Fprintf(o, "%s %s %s%s\n", at, w.paint(style, mark+" "+ev.Verdict), w.paint(ansiDim, "("+ev.ID+")"), revised)
		fmt.Fprintf(o, "%s%s\n", pad, ev.Feedback)
	case live.EventSummary:
		sc := ev.Scores
		line := fmt.Sprintf("■ Call over: %d moments, pushed back on %d", sc.Moments, sc.PushedBack)
		if sc.Courage != nil {
			line += fmt.Sprintf(" (courage %.0f%%", *sc.Courage*100)
			if sc.Craft != nil {
				line += fmt.Sprintf(", craft %.0f%%", *sc.Craft*100)
			}
			line += ")"
		}
		fmt.Fprintf(o, "%s %s\n", at, w.paint(ansiBold, line))
		if sc.Headline != "" {
			fmt.Fprintf(o, "%s%s\n", pad, sc.Headline)
		}
	case live.EventError:
		where := w.input
		if ev.Line > 0 {
			where = fmt.Sprintf("%s:%d", w.input, ev.Line)
		}
		_ = w.out.Flush()
		fmt.Fprintf(w.stderr, "pushback: %s: %s\n", where, ev.Message)
	}
}
