// Package coach turns the verdicts on a call into coaching: for every moment
// a push-back in the method's shape (a warning, a request for permission,
// then what to share), one line of feedback on what the rep did, and the
// call's scores.
//
// Suggestions are built from the playbook's scripts, personalised with the
// prospect's first name and a short paraphrase of what they said, and chosen
// deterministically from the call's source and the moment's turn: the same
// call always gets the same words, while the moments of a call take the
// phrasings in turn.
package coach

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// Coach writes suggestions and feedback from one playbook. It is safe for
// concurrent use.
type Coach struct {
	warnings    []string
	permissions []string
	share       map[pushback.Category][]string
	company     string
	product     string
	names       map[string]bool // lower-case words that are names: keep them capitalised
}

// Used when a playbook has replaced a script list with nothing.
var (
	fallbackWarning    = "{name}, you said {paraphrase}, and I see that a little differently."
	fallbackPermission = "Would you be ok if I shared why?"
	fallbackShare      = "Share the fact or the reasoning behind your view, then check how it lands."
)

// New returns a coach using pb's scripts, company and product; nil means an
// empty playbook, which gets one built-in phrasing of each part.
func New(pb *pushback.Playbook) *Coach {
	if pb == nil {
		pb = &pushback.Playbook{}
	}
	c := &Coach{
		warnings:    nonEmpty(pb.Scripts.Warnings, fallbackWarning),
		permissions: nonEmpty(pb.Scripts.Permissions, fallbackPermission),
		share:       map[pushback.Category][]string{},
		company:     strings.TrimSpace(pb.Company),
		product:     strings.TrimSpace(pb.Product),
		names:       map[string]bool{},
	}
	for k, v := range pb.Scripts.Share {
		c.share[k] = nonEmpty(v, "")
	}
	addNames := func(s string) {
		for _, f := range strings.Fields(s) {
			if !strings.ContainsAny(f, "*|.") {
				c.names[strings.ToLower(f)] = true
			}
		}
	}
	addNames(pb.Company)
	addNames(pb.Product)
	for _, group := range [][]string{pb.Aliases, pb.Competitors} {
		for _, n := range group {
			addNames(n)
		}
	}
	// The competitor topic's single plain words are mostly vendor names
	// ("salesforce", "hubspot").
	for _, p := range pb.Topics[pushback.TopicCompetitor] {
		if !strings.ContainsAny(p, " *|.") && !notNames[p] {
			c.names[strings.ToLower(p)] = true
		}
	}
	return c
}

// notNames are competitor-topic words that are not vendor names.
var notNames = set("incumbent", "in-house", "competitor", "competitors", "alternative", "alternatives", "vendor", "vendors")

// nonEmpty returns the non-blank entries of list, or just fallback (when
// not "") if there are none.
func nonEmpty(list []string, fallback string) []string {
	var out []string
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	if len(out) == 0 && fallback != "" {
		out = []string{fallback}
	}
	return out
}

// Suggest returns a push-back for moment m of call: a warning and a request
// for permission in one spoken script, and what to share once the prospect
// says yes (the playbook fact when one backs the moment, else guidance for
// the category and topic). It returns nil when m is nil.
func (c *Coach) Suggest(call *pushback.Call, m *pushback.Moment) *pushback.Suggestion {
	if m == nil {
		return nil
	}
	return c.suggest(&callInfo{call: call}, m)
}

// callInfo is what the moments of one call share (the seed of its source,
// its speakers' first names and name words), worked out once for Annotate
// rather than once a moment.
type callInfo struct {
	call   *pushback.Call
	base   uint64
	seeded bool
	first  map[string]string // speaker -> pushback.FirstName
	words  []string          // the words of the speakers' names; nil: not split yet
}

func (ci *callInfo) baseSeed() uint64 {
	if !ci.seeded {
		var source string
		if ci.call != nil {
			source = ci.call.Source
		}
		ci.base, ci.seeded = seed(source, -1, ""), true
	}
	return ci.base
}

func (ci *callInfo) firstName(speaker string) string {
	if n, ok := ci.first[speaker]; ok {
		return n
	}
	n := pushback.FirstName(speaker)
	if ci.first == nil {
		ci.first = map[string]string{}
	}
	ci.first[speaker] = n
	return n
}

// speakerWord reports whether w (lower case) is a word of a speaker's name,
// so "Dana said ..." keeps its capital.
func (ci *callInfo) speakerWord(w string) bool {
	if ci.call == nil {
		return false
	}
	if ci.words == nil {
		ci.words = []string{}
		for _, s := range ci.call.Speakers {
			ci.words = append(ci.words, strings.Fields(s.Name)...)
		}
	}
	for _, f := range ci.words {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

func (c *Coach) suggest(ci *callInfo, m *pushback.Moment) *pushback.Suggestion {
	call := ci.call
	var source, speaker string
	if call != nil {
		source = call.Source
		if m.Turn >= 0 && m.Turn < len(call.Turns) {
			speaker = call.Turns[m.Turn].Speaker
		}
	}
	topic := topicNoun(m.Topics)
	said := m.Quote
	if m.Core != "" {
		said = m.Core // the claim itself, not the sentence that led into it
	}
	para := paraphrase(said, func(w string) bool { return c.names[w] || ci.speakerWord(w) })
	if para == "" {
		para = "what you said about " + topic
		if len(m.Topics) == 0 {
			para = "what you just said"
		}
	}
	h := seed(source, m.Turn, m.Quote)
	base := ci.baseSeed()
	k := uint64(max(m.Turn, 0))
	v := vars{
		name:       ci.firstName(speaker),
		paraphrase: para,
		topic:      topic,
		company:    or(c.company, "our company"),
		product:    or(c.product, "our product"),
	}
	// The call's moments take the phrasings in turn, from a starting point
	// the call's source picks, so moments close together do not sound
	// alike; the pairing of warning and permission shifts each time round
	// the warnings.
	warning := rotate(c.warnings, base, 1, k)
	permission := rotate(c.permissions, base, 2, k+k/uint64(len(c.warnings)))
	script := fill(warning, &v) + " " + fill(permission, &v)

	var share string
	if m.Fact != nil && strings.TrimSpace(m.Fact.Claim) != "" {
		share = strings.TrimSpace(m.Fact.Claim)
	} else {
		// Guidance speaks to the rep, so the seller is "your company" here.
		g := vars{name: v.name, paraphrase: para, topic: topic,
			company: or(c.company, "your company"), product: or(c.product, "your product")}
		share = fallbackShare
		if lines := c.share[m.Category]; len(lines) > 0 {
			share = fill(pick(lines, h, 3), &g)
		}
		if hint := topicHint(m.Topics); hint != "" {
			share += " " + hint
		}
	}
	return &pushback.Suggestion{Script: script, ThenShare: share}
}

// Annotate coaches a whole analysis: a suggestion and feedback for every
// moment, and the scores.
func (c *Coach) Annotate(a *pushback.Analysis) {
	ci := &callInfo{call: &a.Call}
	for i := range a.Moments {
		m := &a.Moments[i]
		m.Suggestion = c.suggest(ci, m)
		m.Feedback = c.Feedback(m)
	}
	a.Scores = Score(a)
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// seed hashes what identifies a moment within its call (FNV-1a), so the
// choice of phrasing is stable across runs and machines.
func seed(source string, turn int, quote string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
		h ^= 0xff // separator
		h *= prime
	}
	add(source)
	var buf [20]byte
	add(string(strconv.AppendInt(buf[:0], int64(turn), 10)))
	add(quote)
	return h
}

// pick chooses an entry of list from the seed; salt makes the choices for
// different parts independent.
func pick(list []string, h uint64, salt uint64) string {
	return list[mix(h, salt)%uint64(len(list))]
}

// rotate chooses the k-th entry of list after a start the seed picks.
func rotate(list []string, h uint64, salt uint64, k uint64) string {
	n := uint64(len(list))
	return list[(mix(h, salt)%n+k%n)%n]
}

// mix is the splitmix64 finaliser: it spreads nearby seeds over the whole range.
func mix(h, salt uint64) uint64 {
	x := h + salt*0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ x>>31
}

// vars fill a script template.
type vars struct {
	name, paraphrase, topic, company, product string
}

// fill replaces the template's placeholders. With no name, "{name}" goes
// with the comma that sets it off, so "{name}, you said" becomes "You said"
// and "for a second, {name}? You" becomes "for a second? You".
func fill(tmpl string, v *vars) string {
	var b strings.Builder
	b.Grow(len(tmpl) + len(v.paraphrase) + 16)
	capNext := true // the first letter of a script is a capital
	rest := tmpl
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			writeCap(&b, rest, &capNext)
			break
		}
		writeCap(&b, rest[:i], &capNext)
		rest = rest[i:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			writeCap(&b, rest, &capNext)
			break
		}
		ph := rest[1:j]
		rest = rest[j+1:]
		var val string
		switch ph {
		case "name":
			if v.name == "" {
				rest = dropName(&b, rest, &capNext)
				continue
			}
			val = v.name
		case "paraphrase":
			val = v.paraphrase
		case "topic":
			val = v.topic
		case "company":
			val = v.company
		case "product":
			val = v.product
		default: // the playbook loader rejects these; leave them visible
			val = "{" + ph + "}"
		}
		writeCap(&b, val, &capNext)
	}
	return collapseSpaces(b.String())
}

// collapseSpaces is strings.Join(strings.Fields(s), " ") that returns s
// itself when it has no runs of spaces or spaces at its ends, as most
// filled templates have not.
func collapseSpaces(s string) string {
	if s == "" {
		return s
	}
	if singleSpaced(s) && s[0] != ' ' && s[len(s)-1] != ' ' {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// singleSpaced reports whether s is printable ASCII with no two spaces in a
// row; it may say false of a string that is (a control byte), sending it
// the slow way for nothing.
func singleSpaced(s string) bool {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	var prev uint64 // the high bit of the last byte of the last word read: a space
	i := 0
	// Eight bytes at a time: a non-ASCII byte, a control byte (below 0x20:
	// the white space other than ' ') or a space after a space fail.
	for ; i+8 <= len(s); i += 8 {
		x := load64(s[i : i+8])
		if (x|(x-ones*0x20))&highs != 0 {
			return false
		}
		v := x ^ ones*' '
		sp := ^((v & lows) + lows | v) & highs // exactly the space bytes
		if sp&(sp<<8|prev) != 0 {
			return false
		}
		prev = sp >> 56
	}
	// The last bytes, one table read each: spaceClass is 1 for a space
	// and 2 for other white space or a non-ASCII byte (strings.Fields knows
	// Unicode spaces), so a space after a space, or any 2, fails.
	var bad, k uint8
	if prev != 0 {
		k = 1
	}
	for ; i < len(s); i++ {
		c := spaceClass[s[i]]
		bad |= c>>1 | c&k
		k = c
	}
	return bad == 0
}

// load64 reads the first eight bytes of s little-endian; callers slice s to
// eight bytes, so that the compiler reads them with one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

var spaceClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c == ' ':
			t[c] = 1
		case c >= utf8.RuneSelf || isSpace(byte(c)):
			t[c] = 2
		}
	}
	return
}()

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// dropName removes an empty {name} and the punctuation that sets it off:
// rest is the template after the placeholder; it returns what is left.
func dropName(b *strings.Builder, rest string, capNext *bool) string {
	out := b.String()
	trimmed := strings.TrimRight(out, " ")
	switch {
	case strings.HasSuffix(trimmed, ","):
		// "..., {name}, you" or "..., {name}?": drop the comma before it.
		// What follows ("," "?" "." or a word) closes the clause as it would have.
		b.Reset()
		b.WriteString(strings.TrimSuffix(trimmed, ","))
		if rest != "" && rest[0] != ',' && rest[0] != '?' && rest[0] != '.' && rest[0] != '!' {
			b.WriteByte(',')
		}
	case strings.HasPrefix(rest, ","):
		// "{name}, you said": the sentence now starts after the comma.
		rest = strings.TrimLeft(rest[1:], " ")
		if *capNext || trimmed == "" || strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, "?") || strings.HasSuffix(trimmed, "!") {
			*capNext = true
		}
	}
	return rest
}

// writeCap writes s, capitalising its first letter when a sentence starts.
func writeCap(b *strings.Builder, s string, capNext *bool) {
	if s == "" {
		return
	}
	if *capNext {
		lead := len(s) - len(strings.TrimLeft(s, " "))
		if lead < len(s) {
			b.WriteString(s[:lead])
			s = upperInitial(s[lead:])
			*capNext = false
		}
	}
	b.WriteString(s)
}
