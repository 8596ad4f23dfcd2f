// Package cues finds the language cues Pushback reasons with: references to
// the seller, future and prediction markers, negation, absolutes, hedges,
// warnings, requests for permission and the rest. The lexicons come from the
// playbook (embedded default plus the team's own) and are compiled once into
// integer word ids, indexed by first word, so scanning costs a map lookup per
// token and a few integer comparisons per candidate pattern.
package cues

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
)

// Lexicon names with a meaning in code. Every one is in the default playbook.
const (
	SellerRefs   = "seller_refs"
	OwnRefs      = "own_refs"
	Future       = "future"
	Negation     = "negation"
	Capability   = "capability"
	Absolutes    = "absolutes"
	Verdicts     = "verdicts"
	Judgments    = "judgments"
	Experience   = "experience"
	Hedges       = "hedges"
	Reported     = "reported"
	TagQuestions = "tag_questions"
	Constraints  = "constraints"
	Agreement    = "agreement"
	Jokes        = "jokes"
	Comparisons  = "comparisons"
	Requests     = "requests"
	SmallTalk    = "small_talk"
	Warning      = "warning"
	Permission   = "permission"
	Challenge    = "challenge"
	Concession   = "concession"
	Clarify      = "clarify"
	Reason       = "reason"
	Disrespect   = "disrespect"
	Uncalm       = "uncalm"
	TopicChange  = "topic_change"
	Politeness   = "politeness"
	Intensifiers = "intensifiers"
	Emotion      = "emotion"
	BadOutcomes  = "bad_outcomes"
	Logistics    = "logistics"
	Rules        = "rules"
	PutDowns     = "put_downs"
	Conduct      = "conduct"          // remarks on how the other speaker is behaving in the conversation
	SellerDocs   = "seller_documents" // the seller's own paperwork read back ("your quote says")
	ThirdParty   = "third_party"      // someone who is neither the seller nor the prospect's side
	Competitor   = "competitor"       // from the playbook's competitors
	Demands      = "demands"          // what the prospect requires of the seller ("we'll need you to carry five million")
)

// Set is a compiled collection of lexicons. It is read-only after Compile
// and safe for concurrent use.
type Set struct {
	names      []string
	ids        map[string]int
	vocab      map[string]int32   // exact pattern words
	prefixes   []string           // pattern word prefixes ("integrat" of "integrat*")
	prefixIDs  map[string]int32   // index in prefixes, while compiling
	prefixKeys []prefixKey        // by prefix id
	byFirst2   map[uint32][]int32 // prefix ids by their first two bytes (first2)
	short      []int32            // prefixes under two bytes
	byWord     [][]entry          // by first word id
	byPrefix   [][]entry          // by first prefix id
	// The scan's index of byWord (built by index): a word's patterns whose
	// second step is not one plain word, and for each (word, next word)
	// pair the word's patterns that pair may start. Most of a common
	// word's patterns ("i" starts over 80) name the word after it, so a
	// token tries only those its neighbour allows.
	free   [][]entry // by first word id: entries with next < 0
	starts []uint8   // by first word id: startsFree | startsPaired
	pairs  []pairSlot
	lists  [][]entry // the entries of pairs
	// vtab and f2tab are vocab and byFirst2 as open-addressed tables, for
	// a scanner learning a new word: vtab keyed like the scanner's memory
	// (wordKey, keyHash), f2tab by first2.
	vtab   []vocabSlot
	f2tab  []first2Slot
	topics []topicLex
	facts  []factLex
	keep   func(name string) bool
}

type entry struct {
	lex  int
	rest []cstep // the steps after the first
	// next is the one word the second step takes, when it is a plain word
	// (no gap, no alternatives, no prefix): a quick test before matching.
	// -1 when there is no such word.
	next int32
	// at is where rest starts, tokens after the first: 1, or 2 in the
	// lists of pairs, whose entries have rest[0] (the next word) matched.
	at int32
	// words is a one-word Bloom filter of rest[0].words, bit id&63 for
	// each, when rest[0] is words only (no gap, no prefix), else 0: most
	// tries fail there, on one test instead of a search of the words.
	words uint64
}

// wordBit is word id w's bit in an entry's words filter: the top six bits
// of a multiplicative hash, which spread the ids of a step's alternatives,
// often close together, better than their low bits.
func wordBit(w int32) uint32 { return (uint32(w) * 0x9E3779B1) >> 26 }

// setWords fills in the words filter of each of es.
func setWords(es []entry) {
	for k := range es {
		e := &es[k]
		e.words = 0
		if len(e.rest) > 0 {
			if st := &e.rest[0]; st.maxGap == 0 && len(st.prefixes) == 0 {
				for _, w := range st.words {
					e.words |= 1 << wordBit(w)
				}
			}
		}
	}
}

// What a word's entries are, for a quick test per token.
const (
	startsFree   = 1 << iota // some entry has next < 0
	startsPaired             // some entry has next >= 0
)

// pairSlot is a slot of the open-addressed table from a (first word, next
// word) pair of ids to its entries, lists[list-1]; list 0 is empty.
type pairSlot struct {
	key  uint64
	list int32
}

type vocabSlot struct {
	lo, hi uint64 // wordKey of word
	n      int32  // len(word)
	id1    int32  // the word's id + 1; 0 in an empty slot
	word   string // only for words longer than 16 bytes
}

// prefixKey is a prefix of n bytes: when n <= 8, its bytes little-endian
// in key, and in mask a byte of ones for each.
type prefixKey struct {
	key, mask uint64
	n         int32
}

type first2Slot struct {
	key uint32 // first2 + 1; 0 in an empty slot
	ids []int32
}

type cstep struct {
	words, prefixes []int32
	minGap, maxGap  int // a gap step when maxGap > 0
}

type topicLex struct {
	topic pushback.Topic
	lex   int
}

type factLex struct {
	fact pushback.Fact
	lex  int
}

// Hit is a match of a lexicon over tokens [Start, End).
type Hit struct {
	Lex        int
	Start, End int
}

// Compile builds the lexicons of a playbook: its cues, its topics (as
// "topic:NAME"), its facts' about words (as "fact:ID"), its aliases, company
// and product names (added to seller_refs) and competitors.
func Compile(pb *pushback.Playbook) (*Set, error) { return CompileOnly(pb, nil) }

// CompileOnly is Compile keeping only the lexicons keep accepts (all when
// keep is nil). Scanning costs grow with the patterns a token may start, so
// each reader of the text compiles just the lexicons it reads.
func CompileOnly(pb *pushback.Playbook, keep func(name string) bool) (*Set, error) {
	s := &Set{ids: map[string]int{}, vocab: map[string]int32{}, prefixIDs: map[string]int32{}, byFirst2: map[uint32][]int32{}, keep: keep}
	names := make([]string, 0, len(pb.Cues))
	for n := range pb.Cues {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		pats := pb.Cues[n]
		if n == SellerRefs {
			pats = append(append([]string{}, pats...), sellerNames(pb)...)
		}
		if err := s.add(n, pats); err != nil {
			return nil, err
		}
	}
	if _, ok := s.ids[SellerRefs]; !ok {
		if err := s.add(SellerRefs, sellerNames(pb)); err != nil {
			return nil, err
		}
	}
	if err := s.add(Competitor, namePatterns(pb.Competitors)); err != nil {
		return nil, err
	}
	for _, t := range pushback.Topics {
		if err := s.add("topic:"+string(t), pb.Topics[t]); err != nil {
			return nil, err
		}
		if id, ok := s.ids["topic:"+string(t)]; ok {
			s.topics = append(s.topics, topicLex{t, id})
		}
	}
	for _, f := range pb.Facts {
		if err := s.add("fact:"+f.ID, f.About); err != nil {
			return nil, err
		}
		if id, ok := s.ids["fact:"+f.ID]; ok {
			s.facts = append(s.facts, factLex{f, id})
		}
	}
	s.index()
	s.prefixIDs = nil
	return s, nil
}

// index builds free, paired, pairs and lists from byWord, keeping each
// word's entries in their order, so hits come out as from byWord.
func (s *Set) index() {
	s.free = make([][]entry, len(s.byWord))
	s.starts = make([]uint8, len(s.byWord))
	type pair struct{ w, x int32 }
	var keys []pair
	for w, es := range s.byWord {
		var nexts []int32
		for _, e := range es {
			if e.next < 0 {
				s.free[w] = append(s.free[w], e)
			} else if !slices.Contains(nexts, e.next) {
				nexts = append(nexts, e.next)
			}
		}
		if len(s.free[w]) > 0 {
			s.starts[w] |= startsFree
		}
		if len(nexts) > 0 {
			s.starts[w] |= startsPaired
		}
		for _, x := range nexts {
			keys = append(keys, pair{int32(w), x})
		}
	}
	size := 16
	for size < 2*len(keys) {
		size *= 2
	}
	s.pairs = make([]pairSlot, size)
	s.lists = make([][]entry, 0, len(keys))
	for _, p := range keys {
		var l []entry
		for _, e := range s.byWord[p.w] {
			if e.next < 0 {
				l = append(l, e)
			} else if e.next == p.x {
				e.rest, e.at = e.rest[1:], 2
				l = append(l, e)
			}
		}
		s.lists = append(s.lists, l)
		key := pairKey(p.w, p.x)
		mask := uint64(len(s.pairs) - 1)
		i := pairHash(key) & mask
		for s.pairs[i].list != 0 {
			i = (i + 1) & mask
		}
		s.pairs[i] = pairSlot{key, int32(len(s.lists))}
	}
	for _, es := range s.free {
		setWords(es)
	}
	for _, es := range s.lists {
		setWords(es)
	}
	for _, es := range s.byPrefix {
		setWords(es)
	}
	s.vtab = make([]vocabSlot, tableSize(len(s.vocab)))
	vmask := uint32(len(s.vtab) - 1)
	for w, id := range s.vocab {
		lo, hi := wordKey(w)
		i := keyHash(lo, hi, len(w)) & vmask
		for s.vtab[i].id1 != 0 {
			i = (i + 1) & vmask
		}
		sl := vocabSlot{lo: lo, hi: hi, n: int32(len(w)), id1: id + 1}
		if len(w) > 16 {
			sl.word = w
		}
		s.vtab[i] = sl
	}
	s.f2tab = make([]first2Slot, tableSize(len(s.byFirst2)))
	fmask := uint32(len(s.f2tab) - 1)
	for k, ids := range s.byFirst2 {
		i := first2Hash(k) & fmask
		for s.f2tab[i].key != 0 {
			i = (i + 1) & fmask
		}
		s.f2tab[i] = first2Slot{k + 1, ids}
	}
}

// tableSize is a power of two at least twice n, at least 16.
func tableSize(n int) int {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return size
}

func first2Hash(k uint32) uint32 { return (k * 0x9E3779B1) >> 16 }

// vocabID is the id of word t, of key lo, hi and keyHash h, or -1.
func (s *Set) vocabID(t string, lo, hi uint64, h uint32) int32 {
	mask := uint32(len(s.vtab) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &s.vtab[i]
		if sl.id1 == 0 {
			return -1
		}
		if sl.lo == lo && sl.hi == hi && int(sl.n) == len(t) && (len(t) <= 16 || sl.word == t) {
			return sl.id1 - 1
		}
	}
}

// withFirst2 returns the prefix ids of byFirst2[k].
func (s *Set) withFirst2(k uint32) []int32 {
	mask := uint32(len(s.f2tab) - 1)
	for i := first2Hash(k) & mask; ; i = (i + 1) & mask {
		sl := &s.f2tab[i]
		if sl.key == k+1 {
			return sl.ids
		}
		if sl.key == 0 {
			return nil
		}
	}
}

func pairKey(w, x int32) uint64 { return uint64(uint32(w))<<32 | uint64(uint32(x)) }

// pairHash spreads a pair key over the table (Fibonacci hashing).
func pairHash(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> 40 }

// entries returns the entries that word w may start when pattern word x
// follows (x >= 0).
func (s *Set) entries(w, x int32) []entry {
	key := pairKey(w, x)
	mask := uint64(len(s.pairs) - 1)
	for i := pairHash(key) & mask; ; i = (i + 1) & mask {
		sl := &s.pairs[i]
		if sl.list == 0 {
			return s.free[w]
		}
		if sl.key == key {
			return s.lists[sl.list-1]
		}
	}
}

// sellerNames are the names a prospect may use for the seller.
func sellerNames(pb *pushback.Playbook) []string {
	return namePatterns(append([]string{pb.Company, pb.Product}, pb.Aliases...))
}

// namePatterns turns names ("Harborline Payroll & HR") into patterns of
// their words, so no character in a name is read as pattern syntax.
func namePatterns(names []string) []string {
	var out []string
	for _, n := range names {
		if toks := lang.Tokens(n); len(toks) > 0 {
			out = append(out, strings.Join(toks, " "))
		}
	}
	return out
}

func (s *Set) wordID(w string) int32 {
	if id, ok := s.vocab[w]; ok {
		return id
	}
	id := int32(len(s.vocab))
	s.vocab[w] = id
	s.byWord = append(s.byWord, nil)
	return id
}

func (s *Set) prefixID(p string) int32 {
	if id, ok := s.prefixIDs[p]; ok {
		return id
	}
	id := int32(len(s.prefixes))
	s.prefixIDs[p] = id
	pk := prefixKey{n: int32(len(p))}
	if len(p) <= 8 {
		for k := len(p) - 1; k >= 0; k-- {
			pk.key = pk.key<<8 | uint64(p[k])
			pk.mask = pk.mask<<8 | 0xFF
		}
	}
	s.prefixKeys = append(s.prefixKeys, pk)
	s.prefixes = append(s.prefixes, p)
	s.byPrefix = append(s.byPrefix, nil)
	if len(p) < 2 {
		s.short = append(s.short, id)
	} else {
		s.byFirst2[first2(p)] = append(s.byFirst2[first2(p)], id)
	}
	return id
}

// first2 is the key of byFirst2 for a word of two bytes or more: a number,
// which the map looks up faster than a string.
func first2(w string) uint32 { return uint32(w[0])<<8 | uint32(w[1]) }

func (s *Set) add(name string, patterns []string) error {
	if s.keep != nil && !s.keep(name) {
		return nil
	}
	lex, ok := s.ids[name]
	if !ok {
		lex = len(s.names)
		s.ids[name] = lex
		s.names = append(s.names, name)
	}
	for _, src := range patterns {
		p, err := lang.CompilePattern(src)
		if err != nil {
			return fmt.Errorf("cue lexicon %s: %w", name, err)
		}
		cs := make([]cstep, p.NumSteps())
		n := 0
		for i := range cs {
			st := p.Step(i)
			n += len(st.Words) + len(st.Prefixes)
		}
		// The ids of all steps in one array, each step's cut to its own.
		all := make([]int32, 0, n)
		for i := range cs {
			st := p.Step(i)
			cs[i] = cstep{minGap: st.MinGap, maxGap: st.MaxGap}
			a := len(all)
			for _, w := range st.Words {
				all = append(all, s.wordID(w))
			}
			if len(all) > a {
				cs[i].words = all[a:len(all):len(all)]
			}
			a = len(all)
			for _, pre := range st.Prefixes {
				all = append(all, s.prefixID(pre))
			}
			if len(all) > a {
				cs[i].prefixes = all[a:len(all):len(all)]
			}
		}
		e := entry{lex: lex, rest: cs[1:], next: -1, at: 1}
		if r := e.rest; len(r) > 0 && r[0].maxGap == 0 && len(r[0].words) == 1 && len(r[0].prefixes) == 0 {
			e.next = r[0].words[0]
		}
		for _, w := range cs[0].words {
			s.byWord[w] = append(s.byWord[w], e)
		}
		for _, pre := range cs[0].prefixes {
			s.byPrefix[pre] = append(s.byPrefix[pre], e)
		}
	}
	return nil
}

// ID returns the id of a lexicon, or -1.
func (s *Set) ID(name string) int {
	if id, ok := s.ids[name]; ok {
		return id
	}
	return -1
}

// Name returns the name of lexicon id.
func (s *Set) Name(id int) string { return s.names[id] }

// Len is the number of lexicons.
func (s *Set) Len() int { return len(s.names) }

// Topics returns the topics in the order of TopicLex.
func (s *Set) Topics() []pushback.Topic {
	out := make([]pushback.Topic, len(s.topics))
	for i, t := range s.topics {
		out[i] = t.topic
	}
	return out
}

// TopicLex returns the lexicon id of topic i (as in Topics).
func (s *Set) TopicLex(i int) int { return s.topics[i].lex }

// Facts returns the playbook facts, in the order of FactLex.
func (s *Set) Facts() []pushback.Fact {
	out := make([]pushback.Fact, len(s.facts))
	for i, f := range s.facts {
		out[i] = f.fact
	}
	return out
}

// FactLex returns the lexicon id of fact i (as in Facts).
func (s *Set) FactLex(i int) int { return s.facts[i].lex }

// Scanner holds the buffers of a scan; reuse one per goroutine to scan
// without allocating. It remembers what it learnt of each word (its pattern
// word id, the pattern prefixes it starts with and its model.WordHash), so
// a word costs one table lookup however many patterns there are.
type Scanner struct {
	ids    []int32  // word id per token, -1 when not a pattern word
	ks     []int32  // index in infos per token that starts a prefix, else -1
	hashes []uint32 // model.WordHash per token

	set *Set
	// words is an open-addressed table from a word to its index in infos:
	// each slot holds keyHash of the word in the high half and the index +
	// 1 in the low half, 0 when empty. Eight bytes a slot keep the table
	// small enough to stay in cache.
	words []uint64
	keys  []string // the words of infos longer than 16 bytes, else ""
	infos []wordInfo
	pool  []int32 // prefix ids of the words in infos
}

type wordInfo struct {
	lo, hi   uint64 // wordKey of the word
	n        int32  // the word's length
	hash     uint32 // model.WordHash of the word
	id       int32  // pattern word id, -1 when none
	pk       int32  // the word's index in infos when it starts a prefix, else -1
	pre, end int32  // pool[pre:end] are the prefixes the word starts with
}

// wordKey packs the bytes of w into two words, with a few loads and no
// loop: its first and last eight bytes (overlapping when shorter than 16),
// its first and last four when shorter than 8, or its first, middle and last
// byte when shorter than 4. With the length, the key is the word itself for
// words up to 16 bytes, the most of them: a table hit needs no string
// compare. (learn has its own copy: the compiler does not inline it.)
func wordKey(w string) (lo, hi uint64) {
	n := len(w)
	switch {
	case n >= 8:
		return load64(w[:8]), load64(w[n-8:])
	case n >= 4:
		return uint64(load32(w[:4])) | uint64(load32(w[n-4:]))<<32, 0
	case n > 0:
		return uint64(w[0]) | uint64(w[n>>1])<<8 | uint64(w[n-1])<<16, 0
	}
	return 0, 0
}

// keyHash spreads a word key over 32 bits. The fold before the multiply
// lets every input bit reach the low bits of the result, which pick a slot.
func keyHash(lo, hi uint64, n int) uint32 {
	v := lo ^ hi*0x9E3779B97F4A7C15 ^ uint64(n)
	v ^= v >> 32
	return uint32((v * 0xBF58476D1CE4E5B9) >> 32)
}

// load64 and load32 read little-endian words of a string; the compiler
// makes each one load.
func load64(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func load32(b string) uint32 {
	b = b[:4]
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// WordHashes returns model.WordHash of each token of the last scan, from
// the scanner's memory of words: the word features need not hash them again.
func (sc *Scanner) WordHashes() []uint32 { return sc.hashes }

// maxWords bounds a scanner's memory of words, but for the words of a
// single scan: infos only grow during a scan, so the tokens scanned so far
// keep their indexes.
const maxWords = 1 << 16

// add learns what the set's patterns make of word t, of wordKey lo, hi
// and keyHash h, not in the table, and returns its index in infos.
func (sc *Scanner) add(s *Set, t string, lo, hi uint64, h uint32) int32 {
	var i uint32
	if 2*(len(sc.infos)+1) > len(sc.words) {
		i = sc.grow(h)
	} else {
		mask := uint32(len(sc.words) - 1)
		for i = h & mask; sc.words[i] != 0; i = (i + 1) & mask {
		}
	}
	wi := wordInfo{lo: lo, hi: hi, n: int32(len(t)), hash: model.WordHash(t), id: -1, pre: int32(len(sc.pool))}
	wi.id = s.vocabID(t, lo, hi, h)
	if len(t) >= 2 {
		// t's first eight bytes, zero-padded, to test the prefixes of up
		// to eight bytes (most) with a mask and a compare.
		raw := lo
		if len(t) < 8 {
			raw = 0
			for k := len(t) - 1; k >= 0; k-- {
				raw = raw<<8 | uint64(t[k])
			}
		}
		for _, p := range s.withFirst2(first2(t)) {
			pk := &s.prefixKeys[p]
			if pk.n <= 8 {
				if int(pk.n) <= len(t) && raw&pk.mask == pk.key {
					sc.pool = append(sc.pool, p)
				}
			} else if strings.HasPrefix(t, s.prefixes[p]) {
				sc.pool = append(sc.pool, p)
			}
		}
	}
	for _, p := range s.short {
		if strings.HasPrefix(t, s.prefixes[p]) {
			sc.pool = append(sc.pool, p)
		}
	}
	wi.end = int32(len(sc.pool))
	wi.pk = -1
	if wi.pre < wi.end {
		wi.pk = int32(len(sc.infos))
	}
	sc.infos = append(sc.infos, wi)
	key := ""
	if len(t) > 16 { // shorter words are their key
		key = strings.Clone(t)
	}
	sc.keys = append(sc.keys, key)
	sc.words[i] = uint64(h)<<32 | uint64(len(sc.infos))
	return int32(len(sc.infos) - 1)
}

// grow doubles the word table and returns the free slot for hash h.
func (sc *Scanner) grow(h uint32) uint32 {
	old := sc.words
	sc.words = make([]uint64, 2*len(old))
	mask := uint32(len(sc.words) - 1)
	for _, sl := range old {
		if sl == 0 {
			continue
		}
		i := uint32(sl>>32) & mask
		for sc.words[i] != 0 {
			i = (i + 1) & mask
		}
		sc.words[i] = sl
	}
	i := h & mask
	for sc.words[i] != 0 {
		i = (i + 1) & mask
	}
	return i
}

// Scan appends to hits every lexicon match in toks, at most one per lexicon
// and start token (the longest). sc may be nil.
func (s *Set) Scan(sc *Scanner, toks []string, hits []Hit) []Hit {
	if sc == nil {
		sc = &Scanner{}
	}
	switch {
	case sc.set != s || sc.words == nil:
		sc.set, sc.words, sc.infos, sc.keys, sc.pool = s, make([]uint64, 256), sc.infos[:0], sc.keys[:0], sc.pool[:0]
	case len(sc.infos) > 0 && len(sc.infos)+len(toks) > maxWords:
		// Start over before the scan, not during it. The table grows to
		// twice maxWords slots (more only for a longer scan): never more
		// than half full.
		clear(sc.words)
		sc.infos, sc.keys, sc.pool = sc.infos[:0], sc.keys[:0], sc.pool[:0]
	}
	n := len(toks)
	if cap(sc.ids) < n {
		c := max(n, 2*cap(sc.ids))
		sc.ids, sc.ks, sc.hashes = make([]int32, c), make([]int32, c), make([]uint32, c)
	}
	ids, ks, hashes := sc.ids[:n], sc.ks[:n], sc.hashes[:n]
	sc.ids, sc.ks, sc.hashes = ids, ks, hashes
	sc.learn(s, toks)
	base := len(hits)
	for i, id := range ids {
		if id >= 0 {
			if f := s.starts[id]; f != 0 {
				es := s.free[id]
				if f&startsPaired != 0 && i+1 < n && ids[i+1] >= 0 {
					es = s.entries(id, ids[i+1])
				}
				if len(es) > 0 {
					hits = s.try(sc, i, es, hits, base)
				}
			}
		}
		if k := ks[i]; k >= 0 {
			wi := &sc.infos[k]
			for _, p := range sc.pool[wi.pre:wi.end] {
				hits = s.try(sc, i, s.byPrefix[p], hits, base)
			}
		}
	}
	return hits
}

// learn fills ids, ks and hashes for toks.
func (sc *Scanner) learn(s *Set, toks []string) {
	ids, ks, hashes := sc.ids[:len(toks)], sc.ks[:len(toks)], sc.hashes[:len(toks)]
	// The table lookup is inlined (add is the miss path): most tokens are
	// words seen before.
	words, infos := sc.words, sc.infos
	mask := uint32(len(words) - 1)
	for i, t := range toks {
		// wordKey(t), by hand: the compiler does not inline it.
		var lo, hi uint64
		switch n := len(t); {
		case n >= 8:
			lo, hi = load64(t[:8]), load64(t[n-8:])
		case n >= 4:
			lo = uint64(load32(t[:4])) | uint64(load32(t[n-4:]))<<32
		case n > 0:
			lo = uint64(t[0]) | uint64(t[n>>1])<<8 | uint64(t[n-1])<<16
		}
		h := keyHash(lo, hi, len(t))
		var wi *wordInfo
		for j := h & mask; ; j = (j + 1) & mask {
			sl := words[j]
			if sl == 0 {
				k := sc.add(s, t, lo, hi, h)
				words, infos = sc.words, sc.infos
				mask = uint32(len(words) - 1)
				wi = &infos[k]
				break
			}
			if uint32(sl>>32) == h {
				k := uint32(sl) - 1
				wi = &infos[k]
				if wi.lo == lo && wi.hi == hi && int(wi.n) == len(t) && (len(t) <= 16 || sc.keys[k] == t) {
					break
				}
			}
		}
		ids[i], ks[i], hashes[i] = wi.id, wi.pk, wi.hash
	}
}

func (s *Set) try(sc *Scanner, i int, es []entry, hits []Hit, base int) []Hit {
	for k := range es {
		e := &es[k]
		if e.next >= 0 && e.at == 1 && (i+1 >= len(sc.ids) || sc.ids[i+1] != e.next) {
			continue
		}
		end := i + int(e.at)
		if rest := e.rest; len(rest) > 0 {
			// The first step, when it is words only (most are), is
			// tested here: most tries fail on it, without a call.
			if e.words != 0 {
				// rest[0] is words only: the filter turns most tokens away.
				if end >= len(sc.ids) || e.words&(1<<wordBit(sc.ids[end])) == 0 ||
					!slices.Contains(rest[0].words, sc.ids[end]) {
					continue
				}
				end++
				rest = rest[1:]
			}
			if len(rest) > 0 {
				var ok bool
				if end, ok = sc.match(rest, end); !ok {
					continue
				}
			}
		}
		dup := false
		for h := len(hits) - 1; h >= base && hits[h].Start == i; h-- {
			if hits[h].Lex == e.lex {
				hits[h].End = max(hits[h].End, end)
				dup = true
				break
			}
		}
		if !dup {
			hits = append(hits, Hit{Lex: e.lex, Start: i, End: end})
		}
	}
	return hits
}

func (sc *Scanner) match(steps []cstep, i int) (int, bool) {
	for k := 0; k < len(steps); k++ {
		st := &steps[k]
		if st.maxGap > 0 {
			for skip := st.minGap; skip <= st.maxGap && i+skip <= len(sc.ids); skip++ {
				if end, ok := sc.match(steps[k+1:], i+skip); ok {
					return end, true
				}
			}
			return 0, false
		}
		if i >= len(sc.ids) || !sc.stepMatches(st, i) {
			return 0, false
		}
		i++
	}
	return i, true
}

func (sc *Scanner) stepMatches(st *cstep, i int) bool {
	id := sc.ids[i]
	if id >= 0 {
		for _, w := range st.words {
			if w == id {
				return true
			}
		}
	}
	if k := sc.ks[i]; k >= 0 && len(st.prefixes) > 0 {
		wi := &sc.infos[k]
		for _, p := range sc.pool[wi.pre:wi.end] {
			for _, q := range st.prefixes {
				if p == q {
					return true
				}
			}
		}
	}
	return false
}
