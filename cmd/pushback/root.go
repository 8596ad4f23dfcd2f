package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/playbook"
)

// Exit codes (CONTRACTS.md).
const (
	exitOK      = 0
	exitFailure = 1 // something failed while running
	exitUsage   = 2 // usage error or unusable input
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what a command reads and writes; tests give their own.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// usageError marks errors in how the command was called (exit 2).
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// commands are the subcommands; each file adds its own with register in an
// init function, so commands live in files of their own.
var commands []func(*env) *cobra.Command

func register(newCmd func(*env) *cobra.Command) { commands = append(commands, newCmd) }

// Main runs the command line with args and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var rep reported
	if errors.As(err, &rep) {
		return exitCode(rep.error)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "pushback:") {
		msg = "pushback: " + msg
	}
	fmt.Fprintln(stderr, strings.ReplaceAll(msg, "\n", " "))
	return exitCode(err)
}

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	switch pushback.ErrorCode(err) {
	case pushback.EINVALID, pushback.ETOOLARGE:
		return exitUsage
	}
	return exitFailure
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "pushback",
		Short: "A push-back coach for sales conversations",
		Long: `Pushback reads the transcripts of sales calls, finds the moments where the
prospect says something the rep should push back on (an incorrect fact, an
unfounded conclusion, a prediction about the seller), judges what the rep did
(let it go, or pushed back with a warning and permission, respectfully and
calmly) and coaches a better way.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usagef("%s (see %s --help)", err, c.CommandPath())
	})
	for _, newCmd := range commands {
		root.AddCommand(newCmd(e))
	}
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

// wrapArgs makes positional-argument errors usage errors.
func wrapArgs(c *cobra.Command) {
	if c.Args == nil {
		return
	}
	check := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usagef("%s: %s (see %s --help)", cmd.CommandPath(), err, cmd.CommandPath())
		}
		return nil
	}
}

// oneOf checks a flag value against the allowed ones.
func oneOf(flag, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef("--%s %q: expected one of %s", flag, value, strings.Join(allowed, ", "))
}

// sensitivityFlag checks a --sensitivity value ("" means the playbook's).
func sensitivityFlag(s string) error {
	if s == "" {
		return nil
	}
	return oneOf("sensitivity", s, "low", "medium", "high")
}

// loadPlaybook loads the --playbook file (the built-in one for "") with the
// --sensitivity flag applied.
func loadPlaybook(path, sens string) (*pushback.Playbook, error) {
	if err := sensitivityFlag(sens); err != nil {
		return nil, err
	}
	pb, err := playbook.Load(path)
	if err != nil {
		return nil, err
	}
	return playbook.WithSensitivity(pb, sens)
}

// isTerminal reports whether w is a terminal that wants colour.
func wantColour(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	return ok && isTerminal(f.Fd())
}
