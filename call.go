package pushback

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Schema identifiers of the JSON documents Pushback writes. A breaking change
// needs a new version; fields may be added.
const (
	CallSchema     = "pushback.call/v1"
	AnalysisSchema = "pushback.analysis/v1"
)

// Role says which side of the deal a speaker is on.
type Role string

const (
	RoleRep      Role = "rep"      // the seller side: the people Pushback coaches
	RoleProspect Role = "prospect" // everyone else: buyers, their colleagues
)

// Seconds is a time offset into a call. Formats without times give NoTime,
// which is written as JSON null.
type Seconds float64

// NoTime marks a time the transcript does not give.
const NoTime Seconds = -1

// maxSeconds bounds the times Pushback keeps (about 31 years): larger
// values are junk from a reader's point of view and count as unknown.
const maxSeconds = 1e9

// Known reports whether the time was given by the transcript.
func (s Seconds) Known() bool { return s >= 0 && s <= maxSeconds }

// MarshalJSON writes the time in seconds rounded to milliseconds, or null.
func (s Seconds) MarshalJSON() ([]byte, error) {
	if !s.Known() {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(float64(s)*1000)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads a number or null.
func (s *Seconds) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = NoTime
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*s = Seconds(f)
	return nil
}

// Segment is one piece of speech as a transcript file gives it: a caption cue,
// a diarised utterance, a line of a text export. Readers produce segments;
// consecutive segments of one speaker merge into a Turn.
type Segment struct {
	Speaker string
	Start   Seconds
	End     Seconds
	Text    string
	Role    Role // the speaker's side when the format says (Gong's Internal/External), else ""
}

// Speaker is a person on the call.
type Speaker struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// Turn is a maximal run of one speaker's segments.
type Turn struct {
	Index     int      `json:"index"`
	Speaker   string   `json:"speaker"`
	Role      Role     `json:"role"`
	Start     Seconds  `json:"start_s"`
	End       Seconds  `json:"end_s"`
	Text      string   `json:"text"`
	Sentences []string `json:"-"` // the text split into sentences (substrings of Text); nil when not split yet: lang.Sentences(Text) splits it
}

// Call is a normalised conversation: who spoke, in which role, and what they
// said, turn by turn. It is the pushback.call/v1 document.
type Call struct {
	Schema       string    `json:"schema"`
	Source       string    `json:"source"`
	Format       string    `json:"format"`
	Duration     Seconds   `json:"duration_s"`
	RolesGuessed bool      `json:"roles_guessed"`
	Speakers     []Speaker `json:"speakers"`
	Turns        []Turn    `json:"turns"`
}

// Speaker returns the speaker with the given name, or nil.
func (c *Call) Speaker(name string) *Speaker {
	for i := range c.Speakers {
		if c.Speakers[i].Name == name {
			return &c.Speakers[i]
		}
	}
	return nil
}

// SpeakersIn returns the names of the speakers with the given role, in order
// of first appearance.
func (c *Call) SpeakersIn(role Role) []string {
	var names []string
	for _, s := range c.Speakers {
		if s.Role == role {
			names = append(names, s.Name)
		}
	}
	return names
}

// SetRoles gives every speaker and turn its role from the set of seller-side
// names (already resolved to speaker names).
func (c *Call) SetRoles(reps map[string]bool, guessed bool) {
	c.RolesGuessed = guessed
	for i := range c.Speakers {
		c.Speakers[i].Role = RoleProspect
		if reps[c.Speakers[i].Name] {
			c.Speakers[i].Role = RoleRep
		}
	}
	for i := range c.Turns {
		c.Turns[i].Role = RoleProspect
		if reps[c.Turns[i].Speaker] {
			c.Turns[i].Role = RoleRep
		}
	}
}

// FirstName returns the first word of a speaker's name, for addressing them
// ("Bob" for "Bob Stone"), or "" for generic labels such as "Speaker 1".
func FirstName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || IsGenericSpeaker(name) {
		return ""
	}
	if at := strings.IndexByte(name, '@'); at > 0 {
		name = name[:at]
		name = strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '_' || r == '-' })[0]
		if name != "" {
			name = strings.ToUpper(name[:1]) + name[1:]
		}
		return name
	}
	f := strings.Fields(name)[0]
	return strings.TrimRight(f, ",")
}

// IsGenericSpeaker reports whether a name is a label a transcription service
// made up ("Speaker 1", "SPEAKER_00", "spk_0", "ch_1") rather than a person's name.
func IsGenericSpeaker(name string) bool {
	l := strings.ToLower(strings.TrimSpace(name))
	for _, p := range []string{"speaker", "spk_", "ch_", "channel", "unknown", "participant"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
