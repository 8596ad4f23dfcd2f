package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript"
)

// inputFlags are the flags of every command that reads transcripts.
type inputFlags struct {
	reps    []string
	format  string
	maxSize string
}

func (f *inputFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.reps, "rep", nil, "a seller-side speaker (repeatable; case-insensitive; a first name or email-style id matches)")
	c.Flags().StringVar(&f.format, "input-format", "", "read the input as this format id instead of detecting it (see pushback formats)")
	c.Flags().StringVar(&f.maxSize, "max-size", "64MiB", "largest input accepted (e.g. 64MiB, 1GiB, 0 for no limit)")
	_ = c.RegisterFlagCompletionFunc("input-format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return transcript.FormatIDs(), cobra.ShellCompDirectiveNoFileComp
	})
}

func (f *inputFlags) options() (transcript.Options, error) {
	max, err := parseSize(f.maxSize)
	if err != nil {
		return transcript.Options{}, usagef("--max-size %q: %v", f.maxSize, err)
	}
	if f.format != "" {
		known := false
		for _, id := range transcript.FormatIDs() {
			known = known || id == f.format
		}
		if !known {
			return transcript.Options{}, usagef("--input-format %q: unknown format (known: %s)", f.format, strings.Join(transcript.FormatIDs(), ", "))
		}
	}
	return transcript.Options{Format: f.format, Reps: f.reps, MaxBytes: max}, nil
}

// read parses one transcript named on the command line ("-" is stdin).
func (f *inputFlags) read(e *env, path string) (*pushback.Call, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	opts.Name = path
	if path == "-" {
		return transcript.Parse(e.stdin, opts)
	}
	return transcript.ParseFile(path, opts)
}

// stream opens the transcript named on the command line and hands it to fn
// with the options, for commands that read it as it comes.
func (f *inputFlags) stream(e *env, path string, fn func(io.Reader, transcript.Options) error) error {
	opts, err := f.options()
	if err != nil {
		return err
	}
	opts.Name = path
	if path == "-" {
		return fn(e.stdin, opts)
	}
	fh, err := os.Open(path)
	if err != nil {
		_, err = transcript.ParseFile(path, opts) // the same message as a non-streaming read
		return err
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.IsDir() {
		return &pushback.InputError{File: path, Msg: "is a directory, expected a transcript file"}
	}
	return fn(fh, opts)
}

// parseSize reads "64MiB", "1GiB", "500KB", "1048576"; 0 means no limit (-1).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"gib", 1 << 30}, {"mib", 1 << 20}, {"kib", 1 << 10}, {"gb", 1e9}, {"mb", 1e6}, {"kb", 1e3}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("expected a size such as 64MiB")
	}
	if n == 0 {
		return -1, nil
	}
	return int64(n * float64(mult)), nil
}

func init() { register(newParseCmd) }

func newParseCmd(e *env) *cobra.Command {
	var in inputFlags
	var format string
	c := &cobra.Command{
		Use:   "parse [--rep NAME]... [--input-format ID] [--format text|json] FILE|-",
		Short: "Read a transcript and print the normalised call (pushback.call/v1)",
		Long: `Read a transcript file (WebVTT, SRT, text or JSON from a meeting tool or a
speech-to-text service; the format is detected from the content) and print the
normalised call: speakers with their roles, and turns with times and sentences.`,
		Example: `  pushback parse call.vtt
  pushback parse --rep "Dana Reyes" --format json call.vtt
  cat deepgram.json | pushback parse -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			if format == "json" && len(in.reps) > 0 {
				// The roles are known: stream the call, turn by turn.
				return in.stream(e, args[0], func(r io.Reader, opts transcript.Options) error {
					return streamCall(e.stdout, r, opts)
				})
			}
			call, err := in.read(e, args[0])
			if err != nil {
				return err
			}
			if format == "json" {
				return writeCall(e.stdout, call, true)
			}
			return writeCallText(e.stdout, call)
		},
	}
	in.register(c)
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json"))
	return c
}

func fixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeCallText(w io.Writer, call *pushback.Call) error {
	bw := newErrWriter(w)
	fmt.Fprintf(bw, "%s  (%s", call.Source, call.Format)
	if call.Duration.Known() {
		fmt.Fprintf(bw, ", %s", clock(call.Duration))
	}
	fmt.Fprintf(bw, ", %d turns)\n", len(call.Turns))
	for _, s := range call.Speakers {
		guess := ""
		if call.RolesGuessed {
			guess = " (guessed)"
		}
		fmt.Fprintf(bw, "  %-9s %s%s\n", s.Role, s.Name, guess)
	}
	fmt.Fprintln(bw)
	for _, t := range call.Turns {
		at := ""
		if t.Start.Known() {
			at = "[" + clock(t.Start) + "] "
		}
		fmt.Fprintf(bw, "%3d %s%s (%s): %s\n", t.Index, at, t.Speaker, t.Role, t.Text)
	}
	return bw.err
}

// clock formats seconds as H:MM:SS or M:SS.
func clock(s pushback.Seconds) string {
	t := int(s)
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}

// errWriter remembers the first write error, so a closed pipe is reported once.
type errWriter struct {
	w   io.Writer
	err error
}

func newErrWriter(w io.Writer) *errWriter { return &errWriter{w: w} }

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
