package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// The words people read about a moment and a score, shared by the reports
// and the web app's call page (package web), so both say the same thing in
// the same words. Text taken from an analysis is cleaned with Clean; the
// caller escapes it for its format.

// Moment is what a moment's card says, the same in every report and on the
// web app's call page. It leaves the moment's kind (Category.Label) and
// anchors to the view that embeds it.
type Moment struct {
	Time        string // the turn's start, "2:13", or "turn 12" without times
	Speaker     string // who said it, "" when the turn is missing
	Quote       string
	Confidence  string // "87%"
	Topics      []string
	Reasons     []string // why it was flagged
	Verdict     string   // what the rep did: Verdict
	VerdictKind string   // pushed, let-go or no-reply
	Checks      []Check  // the craft of a push-back, nil otherwise
	Evidence    []Quote  // the words behind the verdicts
	Script      string   // the suggested push-back
	ThenShare   string   // what to share after it: the suggestion's, or the fact's claim
	FactID      string
	Feedback    string
}

// NewMoment words moment m of analysis a.
func NewMoment(a *pushback.Analysis, m *pushback.Moment) Moment {
	w := Moment{
		Time:       fmt.Sprintf("turn %d", m.Turn),
		Quote:      Clean(m.Quote),
		Confidence: fmt.Sprintf("%d%%", int(math.Round(m.Confidence*100))),
		Feedback:   Clean(m.Feedback),
	}
	if m.Turn >= 0 && m.Turn < len(a.Turns) {
		t := &a.Turns[m.Turn]
		w.Speaker = Clean(t.Speaker)
		if c := Clock(t.Start); c != "" {
			w.Time = c
		}
	}
	for _, t := range m.Topics {
		w.Topics = append(w.Topics, Clean(string(t)))
	}
	for _, r := range m.Reasons {
		w.Reasons = append(w.Reasons, Clean(r))
	}
	if m.Fact != nil {
		w.FactID = Clean(m.Fact.ID)
	}
	if s := m.Suggestion; s != nil {
		w.Script = Clean(s.Script)
		w.ThenShare = Clean(s.ThenShare)
	}
	if w.ThenShare == "" && m.Fact != nil {
		w.ThenShare = Clean(m.Fact.Claim)
	}
	w.Verdict, w.VerdictKind = Verdict(m.Response)
	w.Checks = Checks(m.Response)
	if r := m.Response; r != nil {
		w.Evidence = Evidence(r.Evidence)
	}
	return w
}

// Verdict words what the rep did after a moment, and the class of verdict:
// "pushed", "let-go" or "no-reply" (for styling). A nil response is no
// reply; a push-back counts as one whatever How says.
func Verdict(r *pushback.Response) (text, class string) {
	switch {
	case r == nil:
		return "No reply from the rep", "no-reply"
	case r.PushedBack:
		return "Pushed back", "pushed"
	case r.How == pushback.HowNoReply:
		return "No reply from the rep", "no-reply"
	case r.How == "":
		return "Let it go", "let-go"
	}
	return "Let it go: " + HowLabel(r.How), "let-go"
}

// howLabels word what the rep did after a moment.
var howLabels = map[pushback.How]string{
	pushback.HowPushedBack:         "pushed back",
	pushback.HowAgreed:             "agreed",
	pushback.HowConceded:           "conceded",
	pushback.HowIgnored:            "ignored it or changed the subject",
	pushback.HowClarifyingQuestion: "asked a clarifying question only",
	pushback.HowNoReply:            "did not reply",
}

// HowLabel words what the rep did after a moment, in lower case: "agreed",
// "ignored it or changed the subject". A How it does not know is shown as
// its words; the empty How is "".
func HowLabel(h pushback.How) string {
	if l, ok := howLabels[h]; ok {
		return l
	}
	return Clean(strings.ReplaceAll(string(h), "_", " "))
}

// Check is one part of the craft of a push-back and whether the rep did it.
type Check struct {
	Label string // "warning", "permission first", ...
	State string // "yes", "no", or "unknown" when not judged
}

// Checks are the parts of the craft of a push-back, in the method's order:
// warning, permission first, respectful, calm, reason given. They judge a
// push-back only: for no reply, or one that let the moment go, Checks
// returns nil.
func Checks(r *pushback.Response) []Check {
	if r == nil || !r.PushedBack {
		return nil
	}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	opt := func(b *bool) string {
		if b == nil {
			return "unknown"
		}
		return yes(*b)
	}
	permission := Check{Label: "permission first", State: yes(r.PermissionFirst)}
	if r.Permission && !r.PermissionFirst {
		permission.Label = "permission (after the challenge)"
	}
	return []Check{
		{Label: "warning", State: yes(r.Warning)},
		permission,
		{Label: "respectful", State: opt(r.Respectful)},
		{Label: "calm", State: opt(r.Calm)},
		{Label: "reason given", State: yes(r.GaveReason)},
	}
}

// Quote is the rep's words behind one verdict: Label names the verdict
// ("warning", "reason"), Quote is what the rep said.
type Quote struct{ Label, Quote string }

// evidenceOrder is the order the words behind the verdicts are shown in.
var evidenceOrder = []string{"warning", "permission", "challenge", "reason", "respectful", "disrespect", "calm", "uncalm"}

// Evidence lists the words behind the verdicts (pushback.Response.Evidence)
// in the method's order, others after them by name, leaving out empty
// quotes.
func Evidence(ev map[string]string) []Quote {
	keys := make([]string, 0, len(ev))
	for k, q := range ev {
		if strings.TrimSpace(q) != "" {
			keys = append(keys, k)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(evidenceOrder, k); i >= 0 {
			return i
		}
		return len(evidenceOrder)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
	})
	out := make([]Quote, 0, len(keys))
	for _, k := range keys {
		out = append(out, Quote{Label: Clean(strings.ReplaceAll(k, "_", " ")), Quote: Clean(ev[k])})
	}
	return out
}

// noValue stands for a score with nothing to divide.
const noValue = "–"

// Percent formats a share in [0, 1] as "62%", or "–" when there is nothing
// to divide (nil or NaN).
func Percent(f *float64) string {
	if f == nil || math.IsNaN(*f) {
		return noValue
	}
	return fmt.Sprintf("%d%%", Percentage(f))
}

// Percentage is a share as a whole percentage in [0, 100], for score bars;
// 0 when there is nothing to divide.
func Percentage(f *float64) int {
	if f == nil || math.IsNaN(*f) {
		return 0
	}
	return int(math.Round(min(max(*f, 0), 1) * 100))
}

// Clock formats a time in the call as m:ss or h:mm:ss, or "" when unknown.
func Clock(s pushback.Seconds) string {
	if !s.Known() {
		return ""
	}
	total := int(math.Round(float64(s)))
	h, m, sec := total/3600, total/60%60, total%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// Clean makes transcript text safe to show: control characters (a terminal
// escape sequence in a transcript must not reach the terminal) become
// spaces, invalid UTF-8 becomes U+FFFD, and runs of white space become one
// space, trimmed. Escaping for HTML or Markdown is left to the caller.
func Clean(s string) string {
	ok := true
	for _, r := range s {
		if r != ' ' && unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			ok = false
			break
		}
	}
	if ok && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return ' '
		}
		if r == utf8.RuneError {
			return '�'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// FindQuote finds quote in text, where both are cleaned (Clean), first as
// it is and then ignoring case, and failing that without its final
// punctuation. It returns the byte offsets of the match in text.
func FindQuote(text, quote string) (start, end int, ok bool) {
	for _, q := range []string{quote, strings.TrimRight(quote, ".,;:!?…")} {
		if q == "" {
			continue
		}
		if i := strings.Index(text, q); i >= 0 {
			return i, i + len(q), true
		}
		n := utf8.RuneCountInString(q)
		for i := range text {
			j, k := i, 0
			for k < n && j < len(text) {
				_, size := utf8.DecodeRuneInString(text[j:])
				j += size
				k++
			}
			if k == n && strings.EqualFold(text[i:j], q) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
