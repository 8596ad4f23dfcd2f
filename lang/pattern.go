package lang

import (
	"fmt"
	"strings"
)

// Pattern is a compiled cue pattern: a sequence of words matched against
// lower-cased tokens. The syntax, kept small so that playbooks stay readable:
//
//	you guys will    the words in order
//	raise*           a word starting with "raise" (raise, raised, raises)
//	will|'ll         one of several words
//	you * will       any one word in between
//	you ... will     up to three words in between
//
// Apostrophes are part of words ("don't", "'ll"); tokenisation splits "you'll"
// into "you" and "'ll" so both "you will" and "you'll" match "you will|'ll".
type Pattern struct {
	Source string
	steps  []step
}

type step struct {
	words    []string // alternatives; empty for a gap
	prefixes []string // alternatives ending in *
	gap      int      // >0: a gap of minGap to gap words (exactly 1 for *, 0 to 3 for ...)
	minGap   int
}

// CompilePattern parses a pattern.
func CompilePattern(src string) (*Pattern, error) {
	fields := strings.Fields(strings.ToLower(src))
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	p := &Pattern{Source: src, steps: make([]step, 0, len(fields))}
	for i, f := range fields {
		switch f {
		case "*", "...":
			if i == 0 || i == len(fields)-1 {
				return nil, fmt.Errorf("pattern %q: %q must sit between two words", src, f)
			}
			if p.steps[len(p.steps)-1].gap > 0 {
				return nil, fmt.Errorf("pattern %q: two gaps in a row", src)
			}
			g := step{gap: 1, minGap: 1}
			if f == "..." {
				g = step{gap: 3}
			}
			p.steps = append(p.steps, g)
			continue
		}
		if plainWord(f) { // as Tokens(f) would have it
			// The step's one word, sliced from fields (capacity cut, so
			// no append reaches a neighbour): no allocation.
			p.steps = append(p.steps, step{words: fields[i : i+1 : i+1]})
			continue
		}
		alts := strings.Split(f, "|")
		if len(alts) == 1 && !strings.Contains(f, "*") && !strings.HasPrefix(f, "'") {
			// "you'll" is two tokens: two steps.
			toks := Tokens(f)
			if len(toks) == 0 {
				return nil, fmt.Errorf("pattern %q: %q has no word in it", src, f)
			}
			for _, t := range toks {
				p.steps = append(p.steps, step{words: []string{t}})
			}
			continue
		}
		var s step
		for _, alt := range alts {
			if alt == "" || alt == "*" {
				return nil, fmt.Errorf("pattern %q: empty alternative in %q", src, f)
			}
			stem := strings.TrimSuffix(alt, "*")
			if strings.Contains(stem, "*") {
				return nil, fmt.Errorf("pattern %q: '*' only at the end of a word", src)
			}
			toks := Tokens(stem)
			if strings.HasPrefix(stem, "'") && !strings.ContainsAny(stem[1:], "' ") {
				toks = []string{stem} // a clitic on its own: "'ll"
			}
			if len(toks) != 1 {
				return nil, fmt.Errorf("pattern %q: alternative %q is not one word (split it: \"you will|'ll\")", src, alt)
			}
			if strings.HasSuffix(alt, "*") {
				s.prefixes = append(s.prefixes, toks[0])
			} else {
				s.words = append(s.words, toks[0])
			}
		}
		p.steps = append(p.steps, s)
	}
	return p, nil
}

// plainWord reports whether f is letters, digits and underscores, all
// ASCII and none upper-case: one token, itself.
func plainWord(f string) bool {
	for i := 0; i < len(f); i++ {
		if byteClass[f[i]] != bWord {
			return false
		}
	}
	return f != ""
}

// First returns the words and prefixes the pattern can start with, so
// matchers can index patterns by first token.
func (p *Pattern) First() (words, prefixes []string) {
	return p.steps[0].words, p.steps[0].prefixes
}

func (s *step) match(tok string) bool {
	for _, w := range s.words {
		if w == tok {
			return true
		}
	}
	for _, pre := range s.prefixes {
		if strings.HasPrefix(tok, pre) {
			return true
		}
	}
	return false
}

// MatchAt reports whether the pattern matches toks starting at i, and the
// index just past the match.
func (p *Pattern) MatchAt(toks []string, i int) (int, bool) {
	return matchSteps(p.steps, toks, i)
}

func matchSteps(steps []step, toks []string, i int) (int, bool) {
	if len(steps) == 0 {
		return i, true
	}
	s := &steps[0]
	if s.gap > 0 {
		for skip := s.minGap; skip <= s.gap && i+skip <= len(toks); skip++ {
			if end, ok := matchSteps(steps[1:], toks, i+skip); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i >= len(toks) || !s.match(toks[i]) {
		return 0, false
	}
	return matchSteps(steps[1:], toks, i+1)
}

// Step is one position of a pattern, for matchers that compile patterns
// further: a word (one of Words, or starting with one of Prefixes), or a gap
// of MinGap to MaxGap words.
type Step struct {
	Words, Prefixes []string
	MinGap, MaxGap  int
}

// NumSteps returns the number of the pattern's steps.
func (p *Pattern) NumSteps() int { return len(p.steps) }

// Step returns step i of the pattern, as in Steps, without copying them
// all.
func (p *Pattern) Step(i int) Step {
	s := &p.steps[i]
	return Step{Words: s.words, Prefixes: s.prefixes, MinGap: s.minGap, MaxGap: s.gap}
}

// Steps returns the pattern's steps.
func (p *Pattern) Steps() []Step {
	out := make([]Step, len(p.steps))
	for i, s := range p.steps {
		out[i] = Step{Words: s.words, Prefixes: s.prefixes, MinGap: s.minGap, MaxGap: s.gap}
	}
	return out
}
