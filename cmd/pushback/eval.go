package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/eval"
	"github.com/pushback-coach/pushback/labels"
	"github.com/pushback-coach/pushback/playbook"
)

func init() { register(newEvalCmd) }

// evalReport is the JSON of pushback eval.
type evalReport struct {
	Schema  string        `json:"schema"`
	Overall eval.Result   `json:"overall"`
	Files   []eval.Result `json:"files"`
}

func newEvalCmd(e *env) *cobra.Command {
	var pbPath, format, sens string
	var showErrors, unpunct bool
	c := &cobra.Command{
		Use:   "eval [--playbook FILE] [--sensitivity low|medium|high] [--format text|json] DIR...",
		Short: "Score analyze against labelled calls (precision, recall, F1, category and response accuracy)",
		Long: `Score Pushback against labelled calls: each NAME.labels.json beside its
transcript (see docs/labelled-calls.md). A predicted moment matches a gold one
when it is in the turn that holds the gold quote and its quote overlaps it.
Reports moment precision, recall and F1, category accuracy over matched
moments, and response accuracy per attribute, overall and per file. A labels
file may name its playbook; --playbook overrides it for every file.
--unpunctuated scores each call as speech-to-text without punctuation would
write it (lower case, no stops, commas or question marks).`,
		Example: `  pushback eval testdata/calls
  pushback eval --format json --playbook team.yaml ~/labelled
  pushback eval --unpunctuated testdata/calls`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			if err := sensitivityFlag(sens); err != nil {
				return err
			}
			var override *pushback.Playbook
			if pbPath != "" {
				pb, err := playbook.Load(pbPath)
				if err != nil {
					return err
				}
				override = pb
			}
			engines := map[string]*engine.Engine{}
			rep := evalReport{Schema: "pushback.eval/v1"}
			var total eval.Counts
			var misses []struct {
				file string
				m    eval.Miss
			}
			for _, dir := range args {
				cases, err := labels.LoadDir(dir, override)
				if err != nil {
					return err
				}
				for _, cs := range cases {
					if unpunct {
						u, ok := cs.Unpunctuated()
						if !ok {
							return &pushback.InputError{File: cs.LabelsPath, Msg: "a gold quote is lost when the call is unpunctuated"}
						}
						cs = u
					}
					eng, ok := engines[cs.Playbook.Version]
					if !ok {
						pb, err := playbook.WithSensitivity(cs.Playbook, sens)
						if err != nil {
							return err
						}
						if eng, err = engine.New(pb); err != nil {
							return err
						}
						engines[cs.Playbook.Version] = eng
					}
					a := eng.Analyze(cs.Call)
					k, ms := eval.Compare(cs, a.Moments)
					total.Add(k)
					r := k.Result(cs.LabelsPath)
					if showErrors {
						r.Errors = ms
					}
					rep.Files = append(rep.Files, r)
					for _, m := range ms {
						misses = append(misses, struct {
							file string
							m    eval.Miss
						}{cs.Name, m})
					}
				}
			}
			rep.Overall = total.Result("")
			if format == "json" {
				return writeJSON(e.stdout, rep)
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "FILE\tGOLD\tFOUND\tMATCHED\tPRECISION\tRECALL\tF1\tCATEGORY\tRESPONSE")
			row := func(name string, r eval.Result) {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\n", name, r.Gold, r.Predicted, r.Matched,
					r.Precision, r.Recall, r.F1, pct(r.CategoryAccuracy), pct(r.ResponseMean))
			}
			for _, r := range rep.Files {
				row(r.File, r)
			}
			row("ALL", rep.Overall)
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(rep.Overall.Response) > 0 {
				fmt.Fprint(e.stdout, "\nresponse accuracy:")
				for _, a := range eval.Attributes {
					if v, ok := rep.Overall.Response[a]; ok {
						fmt.Fprintf(e.stdout, "  %s %.3f", a, v)
					}
				}
				fmt.Fprintln(e.stdout)
			}
			if showErrors {
				fmt.Fprintln(e.stdout)
				for _, x := range misses {
					fmt.Fprintf(e.stdout, "%s turn %d: %s %s %s %q\n", x.file, x.m.Turn, x.m.Kind, x.m.Gold, x.m.Got, x.m.Quote)
				}
			}
			return nil
		},
	}
	c.Flags().StringVar(&pbPath, "playbook", "", "use this playbook for every file instead of the one its labels name")
	c.Flags().StringVar(&sens, "sensitivity", "", "score at this sensitivity (low, medium or high) whatever the playbooks say, to choose one for a team")
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	c.Flags().BoolVar(&unpunct, "unpunctuated", false, "score each call as speech-to-text without punctuation writes it: lower case, no punctuation")
	c.Flags().BoolVar(&showErrors, "errors", false, "list every disagreement (missed moments, false alarms, wrong categories and responses)")
	return c
}

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *p)
}
