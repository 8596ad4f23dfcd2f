package coach_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/coach"
	"github.com/pushback-coach/pushback/playbook"
)

// testPlaybook is a small playbook whose scripts the tests can predict.
func testPlaybook() *pushback.Playbook {
	return &pushback.Playbook{
		Name:    "test",
		Company: "Acme",
		Product: "Acme Insight",
		Scripts: pushback.Scripts{
			Warnings: []string{
				"{name}, you said something a moment ago that I see a little differently: {paraphrase}.",
				"Before we move on, {name}, you said {paraphrase}, and I see that one differently.",
				"Can I be candid for a second, {name}? You mentioned {paraphrase}.",
			},
			Permissions: []string{
				"Would you be ok if I challenged that a little and shared why?",
				"Mind if I share a different perspective on that?",
			},
			Share: map[pushback.Category][]string{
				pushback.ForwardLooking: {"Name what {company} has done and what is in writing."},
				pushback.IncorrectFact:  {"Share how {product} really handles {topic}."},
			},
		},
	}
}

// testCall is a call with a rep and a prospect taking turns, and a turn by
// a speaker with a generic label.
func testCall() *pushback.Call {
	c := &pushback.Call{
		Schema: pushback.CallSchema,
		Source: "calls/acme-discovery.vtt",
		Speakers: []pushback.Speaker{
			{Name: "Dana Reyes", Role: pushback.RoleRep},
			{Name: "Bob Stone", Role: pushback.RoleProspect},
			{Name: "Speaker 3", Role: pushback.RoleProspect},
		},
	}
	for i := 0; i < 40; i++ {
		sp, role := "Bob Stone", pushback.RoleProspect
		if i%2 == 1 {
			sp, role = "Dana Reyes", pushback.RoleRep
		}
		if i == 20 {
			sp = "Speaker 3"
		}
		c.Turns = append(c.Turns, pushback.Turn{Index: i, Speaker: sp, Role: role, Text: "..."})
	}
	return c
}

func moment(turn int, quote string, cat pushback.Category, topics ...pushback.Topic) *pushback.Moment {
	return &pushback.Moment{Turn: turn, Quote: quote, Category: cat, Topics: topics}
}

func TestSuggestShape(t *testing.T) {
	c := coach.New(testPlaybook())
	call := testCall()
	m := moment(2, "you guys will probably jack up the price after the first year", pushback.ForwardLooking, pushback.TopicPrice)
	s := c.Suggest(call, m)
	if s == nil {
		t.Fatal("Suggest returned nil")
	}
	if !strings.Contains(s.Script, "Bob") {
		t.Errorf("script %q does not address the prospect by first name", s.Script)
	}
	if strings.Contains(s.Script, "Stone") {
		t.Errorf("script %q uses the last name", s.Script)
	}
	if !strings.Contains(s.Script, "we'll probably jack up the price after the first year") {
		t.Errorf("script %q lacks the paraphrase in the rep's voice", s.Script)
	}
	if !strings.HasSuffix(s.Script, "?") {
		t.Errorf("script %q does not end by asking permission", s.Script)
	}
	if strings.Contains(s.Script, "{") {
		t.Errorf("script %q has an unfilled placeholder", s.Script)
	}
	// Category guidance with the company, then the price hint.
	if !strings.HasPrefix(s.ThenShare, "Name what Acme has done") || !strings.Contains(s.ThenShare, "On price") {
		t.Errorf("then_share = %q, want the forward-looking guidance for Acme and the price hint", s.ThenShare)
	}
}

func TestSuggestSharesTheFact(t *testing.T) {
	c := coach.New(testPlaybook())
	m := moment(2, "you charge for every viewer", pushback.IncorrectFact, pushback.TopicPrice)
	m.Fact = &pushback.FactRef{ID: "viewer-pricing", Claim: "Viewers are free on every plan."}
	if got := c.Suggest(testCall(), m).ThenShare; got != "Viewers are free on every plan." {
		t.Errorf("then_share = %q, want the fact's claim", got)
	}
	m.Fact = nil
	if got := c.Suggest(testCall(), m).ThenShare; !strings.HasPrefix(got, "Share how Acme Insight really handles price.") {
		t.Errorf("then_share = %q, want the incorrect-fact guidance with product and topic", got)
	}
}

// variedPlaybook has five warnings and five permissions, as the default does.
func variedPlaybook() *pushback.Playbook {
	pb := testPlaybook()
	pb.Scripts.Warnings = append(pb.Scripts.Warnings,
		"{name}, I want to come back to something you mentioned, that {paraphrase}.",
		"{name}, I hear that a lot, that {paraphrase}, and I'd see it another way.")
	pb.Scripts.Permissions = append(pb.Scripts.Permissions,
		"Would you be open to hearing why I see it differently?",
		"Is it ok if I offer a different take before we go on?",
		"Could I share what we've seen?")
	return pb
}

func TestSuggestIsDeterministic(t *testing.T) {
	pb := variedPlaybook()
	call := testCall()
	quotes := []string{"your support is terrible", "we don't need this", "you'll raise prices at renewal"}
	run := func() []pushback.Suggestion {
		c := coach.New(pb) // a fresh coach: nothing may depend on state
		var out []pushback.Suggestion
		for turn := 0; turn < 30; turn += 2 {
			out = append(out, *c.Suggest(call, moment(turn, quotes[turn%3], pushback.UnfoundedConclusion, pushback.TopicSupport)))
		}
		return out
	}
	first, second := run(), run()
	for i := range first {
		if first[i] != second[i] {
			t.Errorf("moment %d: two runs differ:\n%q\n%q", i, first[i], second[i])
		}
	}
	// Different moments of one call get different phrasings.
	warnings := map[string]bool{}
	for _, s := range first {
		warnings[strings.SplitN(s.Script, "?", 2)[0][:20]] = true
	}
	if len(warnings) < 3 {
		t.Errorf("15 moments used only %d openings, want varied phrasing: %q", len(warnings), first)
	}
	// Another call gives other choices for the same turns.
	other := *call
	other.Source = "calls/other.vtt"
	c := coach.New(pb)
	same := 0
	for i, turn := 0, 0; turn < 30; i, turn = i+1, turn+2 {
		if c.Suggest(&other, moment(turn, quotes[turn%3], pushback.UnfoundedConclusion, pushback.TopicSupport)).Script == first[i].Script {
			same++
		}
	}
	if same == len(first) {
		t.Error("a different call source gave exactly the same scripts")
	}
}

func TestSuggestWithoutName(t *testing.T) {
	pb := testPlaybook()
	// Each warning shape on its own, for a speaker with a generic label.
	want := []string{
		"You said something a moment ago that I see a little differently: our support is terrible. Mind if I share a different perspective on that?",
		"Before we move on, you said our support is terrible, and I see that one differently. Mind if I share a different perspective on that?",
		"Can I be candid for a second? You mentioned our support is terrible. Mind if I share a different perspective on that?",
	}
	for i, w := range pb.Scripts.Warnings {
		one := testPlaybook()
		one.Scripts.Warnings = []string{w}
		one.Scripts.Permissions = []string{"Mind if I share a different perspective on that?"}
		got := coach.New(one).Suggest(testCall(), moment(20, "Your support is terrible.", pushback.UnfoundedConclusion, pushback.TopicSupport)).Script
		if got != want[i] {
			t.Errorf("warning %d without a name:\n got %q\nwant %q", i, got, want[i])
		}
	}
}

// A moment whose quote took in the sentence before the claim is said back by
// its claim alone.
func TestSuggestSaysBackTheCore(t *testing.T) {
	one := testPlaybook()
	one.Scripts.Warnings = []string{"Can I be candid for a second? You mentioned {paraphrase}."}
	one.Scripts.Permissions = []string{"Mind if I share a different perspective on that?"}
	m := moment(20, "And honestly, we looked at a few of these last year. Your support is terrible.", pushback.UnfoundedConclusion, pushback.TopicSupport)
	m.Core = "Your support is terrible."
	got := coach.New(one).Suggest(testCall(), m).Script
	want := "Can I be candid for a second? You mentioned our support is terrible. Mind if I share a different perspective on that?"
	if got != want {
		t.Errorf("script\n got %q\nwant %q", got, want)
	}
}

func TestSuggestNamesAndEdges(t *testing.T) {
	c := coach.New(testPlaybook())
	if c.Suggest(testCall(), nil) != nil {
		t.Error("Suggest(nil moment) != nil")
	}
	// A turn out of range or no call: no name, still a script.
	for _, call := range []*pushback.Call{nil, {Source: "x"}} {
		s := c.Suggest(call, moment(99, "we don't need this", pushback.UnfoundedConclusion, pushback.TopicNeed))
		if s == nil || s.Script == "" || strings.HasPrefix(s.Script, ",") || strings.Contains(s.Script, " ,") {
			t.Errorf("call %v: script %+v", call, s)
		}
	}
	// An empty quote still reads as a sentence.
	s := c.Suggest(testCall(), moment(2, "", pushback.IncorrectFact, pushback.TopicPrice))
	if !strings.Contains(s.Script, "what you said about price") {
		t.Errorf("empty quote: script %q", s.Script)
	}
	// A nil playbook works with the built-in phrasing.
	s = coach.New(nil).Suggest(testCall(), moment(2, "you're slow", pushback.UnfoundedConclusion))
	if s.Script != "Bob, you said we're slow, and I see that a little differently. Would you be ok if I shared why?" {
		t.Errorf("nil playbook: script %q", s.Script)
	}
	if s.ThenShare == "" {
		t.Error("nil playbook: empty then_share")
	}
	// Names stay capitalised at the start of the paraphrase: the call's
	// speakers and the playbook's competitors.
	s = c.Suggest(testCall(), moment(2, "Dana promised us a discount", pushback.IncorrectFact))
	if !strings.Contains(s.Script, "Dana promised you a discount") {
		t.Errorf("speaker name lost its capital: %q", s.Script)
	}
	pb := testPlaybook()
	pb.Competitors = []string{"Globex"}
	s = coach.New(pb).Suggest(testCall(), moment(2, "Globex does all of this already", pushback.UnfoundedConclusion))
	if !strings.Contains(s.Script, "Globex does all of this already") {
		t.Errorf("competitor name lost its capital: %q", s.Script)
	}
}

func TestUserPlaybookScriptsAreUsed(t *testing.T) {
	yaml := `company: Northwind
replace: [warnings, permissions, share.forward_looking]
scripts:
  warnings:
    - "{name}, I heard {paraphrase}, and I read {topic} differently."
  permissions:
    - "Could I walk you through why?"
  share:
    forward_looking:
      - "Show what {company} put in writing about {topic}."
`
	path := filepath.Join(t.TempDir(), "northwind.playbook.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := playbook.Default(); err != nil {
		t.Skipf("the default playbook does not load (its own tests say why): %v", err)
	}
	pb, err := playbook.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	s := coach.New(pb).Suggest(testCall(), moment(4, "You'll raise prices at renewal.", pushback.ForwardLooking, pushback.TopicPrice))
	want := pushback.Suggestion{
		Script:    "Bob, I heard we'll raise prices at renewal, and I read price differently. Could I walk you through why?",
		ThenShare: "Show what Northwind put in writing about price. On price, talk about total cost over the contract rather than list price, and point to what is fixed in writing.",
	}
	if *s != want {
		t.Errorf("suggestion\n got %+v\nwant %+v", *s, want)
	}
}

func TestAnnotate(t *testing.T) {
	a := &pushback.Analysis{Call: *testCall()}
	a.Moments = []pushback.Moment{
		*moment(2, "your support is terrible", pushback.UnfoundedConclusion, pushback.TopicSupport),
		*moment(4, "you'll raise prices", pushback.ForwardLooking, pushback.TopicPrice),
	}
	a.Moments[1].Response = &pushback.Response{Turns: []int{5}, PushedBack: true, How: pushback.HowPushedBack,
		Warning: true, Permission: true, PermissionFirst: true, GaveReason: true,
		Respectful: pushback.Bool(true), Calm: pushback.Bool(true)}
	coach.New(testPlaybook()).Annotate(a)
	for i, m := range a.Moments {
		if m.Suggestion == nil || m.Suggestion.Script == "" || m.Feedback == "" {
			t.Errorf("moment %d not coached: %+v", i, m)
		}
	}
	if a.Scores.Moments != 2 || a.Scores.PushedBack != 1 || a.Scores.Headline == "" {
		t.Errorf("scores = %+v", a.Scores)
	}
}

func BenchmarkSuggest(b *testing.B) {
	c := coach.New(variedPlaybook())
	call := testCall()
	m := moment(2, "I mean, honestly, you guys will probably jack up the price after the first year, right?", pushback.ForwardLooking, pushback.TopicPrice)
	b.ReportAllocs()
	for b.Loop() {
		c.Suggest(call, m)
	}
}
