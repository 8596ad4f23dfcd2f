package practice

import (
	"strings"
	"testing"
)

func TestCoachConfig(t *testing.T) {
	if _, err := parseConfig(coachYAML); err != nil {
		t.Fatalf("coach.yaml: %v", err)
	}
	broken := map[string]string{
		"weights not adding up": strings.Replace(string(coachYAML), "used_name: 5", "used_name: 6", 1),
		"unknown key":           strings.Replace(string(coachYAML), "  good: 80", "  good: 80\n  great: 95", 1),
		"bad interval":          strings.Replace(string(coachYAML), "[10m, 24h", "[soon, 24h", 1),
		"missing tip":           strings.Replace(string(coachYAML), "  no_name: >-", "  no_names: >-", 1),
	}
	for name, y := range broken {
		if _, err := parseConfig([]byte(y)); err == nil {
			t.Errorf("%s: parseConfig accepted it", name)
		}
	}
}

func TestPersonaMatching(t *testing.T) {
	tests := map[string]string{
		"sceptical CFO":                          "numbers",
		"rushed IT director":                     "rushed",
		"loyal-to-the-incumbent operations lead": "loyal",
		"friendly but non-committal founder":     "friendly",
		"cautious procurement manager":           "process",
		"overstretched head of sales":            "stretched",
		"risk-averse compliance officer":         "careful",
		"burned-before department head":          "burned",
		"pastry chef":                            "default",
		"Credit controller":                      "numbers",
	}
	for desc, want := range tests {
		if got := coachConfig().personaFor(desc).Kind; got != want {
			t.Errorf("personaFor(%q) = %s, want %s", desc, got, want)
		}
	}
}

func TestParaphrase(t *testing.T) {
	tests := map[string]string{
		"you don't integrate with Salesforce":      "we don't integrate with Salesforce",
		"You'll raise prices after the first year": "we'll raise prices after the first year",
		"there's no CRM integration":               "there's no CRM integration",
		"CRM sync is missing":                      "CRM sync is missing",
		"your support is only 9 to 5, we heard":    "our support is only 9 to 5, you heard",
		"I think you're too small for us":          "you think we're too small for you",
	}
	for in, want := range tests {
		if got := paraphrase(in); got != want {
			t.Errorf("paraphrase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFill(t *testing.T) {
	vars := map[string]string{"name": "", "why_wrong": "It's in the contract."}
	if got := fill("{name}, I see that differently. {why_wrong}", vars); got != "I see that differently. It's in the contract." {
		t.Errorf("fill without a name = %q", got)
	}
	vars["name"] = "Lisa"
	if got := fill("Start with \"{name}, hi\"", vars); got != `Start with "Lisa, hi"` {
		t.Errorf("fill = %q", got)
	}
}
