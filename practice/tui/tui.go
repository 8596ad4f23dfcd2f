// Package tui is the terminal face of practice mode: the prospect says
// something, the rep types a reply, the prospect answers in character when
// the rep warns or asks permission, and the coach scores, shows the model
// answer and one tip. Quitting shows the session summary.
//
// Keys: Enter sends; Ctrl+J or Alt+Enter adds a new line; Esc or Ctrl+C
// quits with the summary; after a score, n plays the next scenario, ? shows
// the keys and q quits (? also works on an empty reply).
package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

type state int

const (
	loading    state = iota // picking a scenario
	replying                // the prospect said the statement; the rep types
	continuing              // the prospect answered a warning or permission; the rep goes on
	scoring                 // the reply is being scored and recorded
	scored                  // the score, tip and model answer are shown
	finished                // the summary is shown; the program ends
)

// Model is the bubbletea model of a practice session.
type Model struct {
	ctx      context.Context
	s        *practice.Session
	first    *pushback.Scenario
	state    state
	conv     *practice.Conversation
	result   *practice.Result
	played   int
	input    textarea.Model
	width    int
	help     bool
	quitting bool // quit asked while scoring: quit once the score is in
	warn     string
	err      error
	summary  practice.Summary
	st       styles
}

// Option configures a Model.
type Option func(*Model)

// StartWith plays sc first, before the session picks.
func StartWith(sc pushback.Scenario) Option { return func(m *Model) { m.first = &sc } }

// New returns the model of a practice session.
func New(ctx context.Context, s *practice.Session, opts ...Option) Model {
	in := textarea.New()
	in.Placeholder = "Your reply… (Enter sends, Ctrl+J for a new line)"
	in.ShowLineNumbers = false
	in.CharLimit = 4000
	in.SetHeight(3)
	in.SetWidth(76)
	in.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("ctrl+j", "alt+enter"))
	m := Model{ctx: ctx, s: s, input: in, width: 80, st: newStyles()}
	for _, o := range opts {
		o(&m)
	}
	return m
}

// Summary is the session summary, once the model has finished.
func (m Model) Summary() practice.Summary { return m.summary }

// Err is the error that ended the session early, if any.
func (m Model) Err() error { return m.err }

type scenarioMsg struct {
	sc  pushback.Scenario
	err error
}

type resultMsg struct {
	r   *practice.Result
	err error
}

// Init picks the first scenario.
func (m Model) Init() tea.Cmd {
	if m.first != nil {
		sc := *m.first
		return func() tea.Msg { return scenarioMsg{sc: sc} }
	}
	return m.next()
}

func (m Model) next() tea.Cmd {
	s := m.s
	return func() tea.Msg {
		sc, err := s.Next()
		return scenarioMsg{sc: sc, err: err}
	}
}

func (m Model) finish() tea.Cmd {
	s, ctx, conv := m.s, m.ctx, m.conv
	return func() tea.Msg {
		r, err := s.Finish(ctx, conv)
		return resultMsg{r: r, err: err}
	}
}

// Update handles keys, the window size and the results of picking and scoring.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = msg.Width
		m.input.SetWidth(max(20, min(msg.Width-2, 100)))
		return m, nil

	case scenarioMsg:
		if msg.err != nil {
			m.err = msg.err
			return m.quit()
		}
		m.conv = m.s.Begin(msg.sc)
		m.result, m.warn, m.help = nil, "", false
		m.played++
		m.state = replying
		m.input.Reset()
		return m, m.input.Focus()

	case resultMsg:
		m.result = msg.r
		if msg.err != nil {
			m.warn = "Not saved: " + pushback.ErrorMessage(msg.err)
			if pushback.ErrorCode(msg.err) == pushback.EINTERNAL {
				m.warn = "Not saved: " + msg.err.Error()
			}
		}
		m.state = scored
		m.input.Blur()
		if m.quitting {
			return m.quit()
		}
		return m, nil

	case tea.KeyMsg:
		switch msg.String() {
		case "ctrl+c", "esc":
			if m.state == scoring {
				m.quitting = true
				return m, nil
			}
			return m.quit()
		}
		switch m.state {
		case replying, continuing:
			return m.typing(msg)
		case scored:
			switch msg.String() {
			case "n":
				m.state = loading
				return m, m.next()
			case "?":
				m.help = !m.help
			case "q":
				return m.quit()
			}
		}
		return m, nil
	}
	if m.state == replying || m.state == continuing {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

// typing handles a key while the rep writes: Enter sends, ? on an empty
// reply toggles the keys, the rest goes to the text area.
func (m Model) typing(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.String() == "enter":
		text := strings.TrimSpace(m.input.Value())
		if text == "" {
			return m, nil
		}
		m.input.Reset()
		m.help = false
		if _, done := m.conv.Say(text); !done {
			m.state = continuing
			return m, nil
		}
		m.state = scoring
		return m, m.finish()
	case msg.String() == "?" && strings.TrimSpace(m.input.Value()) == "":
		m.help = !m.help
		return m, nil
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return m, cmd
}

func (m Model) quit() (tea.Model, tea.Cmd) {
	m.summary = m.s.Summary()
	m.state = finished
	m.input.Blur()
	return m, tea.Quit
}

// View draws the screen.
func (m Model) View() string {
	w := max(20, min(m.width, 100))
	wrap := lipgloss.NewStyle().Width(w)
	var b strings.Builder
	if m.state == finished {
		if m.err != nil {
			b.WriteString(m.st.bad.Render("pushback: "+pushback.ErrorMessage(m.err)) + "\n")
		}
		b.WriteString(m.st.title.Render("Session summary") + "\n")
		b.WriteString(m.summary.Text())
		return b.String()
	}
	b.WriteString(m.st.title.Render(fmt.Sprintf("Pushback practice · %s · scenario %d", m.s.Rep(), max(m.played, 1))) + "\n\n")
	if m.conv == nil {
		b.WriteString(m.st.subtle.Render("Picking a scenario…") + "\n")
		return b.String()
	}
	sc := m.conv.Scenario
	b.WriteString(m.st.subtle.Render(wrap.Render(fmt.Sprintf("%s · %s · %s · %s · %s",
		speaker(sc), sc.Persona, sc.Industry, sc.Difficulty, sc.Category.Label()))) + "\n")
	for _, t := range m.conv.Turns() {
		if t.Speaker == pushback.RoleProspect {
			b.WriteString(wrap.Render(m.st.prospect.Render(speaker(sc)+": ")+t.Text) + "\n")
		} else {
			b.WriteString(wrap.Render(m.st.rep.Render("You: ")+t.Text) + "\n")
		}
	}
	b.WriteString("\n")
	switch m.state {
	case replying, continuing:
		if m.state == continuing {
			b.WriteString(m.st.subtle.Render("Go on: share why.") + "\n")
		}
		b.WriteString(m.input.View() + "\n")
		b.WriteString(m.st.subtle.Render("enter send · ctrl+j newline · esc quit") + "\n")
	case scoring:
		b.WriteString(m.st.subtle.Render("Scoring…") + "\n")
	case scored:
		b.WriteString(m.resultView(wrap))
		b.WriteString(m.st.subtle.Render("n next · ? keys · q quit") + "\n")
	}
	if m.help {
		b.WriteString("\n" + helpText)
	}
	return b.String()
}

const helpText = `Keys
  enter              send your reply
  ctrl+j, alt+enter  new line in your reply
  n                  next scenario (after a score)
  ?                  these keys (after a score, or on an empty reply)
  q                  quit with the summary (after a score)
  esc, ctrl+c        quit with the summary
`

func (m Model) resultView(wrap lipgloss.Style) string {
	r := m.result
	var b strings.Builder
	b.WriteString(m.st.title.Render(fmt.Sprintf("Score %d/100", r.Scores.Overall)) + "\n")
	var marks []string
	for _, k := range practice.SkillNames {
		v, known := r.Scores.Get(k)
		switch {
		case !known:
			continue
		case v:
			marks = append(marks, m.st.good.Render("✓ "+practice.SkillLabel(k)))
		default:
			marks = append(marks, m.st.bad.Render("✗ "+practice.SkillLabel(k)))
		}
	}
	b.WriteString(wrap.Render(strings.Join(marks, "  ")) + "\n\n")
	b.WriteString(wrap.Render(m.st.label.Render("Tip: ")+r.Tip) + "\n\n")
	b.WriteString(wrap.Render(m.st.label.Render("Model answer: ")+r.ModelAnswer) + "\n")
	if r.Scenario.WhyWrong != "" {
		b.WriteString(wrap.Render(m.st.label.Render("Why: ")+r.Scenario.WhyWrong) + "\n")
	}
	if f := r.FearReframe; f != nil {
		b.WriteString("\n" + m.st.fear.Width(min(wrap.GetWidth(), 96)).Render(f.Message) + "\n")
		if f.Easier != nil {
			b.WriteString(wrap.Render(m.st.label.Render("Press n for an easier one: ")+"“"+f.Easier.Statement+"”") + "\n")
		}
	}
	if m.warn != "" {
		b.WriteString(m.st.bad.Render(wrap.Render(m.warn)) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// speaker is how the prospect is named on screen.
func speaker(sc pushback.Scenario) string {
	if sc.Prospect != "" {
		return sc.Prospect
	}
	return "Prospect"
}

type styles struct {
	title, subtle, prospect, rep, label, good, bad, fear lipgloss.Style
}

func newStyles() styles {
	return styles{
		title:    lipgloss.NewStyle().Bold(true),
		subtle:   lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "242", Dark: "245"}),
		prospect: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "124", Dark: "210"}),
		rep:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "25", Dark: "111"}),
		label:    lipgloss.NewStyle().Bold(true),
		good:     lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "28", Dark: "114"}),
		bad:      lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "160", Dark: "203"}),
		fear:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
	}
}
