package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/report"
	"github.com/pushback-coach/pushback/roles"
)

func init() { register(newAnalyzeCmd) }

func newAnalyzeCmd(e *env) *cobra.Command {
	var in inputFlags
	var format, pbPath, sens string
	var width int
	c := &cobra.Command{
		Use:   "analyze [--rep NAME]... [--playbook FILE] [--sensitivity low|medium|high] [--format text|json|markdown|html] FILE...|-",
		Short: "Find push-back moments, judge the rep's responses and coach (pushback.analysis/v1)",
		Long: `Read call transcripts and find the moments where the prospect said something
the rep should push back on: an incorrect fact, an unfounded conclusion, or a
prediction about the seller. For each, say what the rep did (let it go, or
pushed back: with a warning? permission first? respectfully? calmly?), suggest
a warning-and-permission script with the playbook fact to share, and score the
rep's courage and craft.

With --format json, one pushback.analysis/v1 object per input file, one per line.
text, markdown and html write one report covering every file.`,
		Example: `  pushback analyze --rep "Dana Reyes" call.vtt
  pushback analyze --playbook acme.yaml --format html calls/*.vtt > report.html
  pushback analyze --format json call.json | jq '.scores'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "json", "markdown", "html"); err != nil {
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
			var analyses []*pushback.Analysis
			var firstErr error
			for _, path := range args {
				call, err := in.read(e, path)
				if err != nil {
					// Report and go on: one bad file does not lose the others.
					fmt.Fprintln(e.stderr, "pushback:", err)
					if firstErr == nil {
						firstErr = err
					}
					continue
				}
				applyPlaybookReps(call, pb, len(in.reps) > 0)
				a := eng.Analyze(call)
				if format == "json" {
					if err := writeAnalysis(e.stdout, a); err != nil {
						return err
					}
					continue
				}
				analyses = append(analyses, a)
			}
			if format != "json" && len(analyses) > 0 {
				if err := report.Write(e.stdout, report.Format(format), analyses, report.Options{Colour: wantColour(e.stdout), Width: width}); err != nil {
					return err
				}
			}
			if firstErr != nil {
				return reported{firstErr}
			}
			return nil
		},
	}
	in.register(c)
	c.Flags().StringVar(&pbPath, "playbook", "", "a team playbook (YAML) merged over the built-in one")
	c.Flags().StringVar(&sens, "sensitivity", "", "how readily moments are flagged: low, medium or high (overrides the playbook's)")
	c.Flags().StringVar(&format, "format", "text", "output format: text, json, markdown or html")
	c.Flags().IntVar(&width, "width", 0, "wrap text reports at this width (default 80)")
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json", "markdown", "html"))
	return c
}

// applyPlaybookReps marks the playbook's reps as the seller side when the
// user named none and the roles were guessed.
func applyPlaybookReps(call *pushback.Call, pb *pushback.Playbook, named bool) {
	if named || len(pb.Reps) == 0 {
		return
	}
	set := map[string]bool{}
	for _, r := range pb.Reps {
		for _, m := range roles.Match(call, r) {
			set[m] = true
		}
	}
	if len(set) > 0 && len(set) < len(call.Speakers) {
		call.SetRoles(set, false)
	}
}

// reported is an error already printed to stderr: Main only sets the exit code.
type reported struct{ error }
