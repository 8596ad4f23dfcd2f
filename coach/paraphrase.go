package coach

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paraphrase limits: a paraphrase is said in one breath, so it keeps at most
// maxWords words, cutting at a clause boundary when one falls after minWords.
const (
	maxWords = 15
	minWords = 6
	slack    = 3 // a clause may run this many words past maxWords to end cleanly
)

// Paraphrase restates what a prospect said in the rep's voice, short enough
// to say back: fillers and tag questions go ("honestly,", "I mean", ",
// right?"), pronouns swap sides ("your support is terrible" -> "our support
// is terrible", "we don't need this" -> "you don't need this"), and a long
// quote is cut at a clause boundary. The result starts in lower case (names
// and acronyms aside) and has no final punctuation, ready to follow "you
// said" or "that".
func Paraphrase(quote string) string {
	return paraphrase(quote, nil)
}

// word is one white-space separated piece of a quote: the word itself and the
// punctuation around it.
type word struct {
	lead, core, trail string
	low               string // core in lower case
}

// paraphrase is Paraphrase; keep reports whether a capitalised first word is
// a name that must stay capitalised (nil: none are).
func paraphrase(quote string, keep func(lower string) bool) string {
	var buf [40]word // most quotes fit: no allocation
	ws := splitWords(buf[:0], normaliseQuotes(quote))
	if len(ws) > 0 { // a quote in quotation marks
		ws[0].lead = strings.TrimLeft(ws[0].lead, `"`)
		ws[len(ws)-1].trail = strings.TrimRight(ws[len(ws)-1].trail, `"`)
	}
	ws = stripLeadingFillers(ws)
	ws = stripInnerFillers(ws)
	ws = stripTagQuestion(ws)
	ws = stripLeadingFillers(ws) // "So, honestly, ..." after inner removal
	if len(ws) == 0 {
		return ""
	}
	ws = swapPronouns(ws)
	ws = contract(ws)
	ws = cut(ws)
	first := &ws[0]
	if lowerFirst(first.core, keep) {
		first.core = lowerInitial(first.core)
	}
	return join(ws)
}

// normaliseQuotes makes typographic apostrophes straight, so "you’ll" is
// "you'll".
func normaliseQuotes(s string) string {
	// All four begin with the bytes E2 80: one quick search rules most out.
	if !strings.Contains(s, "\xe2\x80") || !strings.ContainsAny(s, "’‘“”") {
		return s
	}
	return strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`).Replace(s)
}

func splitWords(ws []word, s string) []word {
	if !isASCII(s) {
		return splitWordsUnicode(ws, s)
	}
	// ASCII, as most quotes are: the same split, one table read a byte.
	for i := 0; i < len(s); {
		if asciiWord[s[i]]&aSpace != 0 {
			i++
			continue
		}
		// Leading punctuation, then letters and digits up to the last one,
		// then the rest of the field; seen gathers the classes read.
		fs, j := i, i
		var seen uint8
		for j < len(s) && asciiWord[s[j]]&(aSpace|aWord) == 0 {
			j++
		}
		start, end := j, j
		for ; j < len(s); j++ {
			cl := asciiWord[s[j]]
			if cl&aSpace != 0 {
				break
			}
			if cl&aWord != 0 {
				end = j + 1
			}
			seen |= cl
		}
		f := s[i:j]
		i = j
		if start == end {
			ws = appendPunct(ws, f)
			continue
		}
		core, low := s[start:end], s[start:end]
		if seen&aUpper != 0 {
			low = strings.ToLower(core)
		}
		ws = append(ws, word{lead: s[fs:start], core: core, trail: s[end:j], low: low})
	}
	return ws
}

func splitWordsUnicode(ws []word, s string) []word {
	for f := range strings.FieldsSeq(s) {
		start := strings.IndexFunc(f, isWordRune)
		if start < 0 {
			ws = appendPunct(ws, f)
			continue
		}
		end := strings.LastIndexFunc(f, isWordRune)
		_, size := utf8.DecodeRuneInString(f[end:])
		core := f[start : end+size]
		ws = append(ws, word{lead: f[:start], core: core, trail: f[end+size:], low: strings.ToLower(core)})
	}
	return ws
}

// appendPunct adds a field with no letter or digit: stops and commas on
// their own belong to the word before; "&" or "-" stand between words.
func appendPunct(ws []word, f string) []word {
	if len(ws) > 0 && strings.Trim(f, `.,;:!?…)"'`) == "" {
		ws[len(ws)-1].trail += f
		return ws
	}
	return append(ws, word{lead: f})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWord classes ASCII bytes for splitWords: white space as
// strings.Fields has it, letters and digits (isWordRune), capitals.
const (
	aSpace = 1 << iota
	aWord
	aUpper
)

var asciiWord = func() (t [utf8.RuneSelf]uint8) {
	for _, c := range "\t\n\v\f\r " {
		t[c] = aSpace
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = aWord
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = aWord
		t[c-'a'+'A'] = aWord | aUpper
	}
	return
}()

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func join(ws []word) string {
	var b strings.Builder
	n := 0
	for _, w := range ws {
		n += len(w.lead) + len(w.core) + len(w.trail) + 1
	}
	b.Grow(n)
	for i, w := range ws {
		if w.lead == "" && w.core == "" && (w.trail == "" || i == len(ws)-1) {
			continue // punctuation left with nothing to stand by
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		// (Most words have no punctuation around them: not writing the
		// empty strings saves a copy call each.)
		if w.lead != "" {
			b.WriteString(w.lead)
		}
		b.WriteString(w.core)
		if i < len(ws)-1 {
			if w.trail != "" {
				b.WriteString(w.trail)
			}
		} else {
			b.WriteString(finalTrail(w.trail))
		}
	}
	return closeQuotes(b.String())
}

// finalTrail drops the sentence's own punctuation at the end, keeping a
// closing bracket or quote.
func finalTrail(t string) string {
	return strings.TrimRight(t, ".,;:!?…-–— ")
}

// closeQuotes drops a dangling double quote left by a cut.
func closeQuotes(s string) string {
	if strings.Count(s, `"`)%2 == 1 {
		if strings.HasSuffix(s, `"`) {
			return strings.TrimSuffix(s, `"`)
		}
		return s + `"`
	}
	return s
}

func lower(w word) string { return w.low }

func hasComma(t string) bool { return strings.ContainsAny(t, ",;") }

// endsClause reports whether punctuation after a word closes a clause.
func endsClause(t string) bool { return strings.ContainsAny(t, ",;:.!?…—–") }

// Fillers the speaker opens with. The ones in leadingIfComma are words in
// their own right unless a comma follows ("Look, ..." but "look at ...").
var (
	leadingFillers = [][]string{
		{"um"}, {"uh"}, {"uhm"}, {"erm"}, {"er"}, {"hmm"}, {"oh"}, {"ah"},
		{"honestly"}, {"frankly"}, {"basically"}, {"actually"}, {"i", "mean"}, {"you", "know"},
		{"to", "be", "honest"}, {"to", "be", "frank"}, {"to", "be", "fair"},
		{"so"}, {"and"}, {"but"}, {"well"}, {"okay"}, {"ok"}, {"yeah"}, {"yes"}, {"anyway"},
	}
	leadingIfComma = [][]string{
		{"look"}, {"listen"}, {"like"}, {"right"}, {"no"}, {"see"}, {"sure"}, {"now"}, {"though"}, {"still"}, {"anyhow"},
	}
	// innerFillers are removed where commas set them off: "is, honestly, terrible".
	innerFillers = [][]string{
		{"honestly"}, {"frankly"}, {"basically"}, {"i", "mean"}, {"you", "know"}, {"like"},
		{"to", "be", "honest"}, {"to", "be", "frank"}, {"if", "i'm", "honest"}, {"let's", "be", "honest"},
	}
	// hesitations are removed wherever they are.
	hesitations = map[string]bool{"um": true, "uh": true, "uhm": true, "erm": true, "er": true, "hmm": true, "umm": true, "uhh": true}
	// tagQuestions end a claim to check it: ", right?".
	tagQuestions = map[string]bool{
		"right": true, "isn't it": true, "aren't you": true, "don't you": true, "doesn't it": true,
		"won't you": true, "won't it": true, "correct": true, "no": true, "am i wrong": true, "true": true,
		"yeah": true, "you know": true, "isn't that right": true, "don't you think": true,
		"wouldn't you say": true, "agreed": true, "ok": true, "okay": true, "huh": true, "eh": true,
		"or not": true, "am i right": true, "isn't that so": true, "aren't they": true, "don't they": true,
		"do you": true, "did you": true, "can you": true, "are you": true, "will you": true, "would you": true,
		"have you": true, "haven't you": true, "didn't you": true, "can't you": true, "wouldn't you": true,
		"is it": true, "does it": true, "isn't that true": true, "wouldn't it": true,
		// asides that close a claim without changing it
		"i bet": true, "i guess": true, "i think": true, "i'd say": true, "i suppose": true, "i'm sure": true,
		"mark my words": true, "trust me": true, "just saying": true, "i'm just saying": true, "honestly": true,
		// laughter and "only joking" that close a jab
		"ha": true, "haha": true, "hah": true, "heh": true, "lol": true, "lmao": true, "ha ha": true,
		"just kidding": true, "only joking": true, "kidding": true, "jk": true,
	}
)

// wordFilter has a bit for the shape (length, first and last byte) of each
// word of a set: a word whose bit is clear is surely not in the set, so most
// words are turned away without a map lookup or a list of comparisons.
type wordFilter [16]uint64

func (f *wordFilter) add(w string) {
	if h, ok := wordShape(w); ok {
		f[h/64] |= 1 << (h % 64)
	}
}

// has is false when w is surely not in the set.
func (f *wordFilter) has(w string) bool {
	h, ok := wordShape(w)
	return ok && f[h/64]&(1<<(h%64)) != 0
}

func wordShape(w string) (uint, bool) {
	if w == "" {
		return 0, false
	}
	return (uint(len(w))*131 + uint(w[0])*31 + uint(w[len(w)-1])) % 1024, true
}

func filterOf[V any](m map[string]V) *wordFilter {
	f := new(wordFilter)
	for w := range m {
		f.add(w)
	}
	return f
}

// firstWords filters the first words of phrase lists.
func firstWords(lists ...[][]string) *wordFilter {
	f := new(wordFilter)
	for _, l := range lists {
		for _, p := range l {
			f.add(p[0])
		}
	}
	return f
}

var (
	leadingFirst  = firstWords(leadingFillers, leadingIfComma)
	innerFirst    = firstWords(innerFillers)
	hesitationF   = filterOf(hesitations)
	sellerSwapF   = filterOf(sellerSwap)
	prospectSwapF = filterOf(prospectSwap)
)

// matchPhrase reports whether ws starts with phrase (lower-case words).
func matchPhrase(ws []word, phrase []string) bool {
	if len(ws) < len(phrase) {
		return false
	}
	for i, p := range phrase {
		if ws[i].low != p {
			return false
		}
		if i < len(phrase)-1 && ws[i].trail != "" { // "i, mean" is not "I mean"
			return false
		}
	}
	return true
}

func stripLeadingFillers(ws []word) []word {
	for {
		if len(ws) == 0 || !leadingFirst.has(ws[0].low) {
			return ws
		}
		n := 0
		for _, f := range leadingFillers {
			if matchPhrase(ws, f) {
				n = len(f)
				break
			}
		}
		if n == 0 {
			for _, f := range leadingIfComma {
				if matchPhrase(ws, f) && hasComma(ws[len(f)-1].trail) {
					n = len(f)
					break
				}
			}
		}
		if n == 0 {
			return ws
		}
		lead := ws[0].lead // an opening bracket or quote stays
		ws = ws[n:]
		if len(ws) == 0 {
			return ws
		}
		ws[0].lead = lead + ws[0].lead
	}
}

func stripInnerFillers(ws []word) []word {
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if hesitationF.has(w.low) && hesitations[w.low] {
			if len(out) > 0 {
				prev := &out[len(out)-1]
				switch {
				case hasComma(prev.trail): // "your, uh, onboarding"
					prev.trail = strings.TrimRight(prev.trail, ",; ") + strings.TrimLeft(w.trail, ",; ")
				case endsClause(w.trail) && !hasComma(w.trail): // "slow, uh."
					prev.trail += w.trail
				}
			}
			continue
		}
		if len(out) > 0 && hasComma(out[len(out)-1].trail) {
			if n := innerFillerAt(ws[i:]); n > 0 {
				last := ws[i+n-1]
				prev := &out[len(out)-1]
				prev.trail = strings.TrimRight(prev.trail, ",; ") + strings.TrimLeft(last.trail, ",; ")
				i += n - 1
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// innerFillerAt returns the length of the filler ws starts with when it is
// set off by a comma or ends the quote, or 0.
func innerFillerAt(ws []word) int {
	if !innerFirst.has(ws[0].low) {
		return 0
	}
	for _, f := range innerFillers {
		if !matchPhrase(ws, f) {
			continue
		}
		n := len(f)
		last := ws[n-1].trail
		if n == len(ws) || hasComma(last) || endsClause(last) {
			return n
		}
		if f[0] == "i" && f[1] == "mean" { // ", I mean it failed": always a filler
			return n
		}
	}
	return 0
}

// stripTagQuestion drops a tag question after the last comma: "you charge
// for viewers, right?".
func stripTagQuestion(ws []word) []word {
	for k := len(ws) - 2; k >= 0 && k >= len(ws)-5; k-- {
		if !hasComma(ws[k].trail) {
			continue
		}
		var b strings.Builder
		for j, w := range ws[k+1:] {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w.low)
		}
		if tagQuestions[b.String()] {
			ws = ws[:k+1]
			ws[k].trail = strings.TrimRight(ws[k].trail, ",; ")
			return ws
		}
		return ws
	}
	return ws
}

// Pronoun swaps. The prospect's "you" is the seller, which the rep calls
// "we" or "us"; the prospect's "we" and "I" are who the rep calls "you".
var (
	sellerSwap = map[string]string{
		"your": "our", "yours": "ours", "yourself": "ourselves", "yourselves": "ourselves",
		"you're": "we're", "you'll": "we'll", "you've": "we've", "you'd": "we'd",
		"y'all's": "our",
	}
	prospectSwap = map[string]string{
		"we": "you", "we're": "you're", "we'll": "you'll", "we've": "you've", "we'd": "you'd",
		"our": "your", "ours": "yours", "ourselves": "yourselves",
		"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
		"i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd",
	}
	// youGroup words after "you" name the seller's people: "you guys".
	youGroup = set("guys", "folks", "people")
	// auxiliaries and adverbs that follow a subject "you": "you will", "you always".
	afterSubject = set("will", "won't", "would", "wouldn't", "are", "aren't", "were", "weren't",
		"have", "haven't", "had", "hadn't", "do", "don't", "did", "didn't", "can", "can't", "cannot",
		"could", "couldn't", "should", "shouldn't", "must", "might", "may", "always", "never",
		"probably", "just", "really", "also", "only", "still", "all", "both", "definitely",
		"clearly", "obviously", "already", "ever", "guys", "folks", "people", "gonna", "wanna",
		"got", "get", "charge", "need", "want", "say", "said", "claim", "promise", "sell", "raise", "keep")
	// before an object "you": prepositions and verbs that take a person.
	beforeObject = set("to", "for", "with", "from", "about", "at", "by", "of", "on", "against",
		"without", "into", "towards", "toward", "around", "behind", "than", "past", "over", "under",
		"upon", "trust", "pay", "paid", "paying", "tell", "told", "call", "called", "email", "emailed",
		"ask", "asked", "give", "gave", "send", "sent", "hire", "hired", "choose", "chose", "pick",
		"picked", "use", "used", "using", "like", "love", "hate", "need", "want", "see", "saw", "meet",
		"met", "know", "recommend", "recommended", "buy", "bought", "blame", "thank", "hear", "heard",
		"understand", "found", "compare", "compared", "believe", "let", "leave", "left", "drop", "dropped")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func swapPronouns(ws []word) []word {
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		l := lower(w)
		switch {
		case l == "you" || l == "y'all" || (l == "ya" && i+1 < len(ws) && afterSubject[lower(ws[i+1])]):
			// "you guys" is one seller reference.
			if i+1 < len(ws) && youGroup[lower(ws[i+1])] && w.trail == "" {
				w.trail = ws[i+1].trail
				i++
			}
			w.core = "we"
			w.low = w.core
			if youIsObject(ws, i, out) {
				w.core = "us"
				w.low = w.core
			}
		case sellerSwapF.has(l) && sellerSwap[l] != "":
			w.core = sellerSwap[l]
			w.low = w.core
		case l == "us" && w.core == "US": // the country
		case l == "us":
			w.core = "you"
			w.low = w.core
		case l == "am" || l == "was":
			// "am I" -> "are you"; "I am" is handled with the "I".
			if i+1 < len(ws) && lower(ws[i+1]) == "i" {
				w.core = "are"
				w.low = w.core
				if l == "was" {
					w.core = "were"
					w.low = w.core
				}
			}
		case prospectSwapF.has(l) && prospectSwap[l] != "":
			w.core = prospectSwap[l]
			w.low = w.core
			if l == "i" && w.trail == "" && i+1 < len(ws) {
				switch lower(ws[i+1]) {
				case "am":
					out = append(out, w)
					w = ws[i+1]
					w.core = "are"
					w.low = w.core
					i++
				case "was":
					out = append(out, w)
					w = ws[i+1]
					w.core = "were"
					w.low = w.core
					i++
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// youIsObject decides whether the seller "you" at ws[i] (the last word of
// "you guys") is an object ("we trust you" -> "us") or a subject ("you
// will" -> "we"). done holds the words already swapped.
func youIsObject(ws []word, i int, done []word) bool {
	if i+1 < len(ws) && afterSubject[lower(ws[i+1])] && !endsClause(ws[i].trail) {
		return false
	}
	if len(done) == 0 || endsClause(done[len(done)-1].trail) {
		return false
	}
	prev := lower(done[len(done)-1])
	if beforeObject[prev] {
		return true
	}
	return i+1 == len(ws) || endsClause(ws[i].trail)
}

// contract joins "we will" into "we'll" and "we are" into "we're", as people
// say them, when more follows.
func contract(ws []word) []word {
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if (w.core == "we" || w.core == "you") && w.trail == "" && i+2 < len(ws) && ws[i+1].lead == "" && ws[i+1].trail == "" {
			switch ws[i+1].core {
			case "will":
				w.core += "'ll"
				w.low = w.core
				i++
			case "are":
				w.core += "'re"
				w.low = w.core
				i++
			}
		}
		out = append(out, w)
	}
	return out
}

// Words a cut must not end on.
var dangling = set("a", "an", "the", "and", "or", "but", "to", "of", "for", "with", "in", "on", "at",
	"by", "from", "that", "which", "who", "our", "your", "their", "my", "its", "we", "you", "they", "it",
	"is", "are", "was", "were", "be", "been", "so", "if", "because", "as", "than", "very", "really",
	"just", "more", "less", "about", "like", "into", "over", "not", "no", "will", "would", "can",
	"could", "should", "have", "has", "had", "do", "does", "did", "we're", "you're", "we'll",
	"you'll", "we've", "you've", "it's", "there", "this", "these", "those", "some", "any", "every",
	"all", "most", "much", "many", "too", "even", "when", "where", "while", "what", "how", "why",
	"going", "gonna", "get", "got", "us", "them", "up", "out")

// clauseStarts are words that open a new clause: a cut may fall before them.
var clauseStarts = set("and", "but", "so", "because", "which", "or", "although", "though", "since",
	"unless", "while", "whereas", "cause", "'cause", "then", "plus")

// cut keeps about maxWords words: the longest run up to a clause boundary
// between minWords and maxWords+slack words, else the first maxWords
// words less any that a sentence cannot end on.
func cut(ws []word) []word {
	if len(ws) <= maxWords+slack {
		return ws
	}
	for k := maxWords + slack; k >= minWords; k-- { // keep ws[:k]
		if (endsClause(ws[k-1].trail) || clauseStarts[lower(ws[k])]) && !danglingWord(ws[k-1]) {
			return ws[:k]
		}
	}
	k := maxWords
	for k > minWords && danglingWord(ws[k-1]) {
		k--
	}
	return ws[:k]
}

func danglingWord(w word) bool { return w.core == "" || dangling[lower(w)] }

// lowerFirst reports whether the first word is capitalised only because it
// starts the sentence.
func lowerFirst(core string, keep func(string) bool) bool {
	r, size := utf8.DecodeRuneInString(core)
	if !unicode.IsUpper(r) {
		return false
	}
	rest := core[size:]
	if rest == "" { // "A"; a lone "I" was swapped to "you" already
		return true
	}
	if strings.IndexFunc(rest, unicode.IsUpper) >= 0 { // "HubSpot", "SLA", "IT"
		return false
	}
	if keep != nil && keep(strings.ToLower(core)) {
		return false
	}
	return true
}

func lowerInitial(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

func upperInitial(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
