// Package roles decides who is on the seller side of a call: the speakers
// named with --rep, or, when none are named, a guess from how each speaker talks.
package roles

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pushback-coach/pushback"
)

// Assign sets every speaker's role. reps are the seller-side names the user
// gave (case-insensitive; a first name or an email-style id also matches).
// With no reps, Guess picks the seller side and the call says roles_guessed.
func Assign(call *pushback.Call, reps []string) error {
	if len(reps) == 0 {
		call.SetRoles(Guess(call), true)
		return nil
	}
	set := map[string]bool{}
	for _, r := range reps {
		matched := Match(call, r)
		if len(matched) == 0 {
			names := make([]string, len(call.Speakers))
			for i, s := range call.Speakers {
				names[i] = s.Name
			}
			return pushback.Errorf(pushback.EINVALID, "--rep %q matches no speaker (speakers: %s)", r, strings.Join(names, ", "))
		}
		for _, m := range matched {
			set[m] = true
		}
	}
	call.SetRoles(set, false)
	return nil
}

// Match returns the speakers a --rep value names: the speaker whose full
// name equals it (ignoring case), else those whose first name, or whose name
// as an email-style id ("dana.reyes@acme.com", "dreyes"), matches it.
func Match(call *pushback.Call, rep string) []string {
	want := normalise(rep)
	if want == "" {
		return nil
	}
	for _, s := range call.Speakers {
		if normalise(s.Name) == want {
			return []string{s.Name}
		}
	}
	wantWords := idWords(rep)
	var out []string
	for _, s := range call.Speakers {
		words := strings.Fields(normalise(s.Name))
		if len(words) == 0 {
			continue
		}
		switch {
		case !strings.Contains(want, " ") && words[0] == want:
			out = append(out, s.Name) // first name
		case strings.Join(idWords(s.Name), " ") == strings.Join(wantWords, " "):
			out = append(out, s.Name) // email-style id of the same person
		case len(wantWords) >= 2 && strings.Join(words, " ") == strings.Join(wantWords, " "):
			out = append(out, s.Name) // "dana.reyes@acme.com" for "Dana Reyes"
		case len(wantWords) == 1 && len(words) >= 2 && wantWords[0] == words[0][:1]+words[len(words)-1]:
			out = append(out, s.Name) // "dreyes" for "Dana Reyes"
		}
	}
	return out
}

func normalise(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// idWords splits an email-style id into lower-case words:
// "Dana.Reyes@acme.com" -> [dana reyes].
func idWords(s string) []string {
	s = strings.ToLower(s)
	if at := strings.IndexByte(s, '@'); at >= 0 {
		s = s[:at]
	}
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '.' || r == '_' || r == '-' || r == ' ' || r == '+'
	})
}

// Explain returns the per-speaker evidence behind Guess, for people who want
// to know why a speaker was taken for the rep.
func Explain(call *pushback.Call) []Evidence {
	ev := score(call)
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Score > ev[j].Score })
	return ev
}

// Evidence is why a speaker looks like the seller (positive score) or the buyer.
type Evidence struct {
	Speaker string
	Score   float64
	Cues    []string
}

func (e Evidence) String() string {
	return fmt.Sprintf("%s %.1f (%s)", e.Speaker, e.Score, strings.Join(e.Cues, "; "))
}
