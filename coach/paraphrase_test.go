package coach_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pushback-coach/pushback/coach"
)

func TestParaphrase(t *testing.T) {
	tests := []struct {
		name, quote, want string
	}{
		{"seller subject", "you guys will probably jack up the price after the first year", "we'll probably jack up the price after the first year"},
		{"seller possessive", "Your support is terrible.", "our support is terrible"},
		{"prospect we", "we don't need this", "you don't need this"},
		{"filler and prospect we", "Honestly, we don't need this.", "you don't need this"},
		{"I think", "I think your pricing is too high", "you think our pricing is too high"},
		{"I mean and tag question", "I mean, I think your pricing is way too high for a team our size, right?", "you think our pricing is way too high for a team your size"},
		{"seller object", "I don't trust you guys.", "you don't trust us"},
		{"object after verb", "we pay you a lot already", "you pay us a lot already"},
		{"subject after noun", "the moment you raise prices we walk", "the moment we raise prices you walk"},
		{"y'all", "Y'all will raise prices at renewal", "we'll raise prices at renewal"},
		{"contractions", "you're going to get acquired", "we're going to get acquired"},
		{"I am", "I am pretty sure you charge for every viewer, right?", "you're pretty sure we charge for every viewer"},
		{"am I", "am I wrong that your product is slow", "are you wrong that our product is slow"},
		{"me and my", "my boss told me your tool is buggy", "your boss told you our tool is buggy"},
		{"inner filler", "your support is, honestly, terrible", "our support is terrible"},
		{"trailing filler", "it's too expensive, honestly.", "it's too expensive"},
		{"laugh at the end", "you'll jack up the price once we're locked in, ha.", "we'll jack up the price once you're locked in"},
		{"joking at the end", "your support will vanish, just kidding.", "our support will vanish"},
		{"filler then though", "Honestly, though, you flooring guys are all the same.", "we flooring guys are all the same"},
		{"hesitations", "So, um, your, uh, onboarding takes months", "our onboarding takes months"},
		{"discourse opener", "Look, all these platforms are the same.", "all these platforms are the same"},
		{"look as a verb stays", "look at your reviews, they're awful", "look at our reviews, they're awful"},
		{"tag do you", "You don't integrate with Salesforce, do you?", "we don't integrate with Salesforce"},
		{"aside I bet", "You'll hand us off to a junior rep, I bet.", "we'll hand you off to a junior rep"},
		{"curly quotes", "“You’ll vanish once we sign”", "we'll vanish once you sign"},
		{"the country", "you don't host in the US", "we don't host in the US"},
		{"acronym first", "SSO costs extra with you", "SSO costs extra with us"},
		{"ampersand", "your R&D team & support are slow", "our R&D team & support are slow"},
		{"cut at a clause", "We tried a tool like yours at my last company and, honestly, it was a total waste of money because nobody used it after the first month",
			"you tried a tool like ours at your last company and it was a total waste of money"},
		{"cut with no clause", "every single vendor we have ever talked to in the last ten years has promised the exact same thing and more and more",
			"every single vendor you have ever talked to in the last ten years has promised"},
		{"contraction keeps it within the limit", "you will never ever be able to match what the big platforms give their biggest customers for the price",
			"we'll never ever be able to match what the big platforms give their biggest customers for the price"},
		{"hard cut backs off", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen the fifteen sixteen seventeen eighteen nineteen",
			"one two three four five six seven eight nine ten eleven twelve thirteen fourteen"},
		{"sentence capital dropped", "Everyone says your onboarding is slow", "everyone says our onboarding is slow"},
		{"name with inner capital kept", "HubSpot already does this for us", "HubSpot already does this for you"},
		{"dangling quote closed", `He said "your price doubles next year`, `he said "our price doubles next year"`},
		{"only fillers", "um, so, yeah", ""},
		{"empty", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := coach.Paraphrase(tt.quote)
			if got != tt.want {
				t.Errorf("Paraphrase(%q)\n got %q\nwant %q", tt.quote, got, tt.want)
			}
			if n := len(strings.Fields(got)); n > 18 {
				t.Errorf("Paraphrase(%q) has %d words, want at most 18", tt.quote, n)
			}
		})
	}
}

func FuzzParaphrase(f *testing.F) {
	for _, s := range []string{
		"you guys will probably jack up the price after the first year",
		"I mean, honestly, your, uh, support is terrible, right?",
		"“You’ll vanish once we sign”", ", , ,", "I", "you", "am I", "&", "\xff\xfe you", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, quote string) {
		got := coach.Paraphrase(quote)
		if n := len(strings.Fields(got)); n > 18 {
			t.Errorf("Paraphrase(%q) = %q: %d words", quote, got, n)
		}
		if got != strings.TrimSpace(got) {
			t.Errorf("Paraphrase(%q) = %q: space at an end", quote, got)
		}
		if utf8.ValidString(quote) && !utf8.ValidString(got) {
			t.Errorf("Paraphrase(%q) = %q: invalid UTF-8", quote, got)
		}
		if again := coach.Paraphrase(quote); again != got {
			t.Errorf("Paraphrase(%q) is not deterministic: %q, then %q", quote, got, again)
		}
	})
}
