package lang_test

import (
	"reflect"
	"testing"

	"github.com/pushback-coach/pushback/lang"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hi Bob. Thanks for making time.", []string{"Hi Bob.", "Thanks for making time."}},
		{"We raised $1.5M last year. It went well", []string{"We raised $1.5M last year.", "It went well"}},
		{"Dr. Smith met Mr. Jones at 3 p.m. on Friday.", []string{"Dr. Smith met Mr. Jones at 3 p.m. on Friday."}},
		{"J. R. Smith runs it. He is great.", []string{"J. R. Smith runs it.", "He is great."}},
		{"You said something I see differently... would you be ok if I challenged it?", []string{"You said something I see differently... would you be ok if I challenged it?"}},
		{"We tried it... It failed.", []string{"We tried it...", "It failed."}},
		{"Really?! You think so?", []string{"Really?!", "You think so?"}},
		{"tools like e.g. Salesforce are fine. ok", []string{"tools like e.g. Salesforce are fine.", "ok"}},
		{"yeah. so we looked at it. it was fine", []string{"yeah.", "so we looked at it.", "it was fine"}},
		{"it costs 2.5 times more", []string{"it costs 2.5 times more"}},
		{"He said \"no way.\" Then he left.", []string{"He said \"no way.\"", "Then he left."}},
		{"We work with Acme Inc. They like us.", []string{"We work with Acme Inc.", "They like us."}},
		{"We're in the U.S. market.", []string{"We're in the U.S. market."}},
		{"   ", nil},
		{"no punctuation at all in this one", []string{"no punctuation at all in this one"}},
		{"Version 2.0 is out. See www.acme.com. Good?", []string{"Version 2.0 is out.", "See www.acme.com.", "Good?"}},
		{"Wait… what? Okay.", []string{"Wait… what?", "Okay."}},
	}
	for _, tt := range tests {
		got := lang.Sentences(tt.in)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanSpace(t *testing.T) {
	for in, want := range map[string]string{
		"  a  b\n c ": "a b c",
		"a b":         "a b",
		"":            "",
		"\u00a0x":     "x",
		"a\u00a0b":    "a b",
		"a\tb":        "a b",
		"ünï  çødé":   "ünï çødé",
		"x ":          "x",
	} {
		if got := lang.CleanSpace(in); got != want {
			t.Errorf("CleanSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkSentences(b *testing.B) {
	text := "Hi Bob, thanks for making time. We raised $1.5M last year... and Dr. Smith said it went well! Really?! I think you'll raise prices after year one, e.g. like every vendor does "
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		lang.Sentences(text)
	}
}
