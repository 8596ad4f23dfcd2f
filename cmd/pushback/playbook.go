package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/playbook"
)

func init() { register(newPlaybookCmd) }

func newPlaybookCmd(e *env) *cobra.Command {
	c := &cobra.Command{
		Use:   "playbook",
		Short: "Write, check and show playbooks (your company's facts, cues and scripts)",
		Long: `A playbook tells Pushback about your company: the facts prospects get wrong
(with the misconceptions they repeat), the names they use for you, competitors,
extra cue words, coaching scripts and practice scenarios. The built-in playbook
works on its own; yours is merged over it.`,
	}
	var force bool
	initCmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented starter playbook (to FILE, or standard output)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || args[0] == "-" {
				_, err := e.stdout.Write(playbook.Starter())
				return err
			}
			flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
			if force {
				flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
			}
			f, err := os.OpenFile(args[0], flags, 0o644)
			if errors.Is(err, os.ErrExist) {
				return usagef("%s already exists (--force overwrites it)", args[0])
			}
			if err != nil {
				return err
			}
			if _, err := f.Write(playbook.Starter()); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote %s: edit it, then run pushback playbook check %s\n", args[0], args[0])
			return nil
		},
	}
	initCmd.Flags().BoolVar(&force, "force", false, "overwrite FILE if it exists")

	checkCmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a playbook: every problem with its file and line",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pb, err := playbook.Load(args[0])
			if err != nil {
				var errs playbook.Errors
				if errors.As(err, &errs) {
					for _, x := range errs {
						fmt.Fprintln(e.stdout, x.Error())
					}
					if len(errs) == 1 {
						return pushback.Errorf(pushback.EINVALID, "1 problem in %s", args[0])
					}
					return pushback.Errorf(pushback.EINVALID, "%d problems in %s", len(errs), args[0])
				}
				return err
			}
			team, world := pushback.SplitFacts(pb.Facts)
			fmt.Fprintf(e.stdout, "%s: ok (%s: %d facts, %d built-in facts about the world, %d scenarios, version %s)\n",
				args[0], pb.Name, len(team), len(world), len(pb.Scenarios), pb.Version)
			return nil
		},
	}

	var format string
	showCmd := &cobra.Command{
		Use:   "show [FILE]",
		Short: "Show the merged playbook (the built-in one, or FILE over it)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			path := ""
			if len(args) == 1 {
				path = args[0]
			}
			pb, err := playbook.Load(path)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(pb)
			}
			w := newErrWriter(e.stdout)
			fmt.Fprintf(w, "playbook %s (%s)\n", pb.Name, pb.Version)
			if pb.Company != "" {
				fmt.Fprintf(w, "company: %s  product: %s  aliases: %s\n", pb.Company, pb.Product, strings.Join(pb.Aliases, ", "))
			}
			team, world := pushback.SplitFacts(pb.Facts)
			fmt.Fprintf(w, "\nfacts (%d):\n", len(team))
			for _, f := range team {
				fmt.Fprintf(w, "  %s: %s\n", f.ID, f.Claim)
			}
			fmt.Fprintf(w, "\nbuilt-in facts about the world (%d; --format json lists them, replace: [facts] drops them):\n", len(world))
			byArea := map[string]int{}
			var areas []string
			for _, f := range world {
				a, _, _ := strings.Cut(strings.TrimPrefix(f.ID, pushback.WorldFactPrefix), "-")
				if byArea[a] == 0 {
					areas = append(areas, a)
				}
				byArea[a]++
			}
			for _, a := range areas {
				fmt.Fprintf(w, "  %-14s %3d\n", a, byArea[a])
			}
			fmt.Fprintf(w, "\ncue lexicons (%d):\n", len(pb.Cues))
			names := make([]string, 0, len(pb.Cues))
			for n := range pb.Cues {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				fmt.Fprintf(w, "  %-14s %3d  %s\n", n, len(pb.Cues[n]), preview(pb.Cues[n]))
			}
			fmt.Fprintf(w, "\ntopics:\n")
			for _, t := range pushback.Topics {
				fmt.Fprintf(w, "  %-18s %3d  %s\n", t, len(pb.Topics[t]), preview(pb.Topics[t]))
			}
			fmt.Fprintf(w, "\nscenarios: %d\n", len(pb.Scenarios))
			return w.err
		},
	}
	showCmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	c.AddCommand(initCmd, checkCmd, showCmd)
	return c
}

func preview(xs []string) string {
	s := strings.Join(xs, ", ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
