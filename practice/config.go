package practice

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/pushback-coach/pushback"
)

//go:embed coach.yaml
var coachYAML []byte

// config is coach.yaml, checked and ready to use.
type config struct {
	Scoring struct {
		Weights map[string]int `yaml:"weights"`
		Caps    struct {
			Disrespectful int `yaml:"disrespectful"`
			Uncalm        int `yaml:"uncalm"`
		} `yaml:"caps"`
		Good int `yaml:"good"`
		Low  int `yaml:"low"`
	} `yaml:"scoring"`
	Repetition struct {
		Intervals []string        `yaml:"intervals"`
		Recent    int             `yaml:"recent"`
		WarmUp    int             `yaml:"warm_up"`
		intervals []time.Duration `yaml:"-"`
	} `yaml:"repetition"`
	Fear struct {
		LetGoStreak int     `yaml:"let_go_streak"`
		Window      int     `yaml:"window"`
		MinCourage  float64 `yaml:"min_courage"`
		Message     string  `yaml:"message"`
	} `yaml:"fear"`
	Lines struct {
		Warnings    []string `yaml:"warnings"`
		Permissions []string `yaml:"permissions"`
	} `yaml:"lines"`
	Tips      map[string]string `yaml:"tips"`
	Personas  []persona         `yaml:"personas"`
	Generated struct {
		Industry  string              `yaml:"industry"`
		Framings  map[string][]string `yaml:"framings"`
		Personas  []string            `yaml:"personas"`
		Prospects []string            `yaml:"prospects"`
	} `yaml:"generated"`
}

// persona is how one kind of prospect answers a warning or a request for
// permission, by difficulty.
type persona struct {
	Kind            string              `yaml:"kind"`
	Match           []string            `yaml:"match"`
	AfterPermission map[string][]string `yaml:"after_permission"`
	AfterWarning    map[string][]string `yaml:"after_warning"`
}

// tipKeys are the tips the coach gives, in the order it considers them.
var tipKeys = []string{"let_go", "disrespectful_quoted", "disrespectful", "uncalm_quoted", "uncalm",
	"no_warning", "no_permission", "permission_late", "no_reason", "no_name", "well_done", "continue"}

// coachConfig is the embedded configuration, read on first use rather than
// at every start of the command line, most of whose commands never coach
// practice; a broken coach.yaml is a bug caught by the package's tests, so
// it panics.
var coachConfig = sync.OnceValue(func() *config { return mustParseConfig(coachYAML) })

func mustParseConfig(data []byte) *config {
	c, err := parseConfig(data)
	if err != nil {
		panic("practice: coach.yaml: " + err.Error())
	}
	return c
}

func parseConfig(data []byte) (*config, error) {
	var c config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	sum := 0
	for _, k := range SkillNames {
		w, ok := c.Scoring.Weights[k]
		if !ok {
			return nil, fmt.Errorf("scoring.weights: no weight for %s", k)
		}
		sum += w
	}
	if len(c.Scoring.Weights) != len(SkillNames) || sum != 100 {
		return nil, fmt.Errorf("scoring.weights: expected one weight for each of %s adding up to 100, got %v", strings.Join(SkillNames, ", "), c.Scoring.Weights)
	}
	if c.Scoring.Low <= 0 || c.Scoring.Good <= c.Scoring.Low || c.Scoring.Good > 100 {
		return nil, fmt.Errorf("scoring: expected 0 < low < good <= 100, got low %d, good %d", c.Scoring.Low, c.Scoring.Good)
	}
	if len(c.Repetition.Intervals) == 0 || c.Repetition.Recent < 1 || c.Repetition.WarmUp < 0 {
		return nil, fmt.Errorf("repetition: expected intervals, recent >= 1 and warm_up >= 0")
	}
	for _, s := range c.Repetition.Intervals {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("repetition.intervals: %q: expected a duration such as 24h", s)
		}
		c.Repetition.intervals = append(c.Repetition.intervals, d)
	}
	if c.Fear.LetGoStreak < 1 || c.Fear.Window < c.Fear.LetGoStreak || c.Fear.Message == "" {
		return nil, fmt.Errorf("fear: expected let_go_streak >= 1, window >= let_go_streak and a message")
	}
	if len(c.Lines.Warnings) == 0 || len(c.Lines.Permissions) == 0 {
		return nil, fmt.Errorf("lines: expected warnings and permissions")
	}
	for _, k := range tipKeys {
		if strings.TrimSpace(c.Tips[k]) == "" {
			return nil, fmt.Errorf("tips: no %s tip", k)
		}
	}
	if len(c.Tips) != len(tipKeys) {
		return nil, fmt.Errorf("tips: expected exactly %s", strings.Join(tipKeys, ", "))
	}
	if len(c.Personas) == 0 || len(c.Personas[len(c.Personas)-1].Match) != 0 {
		return nil, fmt.Errorf("personas: expected a last, fallback persona with no match words")
	}
	for _, p := range c.Personas {
		for _, d := range difficulties {
			if len(p.AfterPermission[string(d)]) == 0 || len(p.AfterWarning[string(d)]) == 0 {
				return nil, fmt.Errorf("personas: %s: expected after_permission and after_warning answers for %s", p.Kind, d)
			}
		}
	}
	for _, d := range difficulties {
		if len(c.Generated.Framings[string(d)]) == 0 {
			return nil, fmt.Errorf("generated.framings: expected framings for %s", d)
		}
	}
	if c.Generated.Industry == "" || len(c.Generated.Personas) == 0 || len(c.Generated.Prospects) == 0 {
		return nil, fmt.Errorf("generated: expected an industry, personas and prospects")
	}
	return &c, nil
}

var difficulties = []pushback.Difficulty{pushback.Easy, pushback.Medium, pushback.Hard}

// difficultyRank orders difficulties: easy 0, medium 1, hard 2.
func difficultyRank(d pushback.Difficulty) int {
	if i := slices.Index(difficulties, d); i >= 0 {
		return i
	}
	return 1
}

// words lower-cases s and turns everything but letters and digits into
// single spaces, padded with a space each side, for whole-word matching.
func words(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// personaFor finds how a prospect with the given persona description answers.
func (c *config) personaFor(description string) *persona {
	w := words(description)
	for i := range c.Personas {
		for _, m := range c.Personas[i].Match {
			if strings.Contains(w, words(m)) {
				return &c.Personas[i]
			}
		}
	}
	return &c.Personas[len(c.Personas)-1]
}

// fill replaces {key} placeholders. An empty name drops "{name}, " and
// ", {name}" and capitalises what then starts the text.
func fill(template string, vars map[string]string) string {
	s := template
	if vars["name"] == "" {
		for _, drop := range []string{"{name}, ", ", {name}"} {
			s = strings.ReplaceAll(s, drop, "")
		}
	}
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return capitalise(strings.TrimSpace(s))
}

// capitalise upper-cases the first letter of s, and of the text after a
// quotation mark that opens it.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	i := 0
	if s[0] == '"' && len(s) > 1 {
		i = 1
	}
	if s[i] >= 'a' && s[i] <= 'z' {
		return s[:i] + strings.ToUpper(s[i:i+1]) + s[i+1:]
	}
	return s
}

// pick chooses one of options, the same one every time for the same key, so
// a scenario always gets the same answer and tests are stable.
func pick(options []string, key string) string {
	if len(options) == 0 {
		return ""
	}
	var h uint32 = 2166136261
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return options[h%uint32(len(options))]
}
