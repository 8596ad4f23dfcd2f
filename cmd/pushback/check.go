package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/engine"
)

func init() { register(newCheckCmd) }

func newCheckCmd(e *env) *cobra.Command {
	var role, context, prospect, format, pbPath, sens string
	c := &cobra.Command{
		Use:   "check --role prospect|rep [--context TEXT] [--playbook FILE] [--format text|jsonl] [TEXT...]",
		Short: "Classify single utterances: is it a moment (prospect), or a good push-back (rep)?",
		Long: `Classify single utterances. With --role prospect, say whether each is a
push-back moment, of which kind, and why. With --role rep, judge each as a reply
(to --context, the prospect statement it answers): did it push back, warn, ask
permission, stay respectful and calm? Test a push-back before you say it.

With no TEXT, utterances are read from standard input, one per line, and one
result is written per line, in the same order and the same number.`,
		Example: `  pushback check --role prospect "You guys will probably raise prices after year one"
  pushback check --role rep --context "Your support is terrible" "I see that differently. Mind if I share why?"
  cut -f2 utterances.tsv | pushback check --role prospect --format jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("role", role, "prospect", "rep"); err != nil {
				return err
			}
			if format == "" {
				format = "text"
				if len(args) == 0 {
					format = "jsonl"
				}
			}
			if err := oneOf("format", format, "text", "jsonl", "json"); err != nil {
				return err
			}
			pb, err := loadPlaybook(pbPath, sens)
			if err != nil {
				return err
			}
			eng, err := engine.New(pb)
			if err != nil {
				return err
			}
			out := newErrWriter(e.stdout)
			one := func(text string) error {
				var v any
				if role == "prospect" {
					v = eng.CheckProspect(text)
				} else {
					v = eng.CheckRep(text, context, prospect)
				}
				if format != "text" {
					return writeJSON(out, v)
				}
				writeCheckText(out, v)
				return out.err
			}
			if len(args) > 0 {
				for _, a := range args {
					if err := one(a); err != nil {
						return err
					}
				}
				return nil
			}
			sc := bufio.NewScanner(e.stdin)
			sc.Buffer(make([]byte, 1<<20), 16<<20)
			for sc.Scan() {
				if err := one(strings.TrimRight(sc.Text(), "\r")); err != nil {
					return err
				}
			}
			if err := sc.Err(); err != nil {
				return usagef("reading standard input: %v", err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&role, "role", "", "whose words these are: prospect or rep (required)")
	c.Flags().StringVar(&context, "context", "", "with --role rep: the prospect statement being answered")
	c.Flags().StringVar(&prospect, "prospect", "", "with --role rep: the prospect's name, to tell whether the rep used it")
	c.Flags().StringVar(&pbPath, "playbook", "", "a team playbook (YAML) merged over the built-in one")
	c.Flags().StringVar(&sens, "sensitivity", "", "how readily moments are flagged: low, medium or high (overrides the playbook's)")
	c.Flags().StringVar(&format, "format", "", "output format: text or jsonl (default text for TEXT arguments, jsonl for standard input)")
	_ = c.MarkFlagRequired("role")
	_ = c.RegisterFlagCompletionFunc("role", fixedCompletion("prospect", "rep"))
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "jsonl"))
	return c
}

func writeCheckText(w *errWriter, v any) {
	switch c := v.(type) {
	case engine.ProspectCheck:
		verdict := "not a moment"
		if c.Moment {
			verdict = c.Category.Label()
		}
		fmt.Fprintf(w, "%s (%.0f%%): %s\n", verdict, c.Confidence*100, c.Text)
		for _, r := range c.Reasons {
			fmt.Fprintf(w, "  - %s\n", r)
		}
		if len(c.Topics) > 0 {
			var ts []string
			for _, t := range c.Topics {
				ts = append(ts, string(t))
			}
			fmt.Fprintf(w, "  topics: %s\n", strings.Join(ts, ", "))
		}
		if c.Fact != nil {
			fmt.Fprintf(w, "  fact to share: %s\n", c.Fact.Claim)
		}
	case engine.RepCheck:
		verdict := "let it go (" + strings.ReplaceAll(string(c.How), "_", " ") + ")"
		if c.PushedBack {
			verdict = fmt.Sprintf("pushed back: warning %s, permission %s, respectful %s, calm %s, reason %s",
				tick(c.Warning), tick(c.Permission), tick(c.Respectful), tick(c.Calm), tick(c.GaveReason))
		}
		fmt.Fprintf(w, "%s\n  %s\n", c.Text, verdict)
		for _, r := range c.Reasons {
			fmt.Fprintf(w, "  - %s\n", r)
		}
	}
}

func tick(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
