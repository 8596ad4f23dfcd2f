package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/practice"
	"github.com/pushback-coach/pushback/practice/remote"
	"github.com/pushback-coach/pushback/practice/sqlite"
	"github.com/pushback-coach/pushback/practice/tui"
)

func init() { register(newPracticeCmd) }

type practiceFlags struct {
	category, industry, persona, difficulty string
	rep, playbook, scenario, format         string
	replies                                 []string
	list, progress                          bool
	data, server, token                     string
}

func newPracticeCmd(e *env) *cobra.Command {
	var f practiceFlags
	c := &cobra.Command{
		Use:   "practice [--category C] [--industry I] [--difficulty D] [--rep NAME] [--playbook FILE] [--scenario ID [--reply TEXT]...] [--list] [--progress]",
		Short: "Rehearse push-backs against a simulated prospect",
		Long: `Practise pushing back. The prospect says something you see differently; you
reply. Warn and ask permission, and the prospect answers in character; then
share why. Every reply is scored by the same judge as call analysis (warning,
permission first, respectful, calm, gave a reason, used the name), with the
model answer and one tip. Scenarios you scored low on come back sooner.

In a terminal it is interactive (Enter sends, Ctrl+J new line, n next
scenario, Esc quits with a summary). For scripts, give --scenario and --reply:
when the reply only warns or asks permission, the prospect's answer is
printed and a second --reply continues.

Progress is kept per rep on the team server (--server/--token, or
PUSHBACK_SERVER/PUSHBACK_TOKEN), else in practice.db in the data directory
(--data, else $XDG_DATA_HOME/pushback or ~/.local/share/pushback).`,
		Example: `  pushback practice
  pushback practice --category forward_looking --difficulty hard --rep dana
  pushback practice --list --industry healthcare
  pushback practice --scenario fwd-price-hike --reply "Lisa, can I push back on that?" --format json
  pushback practice --scenario fwd-price-hike --reply "Lisa, mind if I push back?" \
      --reply "The price is locked for three years in the contract." --format json
  pushback practice --progress --rep dana`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPractice(cmd.Context(), e, &f) },
	}
	fl := c.Flags()
	fl.StringVar(&f.category, "category", "", "only this kind of moment: incorrect_fact, unfounded_conclusion or forward_looking")
	fl.StringVar(&f.industry, "industry", "", "only this industry (see --list)")
	fl.StringVar(&f.persona, "persona", "", "only prospects whose persona contains this (e.g. cfo)")
	fl.StringVar(&f.difficulty, "difficulty", "", "only this difficulty: easy, medium or hard")
	fl.StringVar(&f.rep, "rep", "", "whose progress to use and record (default: your user name)")
	fl.StringVar(&f.playbook, "playbook", "", "a team playbook whose scenarios and facts are added")
	fl.StringVar(&f.scenario, "scenario", "", "play this scenario (see --list)")
	fl.StringArrayVar(&f.replies, "reply", nil, "answer --scenario without the terminal UI; repeat to continue after the prospect's answer")
	fl.StringVar(&f.format, "format", "text", "output of --reply, --list and --progress: text or json")
	fl.BoolVar(&f.list, "list", false, "list the scenarios (filtered by --category, --industry, --persona, --difficulty)")
	fl.BoolVar(&f.progress, "progress", false, "show the rep's practice history: averages, weakest skill and kind of moment, reviews due")
	fl.StringVar(&f.data, "data", "", "directory for the local progress file practice.db")
	fl.StringVar(&f.server, "server", "", "team server URL for progress (default $PUSHBACK_SERVER)")
	fl.StringVar(&f.token, "token", "", "team server token (default $PUSHBACK_TOKEN)")
	_ = c.RegisterFlagCompletionFunc("category", fixedCompletion("incorrect_fact", "unfounded_conclusion", "forward_looking"))
	_ = c.RegisterFlagCompletionFunc("difficulty", fixedCompletion("easy", "medium", "hard"))
	_ = c.RegisterFlagCompletionFunc("format", fixedCompletion("text", "json"))
	return c
}

// newPracticeJudge is the response judge practice scores with: the engine,
// the same verdict as call analysis. Tests swap it.
var newPracticeJudge = func(pb *pushback.Playbook) (practice.Judge, error) { return engine.New(pb) }

func runPractice(ctx context.Context, e *env, f *practiceFlags) error {
	if err := oneOf("format", f.format, "text", "json"); err != nil {
		return err
	}
	if len(f.replies) > 0 && f.scenario == "" {
		return usagef("--reply needs --scenario ID (see pushback practice --list)")
	}
	if len(f.replies) > 2 {
		return usagef("--reply given %d times: expected the reply and at most one continuation", len(f.replies))
	}
	if f.list && (f.progress || len(f.replies) > 0) {
		return usagef("--list goes alone: drop --progress and --reply")
	}
	pb, err := playbook.Load(f.playbook)
	if err != nil {
		return err
	}
	lib := practice.NewLibrary(pb)
	filter := practice.Filter{
		Category: pushback.Category(f.category), Industry: f.industry,
		Persona: f.persona, Difficulty: pushback.Difficulty(f.difficulty),
	}
	if err := filter.Check(lib); err != nil {
		return usagef("--%s", pushback.ErrorMessage(err))
	}
	if f.list {
		return listScenarios(e.stdout, lib.Filter(filter), f.format)
	}
	var start *pushback.Scenario
	if f.scenario != "" {
		sc, ok := lib.Scenario(f.scenario)
		if !ok {
			return usagef("--scenario %q: no such scenario (see pushback practice --list)", f.scenario)
		}
		start = &sc
	}

	rep := strings.TrimSpace(f.rep)
	if rep == "" {
		rep = defaultRep()
	}
	store, closeStore, err := openPracticeStore(f)
	if err != nil {
		return err
	}
	defer closeStore()
	if f.progress {
		return showProgress(ctx, e.stdout, store, lib, rep, f.format)
	}
	judge, err := newPracticeJudge(pb)
	if err != nil {
		return err
	}
	s, err := practice.NewSession(ctx, practice.Options{Judge: judge, Library: lib, Store: store, Rep: rep, Filter: filter})
	if err != nil {
		return err
	}
	if len(f.replies) > 0 {
		return replyOnce(ctx, e.stdout, s, *start, f.replies, f.format)
	}

	in, inOK := e.stdin.(*os.File)
	out, outOK := e.stdout.(*os.File)
	if !inOK || !outOK || !isTerminal(in.Fd()) || !isTerminal(out.Fd()) {
		return usagef("practice is interactive and needs a terminal; in scripts use --scenario ID --reply TEXT [--format json], or --list")
	}
	var opts []tui.Option
	if start != nil {
		opts = append(opts, tui.StartWith(*start))
	}
	final, err := tea.NewProgram(tui.New(ctx, s, opts...), tea.WithInput(in), tea.WithOutput(out), tea.WithContext(ctx)).Run()
	if err != nil {
		return fmt.Errorf("practice: %w", err)
	}
	if m, ok := final.(tui.Model); ok && m.Err() != nil {
		return m.Err()
	}
	return nil
}

// replyOnce plays one scenario with the replies from the command line.
func replyOnce(ctx context.Context, w io.Writer, s *practice.Session, sc pushback.Scenario, replies []string, format string) error {
	for i, r := range replies {
		if strings.TrimSpace(r) == "" {
			return usagef("--reply %d is empty", i+1)
		}
	}
	conv := s.Begin(sc)
	if _, done := conv.Say(replies[0]); done && len(replies) == 2 {
		// The first reply needed no answer from the prospect: both are one turn.
		conv = s.Begin(sc)
		conv.Say(replies[0] + " " + replies[1])
	} else if len(replies) == 2 {
		conv.Say(replies[1])
	}
	res, err := s.Finish(ctx, conv)
	var werr error
	if format == "json" {
		werr = writeJSON(w, res)
	} else {
		werr = writeResultText(w, res)
	}
	if err != nil {
		return err
	}
	return werr
}

func writeResultText(w io.Writer, r *practice.Result) error {
	bw := newErrWriter(w)
	sc := r.Scenario
	who := sc.Prospect
	if who == "" {
		who = "Prospect"
	}
	fmt.Fprintf(bw, "%s  (%s, %s, %s, %s)\n", sc.ID, sc.Persona, sc.Industry, sc.Difficulty, sc.Category.Label())
	for _, t := range r.Turns {
		name := "You"
		if t.Speaker == pushback.RoleProspect {
			name = who
		}
		fmt.Fprintf(bw, "  %s: %s\n", name, t.Text)
	}
	fmt.Fprintln(bw)
	if r.Status == practice.StatusContinue {
		fmt.Fprintf(bw, "%s is waiting for you to go on: run again with a second --reply.\n", who)
		fmt.Fprintf(bw, "Tip: %s\n", r.Tip)
		return bw.err
	}
	fmt.Fprintf(bw, "Score %d/100\n ", r.Scores.Overall)
	for _, k := range practice.SkillNames {
		if v, known := r.Scores.Get(k); known {
			mark := "✗"
			if v {
				mark = "✓"
			}
			fmt.Fprintf(bw, " %s %s", mark, practice.SkillLabel(k))
		}
	}
	fmt.Fprintf(bw, "\nTip: %s\nModel answer: %s\n", r.Tip, r.ModelAnswer)
	if sc.WhyWrong != "" {
		fmt.Fprintf(bw, "Why: %s\n", sc.WhyWrong)
	}
	if f := r.FearReframe; f != nil {
		fmt.Fprintf(bw, "\n%s\n", f.Message)
		if f.Easier != nil {
			fmt.Fprintf(bw, "Try an easier one: pushback practice --scenario %s\n", f.Easier.ID)
		}
	}
	return bw.err
}

func listScenarios(w io.Writer, scs []pushback.Scenario, format string) error {
	if format == "json" {
		if scs == nil {
			scs = []pushback.Scenario{}
		}
		return writeJSON(w, scs)
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tDIFFICULTY\tINDUSTRY\tPERSONA\tSTATEMENT")
	for _, sc := range scs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", sc.ID, sc.Category, sc.Difficulty, sc.Industry, sc.Persona, clip(sc.Statement, 60))
	}
	return tw.Flush()
}

// progressDoc is the JSON of --progress.
type progressDoc struct {
	Rep     string           `json:"rep"`
	Summary practice.Summary `json:"summary"`
	Due     []practice.Card  `json:"due"` // scenarios due for review now, most urgent first
}

func showProgress(ctx context.Context, w io.Writer, store practice.Store, lib *practice.Library, rep, format string) error {
	attempts, err := store.Attempts(ctx, rep)
	if err != nil {
		return err
	}
	doc := progressDoc{Rep: rep, Summary: practice.Summarize(attempts), Due: []practice.Card{}}
	doc.Summary.Rep = rep
	now := time.Now()
	for _, sc := range lib.Scenarios() {
		if c, ok := practice.Schedule(attempts)[sc.ID]; ok && !c.Due.After(now) {
			doc.Due = append(doc.Due, c)
		}
	}
	sortCards(doc.Due)
	if format == "json" {
		return writeJSON(w, doc)
	}
	bw := newErrWriter(w)
	fmt.Fprintf(bw, "Practice progress of %s\n", rep)
	fmt.Fprint(bw, doc.Summary.Text())
	for _, c := range pushback.Categories {
		if cs := doc.Summary.ByCategory[c]; cs != nil {
			fmt.Fprintf(bw, "  %-26s %3d done, average %3.0f, pushed back %3.0f%%\n", c.Label()+"s", cs.Done, cs.Average, cs.Courage*100)
		}
	}
	if len(doc.Due) > 0 {
		ids := make([]string, 0, len(doc.Due))
		for _, c := range doc.Due {
			ids = append(ids, c.ScenarioID)
		}
		fmt.Fprintf(bw, "Due for review: %s\n", strings.Join(ids, ", "))
	}
	return bw.err
}

// sortCards puts the most urgent reviews first: the lowest box, then the
// lowest last score.
func sortCards(cs []practice.Card) {
	slices.SortStableFunc(cs, func(a, b practice.Card) int {
		if a.Box != b.Box {
			return a.Box - b.Box
		}
		return a.LastScore - b.LastScore
	})
}

// openPracticeStore connects to the team server when one is set, else opens
// the local file.
func openPracticeStore(f *practiceFlags) (practice.Store, func(), error) {
	server := firstNonEmpty(f.server, os.Getenv("PUSHBACK_SERVER"))
	if server != "" {
		c, err := remote.New(server, firstNonEmpty(f.token, os.Getenv("PUSHBACK_TOKEN")))
		if err != nil {
			return nil, nil, usagef("--server: %s", pushback.ErrorMessage(err))
		}
		return c, func() {}, nil
	}
	dir := f.data
	if dir == "" {
		d, err := sqlite.DefaultDir()
		if err != nil {
			return nil, nil, fmt.Errorf("no data directory (%v): give --data DIR", err)
		}
		dir = d
	}
	st, err := sqlite.Open(filepath.Join(dir, sqlite.FileName))
	if err != nil {
		return nil, nil, err
	}
	return st, func() { st.Close() }, nil
}

// defaultRep is the user's login name.
func defaultRep() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return firstNonEmpty(os.Getenv("USER"), os.Getenv("USERNAME"), "me")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
