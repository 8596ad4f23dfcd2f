package practice

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pushback-coach/pushback"
)

// Library is the set of scenarios a rep can practise: the playbook's
// scenarios (the embedded library plus a team's own) and one scenario for
// each misconception of the playbook's facts.
type Library struct {
	scenarios []pushback.Scenario
	byID      map[string]int
}

// NewLibrary builds the library of a playbook.
func NewLibrary(pb *pushback.Playbook) *Library {
	l := &Library{byID: map[string]int{}}
	for _, sc := range pb.Scenarios {
		l.add(sc)
	}
	for _, sc := range FromFacts(pb) {
		if _, dup := l.byID[sc.ID]; !dup && !l.hasStatement(sc.Statement) {
			l.add(sc)
		}
	}
	return l
}

func (l *Library) add(sc pushback.Scenario) {
	l.byID[sc.ID] = len(l.scenarios)
	l.scenarios = append(l.scenarios, sc)
}

func (l *Library) hasStatement(s string) bool {
	return slices.ContainsFunc(l.scenarios, func(x pushback.Scenario) bool { return strings.EqualFold(x.Statement, s) })
}

// Scenarios returns every scenario, in library order.
func (l *Library) Scenarios() []pushback.Scenario { return slices.Clone(l.scenarios) }

// Len is the number of scenarios.
func (l *Library) Len() int { return len(l.scenarios) }

// Scenario returns the scenario with the id.
func (l *Library) Scenario(id string) (pushback.Scenario, bool) {
	i, ok := l.byID[id]
	if !ok {
		return pushback.Scenario{}, false
	}
	return l.scenarios[i], true
}

// Filter returns the scenarios that match f, in library order.
func (l *Library) Filter(f Filter) []pushback.Scenario {
	var out []pushback.Scenario
	for _, sc := range l.scenarios {
		if f.Match(sc) {
			out = append(out, sc)
		}
	}
	return out
}

// Industries lists the industries in the library, sorted.
func (l *Library) Industries() []string {
	return l.distinct(func(sc pushback.Scenario) string { return strings.ToLower(sc.Industry) })
}

// Personas lists the personas in the library, sorted.
func (l *Library) Personas() []string {
	return l.distinct(func(sc pushback.Scenario) string { return sc.Persona })
}

func (l *Library) distinct(key func(pushback.Scenario) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, sc := range l.scenarios {
		if k := key(sc); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Filter selects scenarios. Empty fields match everything; Industry matches
// whole (case-insensitive), Persona matches any part ("cfo" matches
// "sceptical CFO").
type Filter struct {
	Category   pushback.Category
	Industry   string
	Persona    string
	Difficulty pushback.Difficulty
}

// Match reports whether sc passes the filter.
func (f Filter) Match(sc pushback.Scenario) bool {
	return (f.Category == "" || sc.Category == f.Category) &&
		(f.Difficulty == "" || sc.Difficulty == f.Difficulty) &&
		(f.Industry == "" || strings.EqualFold(sc.Industry, f.Industry)) &&
		(f.Persona == "" || strings.Contains(words(sc.Persona), words(f.Persona)))
}

// Check validates the filter against the library: a category or difficulty
// that does not exist, or an industry no scenario has, is an EINVALID error
// that lists what there is.
func (f Filter) Check(l *Library) error {
	if f.Category != "" && !f.Category.Valid() {
		return pushback.Errorf(pushback.EINVALID, "category %q: expected incorrect_fact, unfounded_conclusion or forward_looking", f.Category)
	}
	if f.Difficulty != "" && !slices.Contains(difficulties, f.Difficulty) {
		return pushback.Errorf(pushback.EINVALID, "difficulty %q: expected easy, medium or hard", f.Difficulty)
	}
	if f.Industry != "" && !slices.Contains(l.Industries(), strings.ToLower(f.Industry)) {
		return pushback.Errorf(pushback.EINVALID, "industry %q: no scenarios (industries: %s)", f.Industry, strings.Join(l.Industries(), ", "))
	}
	if f.Persona != "" && !slices.ContainsFunc(l.scenarios, func(sc pushback.Scenario) bool { return Filter{Persona: f.Persona}.Match(sc) }) {
		return pushback.Errorf(pushback.EINVALID, "persona %q: no scenarios (personas: %s)", f.Persona, strings.Join(l.Personas(), "; "))
	}
	return nil
}

// FromFacts makes a practice scenario of every misconception of the
// playbook's facts: the prospect repeats the misconception (plainly, as
// hearsay, or hedged, by turns easy, medium and hard), the fact's claim is
// why it is wrong, and the model push-back is built from the playbook's own
// warning and permission scripts and the claim. Ids are fact-ID-N. The
// built-in facts about the world are left out: practice is about the team's
// own facts, and four hundred general beliefs would bury them.
func FromFacts(pb *pushback.Playbook) []pushback.Scenario {
	g := coachConfig().Generated
	var out []pushback.Scenario
	n := 0
	for _, f := range pb.Facts {
		if f.AboutWorld() {
			continue
		}
		for i, m := range f.Misconceptions {
			m = strings.TrimRight(strings.TrimSpace(m), ".!?")
			if m == "" || strings.TrimSpace(f.Claim) == "" {
				continue
			}
			id := fmt.Sprintf("fact-%s-%d", f.ID, i+1)
			diff := difficulties[n%len(difficulties)]
			name := g.Prospects[n%len(g.Prospects)]
			framing := pick(g.Framings[string(diff)], id)
			statement := capitalise(strings.ReplaceAll(framing, "{misconception}", m))
			out = append(out, pushback.Scenario{
				ID:            id,
				Category:      pushback.IncorrectFact,
				Industry:      g.Industry,
				Persona:       g.Personas[n%len(g.Personas)],
				Prospect:      name,
				Difficulty:    diff,
				Statement:     statement,
				WhyWrong:      strings.TrimSpace(f.Claim),
				ModelPushback: modelPushback(pb, f, m, name, id),
				Topics:        slices.Clone(f.Topics),
				Fact:          f.ID,
			})
			n++
		}
	}
	return out
}

// modelPushback builds warning, permission and the fact from the playbook's
// scripts; a playbook with none uses the coach's lines.
func modelPushback(pb *pushback.Playbook, f pushback.Fact, misconception, name, key string) string {
	warnings, permissions := pb.Scripts.Warnings, pb.Scripts.Permissions
	if len(warnings) == 0 {
		warnings = coachConfig().Lines.Warnings
	}
	if len(permissions) == 0 {
		permissions = coachConfig().Lines.Permissions
	}
	topic := "that"
	if len(f.Topics) > 0 {
		topic = string(f.Topics[0])
	}
	company, product := pb.Company, pb.Product
	if company == "" {
		company = "we"
	}
	if product == "" {
		product = "the product"
	}
	vars := map[string]string{"name": name, "paraphrase": paraphrase(misconception), "topic": topic, "company": company, "product": product}
	w := fill(pick(warnings, key+"/w"), vars)
	p := fill(pick(permissions, key+"/p"), vars)
	return w + " " + p + " … " + strings.TrimSpace(f.Claim)
}

// swaps turns the prospect's point of view into the rep's: "you don't
// integrate" becomes "we don't integrate".
var swaps = map[string]string{
	"you": "we", "your": "our", "yours": "ours", "yourself": "ourselves", "yourselves": "ourselves",
	"you're": "we're", "you'll": "we'll", "you've": "we've", "you'd": "we'd",
	"we": "you", "our": "your", "ours": "yours", "us": "you", "ourselves": "yourselves",
	"we're": "you're", "we'll": "you'll", "we've": "you've", "we'd": "you'd",
	"i": "you", "my": "your", "me": "you", "mine": "yours", "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd",
}

// paraphrase restates a prospect's words from the rep's side.
func paraphrase(s string) string {
	fields := strings.Fields(s)
	for i, w := range fields {
		core := strings.TrimRight(w, ",;:")
		tail := w[len(core):]
		lower := strings.ToLower(strings.ReplaceAll(core, "’", "'"))
		if r, ok := swaps[lower]; ok {
			fields[i] = r + tail
		}
	}
	out := strings.Join(fields, " ")
	// Lower-case the first letter unless the word is an acronym or a name
	// the whole sentence starts with ("CRM", "Salesforce" stay).
	if len(out) > 1 && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z' {
		first := strings.Fields(out)[0]
		if _, swapped := swaps[strings.ToLower(first)]; swapped || isCommonWord(first) {
			out = strings.ToLower(out[:1]) + out[1:]
		}
	}
	return out
}

func isCommonWord(w string) bool {
	switch strings.ToLower(strings.TrimRight(w, ",")) {
	case "there", "there's", "the", "a", "an", "it", "it's", "they", "they're", "nobody", "no", "everyone", "all", "this", "that":
		return true
	}
	return false
}
