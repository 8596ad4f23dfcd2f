package practice_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/practice"
)

func TestScenarioLibrary(t *testing.T) {
	_, lib := defaultLibrary(t)
	scs := lib.Scenarios()
	if len(scs) < 90 {
		t.Fatalf("library has %d scenarios, want at least 90", len(scs))
	}
	byCat := map[pushback.Category]int{}
	byCatDiff := map[string]int{}
	byIndustry := map[string]int{}
	byPersona := map[string]int{}
	byDiff := map[pushback.Difficulty]int{}
	prefix := map[pushback.Category]string{pushback.IncorrectFact: "fact-", pushback.UnfoundedConclusion: "concl-", pushback.ForwardLooking: "fwd-"}
	for _, sc := range scs {
		byCat[sc.Category]++
		byCatDiff[string(sc.Category)+"/"+string(sc.Difficulty)]++
		byIndustry[sc.Industry]++
		byPersona[sc.Persona]++
		byDiff[sc.Difficulty]++

		if !strings.HasPrefix(sc.ID, prefix[sc.Category]) {
			t.Errorf("%s: a %s scenario's id should start with %q", sc.ID, sc.Category, prefix[sc.Category])
		}
		if sc.Industry == "" || sc.Persona == "" || sc.Statement == "" || sc.WhyWrong == "" || sc.ModelPushback == "" {
			t.Errorf("%s: missing industry, persona, statement, why_wrong or model_pushback", sc.ID)
		}
		if sc.Prospect == "" || strings.ContainsAny(sc.Prospect, " .") {
			t.Errorf("%s: prospect %q: want a first name", sc.ID, sc.Prospect)
		}
		if len(sc.Topics) == 0 {
			t.Errorf("%s: no topics", sc.ID)
		}
		// The model push-back is in the method's shape: it uses the name,
		// asks a question (permission) and only after the pause shares why.
		before, after, ok := strings.Cut(sc.ModelPushback, "…")
		if !ok || strings.TrimSpace(after) == "" {
			t.Errorf("%s: model push-back should pause (…) for the prospect's yes, then share why", sc.ID)
			continue
		}
		if !strings.Contains(before, "?") {
			t.Errorf("%s: model push-back should ask permission before the pause: %q", sc.ID, before)
		}
		if !strings.Contains(sc.ModelPushback, sc.Prospect) {
			t.Errorf("%s: model push-back does not use %s's name", sc.ID, sc.Prospect)
		}
	}
	for _, c := range pushback.Categories {
		if byCat[c] < 30 {
			t.Errorf("%s: %d scenarios, want at least 30", c, byCat[c])
		}
		for _, d := range []pushback.Difficulty{pushback.Easy, pushback.Medium, pushback.Hard} {
			if n := byCatDiff[string(c)+"/"+string(d)]; n < 8 {
				t.Errorf("%s/%s: %d scenarios, want at least 8", c, d, n)
			}
		}
	}
	if len(byIndustry) < 8 {
		t.Errorf("%d industries, want at least 8: %v", len(byIndustry), byIndustry)
	}
	for ind, n := range byIndustry {
		if n < 5 {
			t.Errorf("industry %s has %d scenarios, want at least 5", ind, n)
		}
	}
	if len(byPersona) < 6 {
		t.Errorf("%d personas, want at least 6: %v", len(byPersona), byPersona)
	}
	for _, p := range []string{"sceptical CFO", "rushed IT director", "loyal-to-the-incumbent operations lead", "friendly but non-committal founder"} {
		if byPersona[p] < 5 {
			t.Errorf("persona %q has %d scenarios, want at least 5", p, byPersona[p])
		}
	}
	t.Logf("%d scenarios; by category %v; by difficulty %v; %d industries %v; %d personas %v",
		len(scs), byCat, byDiff, len(byIndustry), byIndustry, len(byPersona), byPersona)
}

func TestPlaybookFactsBecomeScenarios(t *testing.T) {
	pb, err := playbook.Parse("starter.yaml", playbook.Starter())
	if err != nil {
		t.Fatal(err)
	}
	gen := practice.FromFacts(pb)
	// The team's facts become scenarios; the built-in beliefs about the
	// world do not.
	var want int
	for _, f := range pb.Facts {
		if !strings.HasPrefix(f.ID, pushback.WorldFactPrefix) {
			want += len(f.Misconceptions)
		}
	}
	if want == 0 || len(gen) != want {
		t.Fatalf("FromFacts made %d scenarios from the team's %d misconceptions", len(gen), want)
	}
	diffs := map[pushback.Difficulty]bool{}
	for _, sc := range gen {
		fact := pb.Facts[slices.IndexFunc(pb.Facts, func(f pushback.Fact) bool { return f.ID == sc.Fact })]
		if sc.Category != pushback.IncorrectFact {
			t.Errorf("%s: category %s, want incorrect_fact", sc.ID, sc.Category)
		}
		if sc.WhyWrong != fact.Claim {
			t.Errorf("%s: why_wrong %q, want the fact's claim %q", sc.ID, sc.WhyWrong, fact.Claim)
		}
		if !strings.HasSuffix(sc.ModelPushback, "… "+fact.Claim) || !strings.Contains(sc.ModelPushback, sc.Prospect) {
			t.Errorf("%s: model push-back %q should use %s's name and end with the claim", sc.ID, sc.ModelPushback, sc.Prospect)
		}
		if !slices.ContainsFunc(fact.Misconceptions, func(m string) bool {
			return strings.Contains(strings.ToLower(sc.Statement), strings.ToLower(m))
		}) {
			t.Errorf("%s: statement %q repeats none of the misconceptions", sc.ID, sc.Statement)
		}
		if !slices.Equal(sc.Topics, fact.Topics) || sc.Industry != "team" || sc.Persona == "" {
			t.Errorf("%s: topics %v industry %q persona %q", sc.ID, sc.Topics, sc.Industry, sc.Persona)
		}
		diffs[sc.Difficulty] = true
	}
	if len(diffs) != 3 {
		t.Errorf("generated difficulties %v, want easy, medium and hard in turn", diffs)
	}
	sc := gen[0]
	if sc.ID != "fact-crm-integration-1" || sc.Statement != "You don't integrate with Salesforce." ||
		!strings.Contains(sc.ModelPushback, "we don't integrate with Salesforce") {
		t.Errorf("first generated scenario = %+v", sc)
	}

	lib := practice.NewLibrary(pb)
	def, _ := playbook.Default()
	if lib.Len() != len(def.Scenarios)+len(gen) {
		t.Errorf("library of the starter playbook has %d scenarios, want %d built in + %d from facts", lib.Len(), len(def.Scenarios), len(gen))
	}
	if got := lib.Filter(practice.Filter{Industry: "Team"}); len(got) != len(gen) {
		t.Errorf("--industry team gives %d scenarios, want %d", len(got), len(gen))
	}
}

func TestTeamPlaybookAddsScenarios(t *testing.T) {
	p := filepath.Join(t.TempDir(), "team.yaml")
	yaml := `company: Acme
facts:
  - id: sso
    claim: Single sign-on is included on every plan.
    misconceptions: ["SSO costs extra"]
scenarios:
  - id: acme-sso-cfo
    category: incorrect_fact
    industry: software
    persona: sceptical CFO
    prospect: Pat
    difficulty: hard
    statement: "SSO costs extra with you lot, I'm told."
    why_wrong: Single sign-on is included on every plan.
    model_pushback: "Pat, I see that differently. Can I share why? … It's included on every plan."
    fact: sso
`
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	pb, err := playbook.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	lib := practice.NewLibrary(pb)
	if sc, ok := lib.Scenario("acme-sso-cfo"); !ok || sc.Prospect != "Pat" {
		t.Errorf("the team's own scenario is missing: %+v", sc)
	}
	if _, ok := lib.Scenario("fact-sso-1"); !ok {
		t.Error("the team fact's misconception did not become a scenario")
	}
	if _, ok := lib.Scenario("fwd-price-hike"); !ok {
		t.Error("a team playbook should add to the built-in scenarios, not replace them")
	}
}

func TestFilter(t *testing.T) {
	_, lib := defaultLibrary(t)
	tests := []struct {
		f    practice.Filter
		want func(pushback.Scenario) bool
	}{
		{practice.Filter{Category: pushback.ForwardLooking}, func(sc pushback.Scenario) bool { return sc.Category == pushback.ForwardLooking }},
		{practice.Filter{Difficulty: pushback.Hard, Industry: "Healthcare"}, func(sc pushback.Scenario) bool {
			return sc.Difficulty == pushback.Hard && sc.Industry == "healthcare"
		}},
		{practice.Filter{Persona: "cfo"}, func(sc pushback.Scenario) bool { return sc.Persona == "sceptical CFO" }},
	}
	for _, tt := range tests {
		got := lib.Filter(tt.f)
		if len(got) == 0 {
			t.Errorf("%+v: no scenarios", tt.f)
		}
		for _, sc := range got {
			if !tt.want(sc) {
				t.Errorf("%+v let through %s (%s, %s, %s, %s)", tt.f, sc.ID, sc.Category, sc.Difficulty, sc.Industry, sc.Persona)
			}
		}
	}
	for _, f := range []practice.Filter{{Category: "jokes"}, {Difficulty: "brutal"}, {Industry: "mining"}, {Persona: "astronaut"}} {
		err := f.Check(lib)
		var pe *pushback.Error
		if !errors.As(err, &pe) || pe.Code != pushback.EINVALID {
			t.Errorf("Check(%+v) = %v, want an EINVALID error", f, err)
		}
	}
	if err := (practice.Filter{Industry: "mining"}).Check(lib); err == nil || !strings.Contains(err.Error(), "healthcare") {
		t.Errorf("an unknown industry should list the known ones: %v", err)
	}
}

func ExampleFromFacts() {
	pb, _ := playbook.Parse("team.yaml", []byte(`facts:
  - id: price-lock
    claim: Annual plans lock the price for three years.
    misconceptions: ["you'll raise prices after the first year"]
`))
	for _, sc := range practice.FromFacts(pb) {
		fmt.Println(sc.ID, sc.Difficulty, sc.Category)
		fmt.Println(sc.Statement)
	}
	// Output:
	// fact-price-lock-1 easy incorrect_fact
	// You'll raise prices after the first year.
}
