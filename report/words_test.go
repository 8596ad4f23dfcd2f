package report_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/report"
)

func TestVerdict(t *testing.T) {
	for _, tt := range []struct {
		r           *pushback.Response
		text, class string
	}{
		{nil, "No reply from the rep", "no-reply"},
		{&pushback.Response{How: pushback.HowNoReply}, "No reply from the rep", "no-reply"},
		{&pushback.Response{PushedBack: true, How: pushback.HowPushedBack}, "Pushed back", "pushed"},
		// A push-back is one whatever How says.
		{&pushback.Response{PushedBack: true, How: pushback.HowNoReply}, "Pushed back", "pushed"},
		{&pushback.Response{How: pushback.HowAgreed}, "Let it go: agreed", "let-go"},
		{&pushback.Response{How: pushback.HowIgnored}, "Let it go: ignored it or changed the subject", "let-go"},
		{&pushback.Response{How: pushback.HowClarifyingQuestion}, "Let it go: asked a clarifying question only", "let-go"},
		{&pushback.Response{}, "Let it go", "let-go"},
		{&pushback.Response{How: "changed_topic\x1b[2J"}, "Let it go: changed topic [2J", "let-go"},
	} {
		text, class := report.Verdict(tt.r)
		if text != tt.text || class != tt.class {
			t.Errorf("Verdict(%+v) = %q, %q; want %q, %q", tt.r, text, class, tt.text, tt.class)
		}
	}
}

func TestChecks(t *testing.T) {
	if c := report.Checks(nil); c != nil {
		t.Errorf("Checks(nil) = %v, want nil", c)
	}
	if c := report.Checks(&pushback.Response{How: pushback.HowAgreed}); c != nil {
		t.Errorf("Checks(let go) = %v, want nil", c)
	}
	got := report.Checks(&pushback.Response{PushedBack: true, Warning: true, Permission: true, PermissionFirst: true, Calm: pushback.Bool(false)})
	want := []report.Check{
		{Label: "warning", State: "yes"},
		{Label: "permission first", State: "yes"},
		{Label: "respectful", State: "unknown"},
		{Label: "calm", State: "no"},
		{Label: "reason given", State: "no"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Checks = %v, want %v", got, want)
	}
	got = report.Checks(&pushback.Response{PushedBack: true, Permission: true})
	if got[1] != (report.Check{Label: "permission (after the challenge)", State: "no"}) {
		t.Errorf("permission after the challenge: %v", got[1])
	}
}

func TestEvidence(t *testing.T) {
	got := report.Evidence(map[string]string{
		"used_name": "Dana,",
		"reason":    "We cut onboarding to two weeks.",
		"warning":   "I see it differently.",
		"calm":      "  ",
		"other":     "x",
	})
	want := []report.Quote{
		{Label: "warning", Quote: "I see it differently."},
		{Label: "reason", Quote: "We cut onboarding to two weeks."},
		{Label: "other", Quote: "x"},
		{Label: "used name", Quote: "Dana,"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Evidence = %v, want %v", got, want)
	}
}

func TestPercentAndClock(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		f *float64
		s string
		n int
	}{
		{nil, "–", 0},
		{f(math.NaN()), "–", 0},
		{f(0.625), "63%", 63},
		{f(1.2), "100%", 100},
	} {
		if s, n := report.Percent(tt.f), report.Percentage(tt.f); s != tt.s || n != tt.n {
			t.Errorf("Percent, Percentage(%v) = %q, %d; want %q, %d", tt.f, s, n, tt.s, tt.n)
		}
	}
	for s, want := range map[pushback.Seconds]string{pushback.NoTime: "", 0: "0:00", 133.4: "2:13", 3725: "1:02:05"} {
		if got := report.Clock(s); got != want {
			t.Errorf("Clock(%v) = %q, want %q", s, got, want)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":        "plain text",
		" two  spaces\t":    "two spaces",
		"no\u00a0break":     "no break",
		"a\u2028b\x1b[31mc": "a b [31mc",
		"bad \xff byte":     "bad � byte",
	} {
		if got := report.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindQuote(t *testing.T) {
	text := "Honestly, your PRICING is too high. We will look elsewhere."
	for _, tt := range []struct {
		quote string
		want  string
	}{
		{"your PRICING is too high.", "your PRICING is too high."},
		{"your pricing is too high", "your PRICING is too high"},
		{"We will look elsewhere!", "We will look elsewhere"},
		{"not there", ""},
	} {
		start, end, ok := report.FindQuote(text, tt.quote)
		if got := text[start:end]; ok != (tt.want != "") || got != tt.want {
			t.Errorf("FindQuote(%q) = %q, %v; want %q", tt.quote, got, ok, tt.want)
		}
	}
}
