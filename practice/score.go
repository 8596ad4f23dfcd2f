package practice

import (
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/engine"
)

// SkillNames are the parts of a push-back practice scores, in a stable order;
// they are the JSON keys of Skills.
var SkillNames = []string{"pushed_back", "warning", "permission", "permission_first", "respectful", "calm", "gave_reason", "used_name"}

// skillLabels are how people read the skills.
var skillLabels = map[string]string{
	"pushed_back":      "pushing back",
	"warning":          "warning first",
	"permission":       "asking permission",
	"permission_first": "asking before sharing",
	"respectful":       "respect",
	"calm":             "calm",
	"gave_reason":      "giving a reason",
	"used_name":        "using their name",
}

// SkillLabel is how people read a skill name ("gave_reason" -> "giving a reason").
func SkillLabel(name string) string {
	if l, ok := skillLabels[name]; ok {
		return l
	}
	return name
}

// Skills are the verdicts on a reply, as the engine's response judge gives
// them. Respectful and Calm are nil when the rep did not push back, as in
// pushback.analysis/v1.
type Skills struct {
	PushedBack      bool  `json:"pushed_back"`
	Warning         bool  `json:"warning"`
	Permission      bool  `json:"permission"`
	PermissionFirst bool  `json:"permission_first"`
	Respectful      *bool `json:"respectful"`
	Calm            *bool `json:"calm"`
	GaveReason      bool  `json:"gave_reason"`
	UsedName        bool  `json:"used_name"`
}

// Get returns one skill by name; known is false when the verdict does not
// apply (respectful or calm without a push-back) or the name is unknown.
func (s Skills) Get(name string) (value, known bool) {
	switch name {
	case "pushed_back":
		return s.PushedBack, true
	case "warning":
		return s.Warning, true
	case "permission":
		return s.Permission, true
	case "permission_first":
		return s.PermissionFirst, true
	case "respectful":
		if s.Respectful == nil {
			return false, false
		}
		return *s.Respectful, true
	case "calm":
		if s.Calm == nil {
			return false, false
		}
		return *s.Calm, true
	case "gave_reason":
		return s.GaveReason, true
	case "used_name":
		return s.UsedName, true
	}
	return false, false
}

// Scores are the skills and the overall score of a reply, 0 to 100.
type Scores struct {
	Skills
	Overall int `json:"overall"`
}

// skillsOf reads the engine's verdict.
func skillsOf(c engine.RepCheck) Skills {
	s := Skills{
		PushedBack: c.PushedBack, Warning: c.Warning, Permission: c.Permission,
		PermissionFirst: c.PermissionFirst, GaveReason: c.GaveReason, UsedName: c.UsedName,
	}
	if c.PushedBack {
		s.Respectful, s.Calm = pushback.Bool(c.Respectful), pushback.Bool(c.Calm)
	}
	return s
}

// Overall scores skills 0 to 100: the weights of the parts the rep got
// right, capped when the reply was disrespectful or uncalm (coach.yaml).
func Overall(s Skills) int {
	total := 0
	for _, name := range SkillNames {
		if v, known := s.Get(name); known && v {
			total += coachConfig().Scoring.Weights[name]
		}
	}
	if s.Respectful != nil && !*s.Respectful {
		total = min(total, coachConfig().Scoring.Caps.Disrespectful)
	}
	if s.Calm != nil && !*s.Calm {
		total = min(total, coachConfig().Scoring.Caps.Uncalm)
	}
	return total
}

// tip is the one concrete thing to do better, the first in coach.yaml's
// order that applies.
func tip(sc pushback.Scenario, c engine.RepCheck, s Skills) string {
	vars := lineVars(sc)
	key := "well_done"
	switch {
	case !s.PushedBack:
		key = "let_go"
	case s.Respectful != nil && !*s.Respectful:
		key = "disrespectful"
		if ev := evidence(c, "respectful", "disrespect", "disrespectful"); ev != "" {
			key, vars["evidence"] = "disrespectful_quoted", ev
		}
	case s.Calm != nil && !*s.Calm:
		key = "uncalm"
		if ev := evidence(c, "calm", "uncalm"); ev != "" {
			key, vars["evidence"] = "uncalm_quoted", ev
		}
	case !s.Warning:
		key = "no_warning"
	case !s.Permission:
		key = "no_permission"
	case !s.PermissionFirst:
		key = "permission_late"
	case !s.GaveReason:
		key = "no_reason"
	case !s.UsedName && sc.Prospect != "":
		key = "no_name"
	}
	return fill(coachConfig().Tips[key], vars)
}

// lineVars are the placeholders a tip may use, with the suggested warning
// and permission lines picked for the scenario.
func lineVars(sc pushback.Scenario) map[string]string {
	name := sc.Prospect
	why := strings.TrimSpace(sc.WhyWrong)
	if why == "" {
		why = "the fact or the reasoning behind your view."
	}
	return map[string]string{
		"name":       name,
		"warning":    fill(pick(coachConfig().Lines.Warnings, sc.ID), map[string]string{"name": name}),
		"permission": pick(coachConfig().Lines.Permissions, sc.ID),
		"why_wrong":  why,
	}
}

// evidence returns the rep's words the engine gave for the first of keys.
func evidence(c engine.RepCheck, keys ...string) string {
	for _, k := range keys {
		if e := strings.TrimSpace(c.Evidence[k]); e != "" {
			return e
		}
	}
	return ""
}
