package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback/transcript"
)

func init() { register(newFormatsCmd) }

func newFormatsCmd(e *env) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "formats",
		Short: "List the transcript formats pushback reads, with their ids",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("format", format, "text", "json"); err != nil {
				return err
			}
			if format == "json" {
				return writeJSON(e.stdout, transcript.Formats())
			}
			tw := tabwriter.NewWriter(e.stdout, 2, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tFORMAT\tKEEPS\tFILES")
			for _, f := range transcript.Formats() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.ID, f.Name, f.Keeps, strings.Join(f.Exts, " "))
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return c
}
