package pushback

import "strings"

// Playbook is what a sales team knows about its own company: the facts a
// rep can share when a prospect gets them wrong, the names prospects use for
// the seller, and the cue lexicons, coaching scripts and practice scenarios
// the coach uses. An embedded default playbook works with no configuration; a
// team's playbook extends or overrides it.
type Playbook struct {
	Name        string              `json:"name"`
	Company     string              `json:"company,omitempty"`
	Product     string              `json:"product,omitempty"`
	Aliases     []string            `json:"aliases,omitempty"`     // names a prospect may use for the seller
	Reps        []string            `json:"reps,omitempty"`        // seller-side speakers
	Competitors []string            `json:"competitors,omitempty"` // names that make a moment about a competitor
	Facts       []Fact              `json:"facts,omitempty"`
	Cues        map[string][]string `json:"cues,omitempty"`    // named cue lexicons (patterns) the detector and judge use
	Topics      map[Topic][]string  `json:"topics,omitempty"`  // words that tag a moment with a topic
	Scripts     Scripts             `json:"scripts,omitempty"` // coaching phrasings
	Scenarios   []Scenario          `json:"scenarios,omitempty"`
	Sensitivity Sensitivity         `json:"sensitivity,omitempty"` // how readily moments are flagged; "" is medium
	Version     string              `json:"version"`               // sha256 of the merged content
}

// Sensitivity is how readily the detector flags a moment: low flags only
// the clearer ones (fewer false alarms, more misses), high flags more.
type Sensitivity string

const (
	SensitivityLow    Sensitivity = "low"
	SensitivityMedium Sensitivity = "medium"
	SensitivityHigh   Sensitivity = "high"
)

// WorldFactPrefix starts the ids of the built-in facts about the world
// (law, technology, markets) that prospects commonly get wrong; a team's
// facts are about the seller.
const WorldFactPrefix = "world-"

// Fact is something true about the seller that prospects get wrong.
type Fact struct {
	ID             string   `json:"id"`
	Claim          string   `json:"claim"`                    // the truth, as the rep would say it
	About          []string `json:"about,omitempty"`          // words that show a sentence is about this fact
	Misconceptions []string `json:"misconceptions,omitempty"` // what prospects wrongly say
	Topics         []Topic  `json:"topics,omitempty"`
}

// AboutWorld reports whether the fact is one of the built-in facts about the
// world (its id starts with WorldFactPrefix) rather than the team's.
func (f Fact) AboutWorld() bool { return strings.HasPrefix(f.ID, WorldFactPrefix) }

// SplitFacts separates a playbook's facts about the seller from the built-in
// facts about the world, keeping their order.
func SplitFacts(facts []Fact) (team, world []Fact) {
	for _, f := range facts {
		if f.AboutWorld() {
			world = append(world, f)
		} else {
			team = append(team, f)
		}
	}
	return team, world
}

// Scripts are the coaching phrasings, by part of the push-back. Templates
// may use {name} (the prospect's first name), {paraphrase} (what they said,
// in the rep's words), {topic}, {company} and {product}.
type Scripts struct {
	Warnings    []string              `json:"warnings,omitempty"`    // signal a different view is coming
	Permissions []string              `json:"permissions,omitempty"` // ask consent to challenge
	Share       map[Category][]string `json:"share,omitempty"`       // what to share, by category, when no fact applies
}

// Difficulty of a practice scenario.
type Difficulty string

const (
	Easy   Difficulty = "easy"
	Medium Difficulty = "medium"
	Hard   Difficulty = "hard"
)

// Scenario is a practice moment: something a prospect says, why it is wrong,
// and a model push-back.
type Scenario struct {
	ID            string     `json:"id"`
	Category      Category   `json:"category"`
	Industry      string     `json:"industry"`
	Persona       string     `json:"persona"`
	Prospect      string     `json:"prospect"` // the prospect's name
	Difficulty    Difficulty `json:"difficulty"`
	Statement     string     `json:"statement"`      // what the prospect says
	WhyWrong      string     `json:"why_wrong"`      // the fact or reasoning that makes it wrong
	ModelPushback string     `json:"model_pushback"` // a push-back in the method's shape
	Topics        []Topic    `json:"topics,omitempty"`
	Fact          string     `json:"fact,omitempty"` // id of the playbook fact it comes from
}
