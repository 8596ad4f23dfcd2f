package cues_test

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
)

func mustSet(t testing.TB, yaml string) *cues.Set {
	t.Helper()
	pb, err := playbook.Default()
	if yaml != "" {
		pb, err = playbook.Parse("t.yaml", []byte(yaml))
	}
	if err != nil {
		t.Fatal(err)
	}
	s, err := cues.Compile(pb)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func found(s *cues.Set, text string) []string {
	toks := lang.Tokens(text)
	var out []string
	seen := map[string]bool{}
	for _, h := range s.Scan(nil, toks, nil) {
		n := s.Name(h.Lex) + "=" + strings.Join(toks[h.Start:h.End], " ")
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

func TestScan(t *testing.T) {
	s := mustSet(t, "company: Acme Analytics\naliases: [Acme]\ncompetitors: [Globex]\nfacts:\n  - id: sso\n    claim: We support SSO.\n    about: [sso, single sign-on]\n")
	tests := []struct {
		text string
		want []string
	}{
		{"You guys will probably jack up the price", []string{"future=probably", "future=will probably", "hedges=probably", "seller_refs=you guys", "topic:price=price", "topic:price=jack up"}},
		{"Acme doesn't support SSO", []string{"capability=support", "fact:sso=sso", "negation=doesn't", "seller_refs=acme", "topic:support/service=support"}},
		{"Would you be ok if I challenged that a bit?", []string{"permission=would you be ok if", "seller_refs=you"}},
	}
	for _, tt := range tests {
		got := found(s, tt.text)
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("Scan(%q) = %v, missing %s", tt.text, got, w)
			}
		}
	}
	if !contains(found(s, "Globex is cheaper"), "competitor=globex") {
		t.Error("competitor not found")
	}
	if !contains(found(s, "would you be ok if I shared why"), "permission=would you be ok if") {
		t.Errorf("permission not found: %v", found(s, "would you be ok if I shared why"))
	}
}

// The default playbook's demands, present-tense futures and topic words:
// requirements of the seller are demands, not predictions; a prediction said
// in the present tense still has a future marker; a menu board is not the
// board of directors.
func TestDefaultLexiconsReadTermsFuturesAndBoards(t *testing.T) {
	s := mustSet(t, "")
	tests := []struct {
		text      string
		want, not []string
	}{
		{"We'll need you to carry five million in general liability.", []string{"demands=we 'll need you to"}, nil},
		{"And you'll need to certify that you destroyed the data.", []string{"demands=you 'll need to certify"}, nil},
		{"Your draft had the cap at six months of fees.", []string{"seller_documents=your draft"}, nil},
		{"After we pay, you send a junior inspector, I know this.", []string{"future=after we pay", "future=i know this"}, nil},
		{"You'll raise the price after year one.", []string{"future=after year one"}, []string{"demands=you 'll"}},
		{"If the wifi blips, the whole board just goes dark.", nil, []string{"topic:authority=board"}},
		{"I have to take it to the board first.", []string{"topic:authority=to the board"}, nil},
	}
	for _, tt := range tests {
		got := found(s, tt.text)
		for _, w := range tt.want {
			if !contains(got, w) {
				t.Errorf("Scan(%q) = %v, missing %s", tt.text, got, w)
			}
		}
		for _, w := range tt.not {
			for _, g := range got {
				if strings.HasPrefix(g, w) {
					t.Errorf("Scan(%q) = %v, should not have %s", tt.text, got, g)
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func BenchmarkScan(b *testing.B) {
	s := mustSet(b, "")
	text := "Honestly I think you guys will probably jack up the price after the first year, and all these platforms are the same anyway, we tried one last year and it never worked."
	toks := lang.Tokens(text)
	var hits []cues.Hit
	sc := &cues.Scanner{}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		hits = s.Scan(sc, toks, hits[:0])
	}
}

// TestScannerMemory checks that a scanner reused across many texts gives the
// same hits and word hashes as a fresh one, while its word table grows and,
// past its bound, starts over.
func TestScannerMemory(t *testing.T) {
	s := mustSet(t, "")
	texts := []string{
		"You guys will probably jack up the price after the first year",
		"we tried one last year and it never worked, honestly",
		"Would you be ok if I challenged that a bit?",
	}
	reused := &cues.Scanner{}
	// 150,000 distinct filler words: more than the scanner keeps, so its
	// table fills, grows and is cleared on the way.
	for i := 0; i < 150_000; i++ {
		filler := []string{"w" + strconv.Itoa(i), "x" + strconv.Itoa(i%977)}
		s.Scan(reused, filler, nil)
		if i%10_000 != 0 {
			continue
		}
		for _, text := range texts {
			toks := lang.Tokens(text)
			got := s.Scan(reused, toks, nil)
			gotHashes := append([]uint32(nil), reused.WordHashes()...)
			fresh := &cues.Scanner{}
			want := s.Scan(fresh, toks, nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("after %d words, Scan(%q) = %v with a reused scanner, %v with a fresh one", i, text, got, want)
			}
			if !reflect.DeepEqual(gotHashes, fresh.WordHashes()) {
				t.Fatalf("after %d words, word hashes of %q differ", i, text)
			}
		}
	}
}

// TestScannerWordKeys checks that words of every length which differ in one
// byte, anywhere, are told apart by the scanner's memory (its keys hold
// words up to 16 bytes whole, and compare longer ones).
func TestScannerWordKeys(t *testing.T) {
	s := mustSet(t, "")
	sc := &cues.Scanner{}
	for n := 1; n <= 40; n++ {
		var toks []string
		for i := 0; i < n; i++ {
			b := []byte(strings.Repeat("a", n))
			b[i] = 'b'
			toks = append(toks, string(b), strings.Repeat("a", n))
		}
		toks = append(toks, "price", "we", "the")
		got := s.Scan(sc, toks, nil)
		hashes := sc.WordHashes()
		for i, tok := range toks {
			if hashes[i] != model.WordHash(tok) {
				t.Fatalf("WordHashes()[%d] = %d for %q, want %d", i, hashes[i], tok, model.WordHash(tok))
			}
		}
		if want := s.Scan(&cues.Scanner{}, toks, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("Scan(%q) = %v, want %v", toks, got, want)
		}
	}
}

// BenchmarkCompile compiles the default playbook's lexicons, as every
// start of the program does (several times, once per reader).
func BenchmarkCompile(b *testing.B) {
	pb, err := playbook.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cues.Compile(pb); err != nil {
			b.Fatal(err)
		}
	}
}
