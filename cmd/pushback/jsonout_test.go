package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
)

// The hand-written turns must read back exactly as encoding/json writes them.
func TestWriteCallMatchesEncodingJSON(t *testing.T) {
	call := &pushback.Call{Schema: pushback.CallSchema, Source: "x.vtt", Format: "webvtt", Duration: 12.5,
		Speakers: []pushback.Speaker{{Name: "Ana \"A\" <B>", Role: pushback.RoleRep}},
		Turns: []pushback.Turn{
			{Index: 0, Speaker: "Ana \"A\" <B>", Role: pushback.RoleRep, Start: 0.5, End: pushback.NoTime,
				Text: "tab\there, quote \" backslash \\ ctrl \x01 bad \xff line \u2028 ünï & <script>", Sentences: []string{"a", "b"}},
			{Index: 1, Speaker: "Bo", Role: pushback.RoleProspect, Start: pushback.NoTime, End: 3.25, Text: ""},
		}}
	var got bytes.Buffer
	if err := writeCall(&got, call, false); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(call)
	var a, b any
	if err := json.Unmarshal(got.Bytes(), &a); err != nil {
		t.Fatalf("invalid JSON %s: %v", got.Bytes(), err)
	}
	json.Unmarshal(want, &b)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Fatalf("got  %s\nwant %s", ja, jb)
	}
	got.Reset()
	writeCall(&got, call, true)
	if !bytes.Contains(got.Bytes(), []byte(`"sentences":["a","b"]`)) {
		t.Fatalf("no sentences: %s", got.Bytes())
	}
}

// An analysis written by hand reads back as encoding/json writes it.
func TestWriteAnalysisMatchesEncodingJSON(t *testing.T) {
	a := &pushback.Analysis{Call: pushback.Call{Schema: pushback.AnalysisSchema, Source: "a.txt", Duration: pushback.NoTime,
		Speakers: []pushback.Speaker{{Name: "Bo", Role: pushback.RoleProspect}},
		Turns:    []pushback.Turn{{Index: 0, Speaker: "Bo", Role: pushback.RoleProspect, Start: pushback.NoTime, End: pushback.NoTime, Text: "You'll \"raise\" prices."}}},
		Moments: []pushback.Moment{{Turn: 0, Quote: "You'll \"raise\" prices.", Category: pushback.ForwardLooking, Topics: []pushback.Topic{pushback.TopicPrice},
			Confidence: 0.875, Reasons: []string{"prediction"}, Fact: &pushback.FactRef{ID: "p", Claim: "Locked."},
			Response: &pushback.Response{Turns: []int{1}, PushedBack: true, How: pushback.HowPushedBack, Warning: true, Respectful: pushback.Bool(false),
				Scores: map[string]float64{"warning": 0.9, "calm": 0.25}, Evidence: map[string]string{"warning": "I see it <differently>"}, Reasons: []string{"r"}},
			Suggestion: &pushback.Suggestion{Script: "Bo, ...", ThenShare: "Locked."}, Feedback: "ok"},
			{Turn: 0, Quote: "q", Category: pushback.IncorrectFact, Topics: []pushback.Topic{}, Reasons: []string{}}}}
	var got bytes.Buffer
	if err := writeAnalysis(&got, a); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(a)
	var x, y any
	if err := json.Unmarshal(got.Bytes(), &x); err != nil {
		t.Fatalf("invalid JSON %s: %v", got.Bytes(), err)
	}
	json.Unmarshal(want, &y)
	jx, _ := json.Marshal(x)
	jy, _ := json.Marshal(y)
	if !bytes.Equal(jx, jy) {
		t.Fatalf("got  %s\nwant %s", jx, jy)
	}
}

// checkAppendString checks that appendString writes a JSON string that
// reads back as s, each invalid byte as U+FFFD, as encoding/json does.
func checkAppendString(t *testing.T, s string) {
	t.Helper()
	out := appendString(nil, s)
	var got string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("appendString(%q) = %s: not JSON: %v", s, out, err)
	}
	var want strings.Builder
	for _, r := range s { // ranging yields U+FFFD for each invalid byte
		want.WriteRune(r)
	}
	if got != want.String() {
		t.Errorf("appendString(%q) reads back as %q, want %q", s, got, want.String())
	}
	if strings.ContainsRune(string(out), '\u2028') || strings.ContainsRune(string(out), '\u2029') {
		t.Errorf("appendString(%q) = %s: line separators must be escaped", s, out)
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain words", `a "quoted" \ back`, "tab\there\nnew\rline\x01\x1f",
		"café – “curly” ’ … €5", "line\u2028sep\u2029para", "bad \xff\xfe byte", "\xe2\x80", "\xe2\x80\xa8",
		"mixed \xff and \u2028 and é",
		// Long enough for the word-at-a-time paths, escapes at every offset.
		`nothing says "please renew" like a thirty percent hike, right?`, "0123456789abcdef\"", "0123456789abcde\"f",
		"0123456789\tabcdefghijklmnopq", "12345678\u2028", "1234567\xff", "é1234567890123456789",
	} {
		checkAppendString(t, s)
	}
	// Short strings, an escape or a non-ASCII byte at every offset.
	for n := 0; n <= 17; n++ {
		for i := 0; i < n; i++ {
			for _, c := range []string{"\"", "\\", "\x1f", "\xff", "é", "\u2028"} {
				s := strings.Repeat("x", i) + c + strings.Repeat("y", max(n-i-1, 0))
				checkAppendString(t, s)
				checkAppendString(t, s[:min(len(s), n)])
			}
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "é\u2028\xff", "\x00\x7f\x80"} {
		f.Add(s)
	}
	f.Fuzz(checkAppendString)
}

// plain8 is plainWord of the eight bytes of s.
func plain8(s string) bool {
	return plainWord(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
}

// TestPlain8 checks the eight-byte test against the byte table for every
// byte value at every position.
func TestPlain8(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			if got, want := plain8(string(b)), plainASCII[c]; got != want {
				t.Errorf("plain8 with byte %#x at %d = %v, want %v", c, pos, got, want)
			}
		}
	}
}

// appendSeconds writes what Seconds.MarshalJSON does.
func TestAppendSeconds(t *testing.T) {
	for _, s := range []pushback.Seconds{pushback.NoTime, 0, 0.5, 1.0005, 12.3456, 3599.999, 1e9, -3, 86400 * 365} {
		want, _ := s.MarshalJSON()
		if got := appendSeconds([]byte("x"), s); string(got) != "x"+string(want) {
			t.Errorf("appendSeconds(%v) = %s, want x%s", float64(s), got, want)
		}
	}
}

func BenchmarkWriteCall(b *testing.B) {
	lines := []string{
		"Thanks for making time today, I know the quarter is busy for your team.",
		"Honestly, you guys will \"probably\" jack up the price after the first year.",
		"I hear that a lot. Would it be okay if I shared how our annual plans work?",
		"Our median customer is live in eleven days; José's took five weeks.",
	}
	call := &pushback.Call{Schema: pushback.CallSchema, Source: "bench.txt", Format: "name-colon", Duration: pushback.NoTime,
		Speakers: []pushback.Speaker{{Name: "Dana Reyes", Role: pushback.RoleRep}, {Name: "Bob Stone", Role: pushback.RoleProspect}}}
	size := 0
	for i := 0; size < 4<<20; i++ {
		t := pushback.Turn{Index: i, Speaker: call.Speakers[i%2].Name, Role: call.Speakers[i%2].Role,
			Start: pushback.Seconds(i * 7), End: pushback.Seconds(i*7 + 6), Text: lines[i%len(lines)] + " " + lines[(i+1)%len(lines)]}
		size += len(t.Text)
		call.Turns = append(call.Turns, t)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		if err := writeCall(io.Discard, call, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlain8Pairs checks the eight-byte test with two bytes of every value
// at neighbouring positions, where one's borrow could mislead the other's.
func TestPlain8Pairs(t *testing.T) {
	for pos := 0; pos < 7; pos++ {
		for c := 0; c < 256; c++ {
			for d := 0; d < 256; d++ {
				b := []byte("abcdefgh")
				b[pos], b[pos+1] = byte(c), byte(d)
				if got, want := plain8(string(b)), plainASCII[c] && plainASCII[d]; got != want {
					t.Fatalf("plain8(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// appendFloat writes what strconv.AppendFloat(b, v, 'f', -1, 64) writes.
func TestAppendFloat(t *testing.T) {
	vs := []float64{0, math.Copysign(0, -1), 1, 0.5, 0.001, 0.999, 0.1 + 0.2, 1.0005, 12.3456, 3599.999, 999999.999,
		1e6, 1e9, -3, -0.25, 1e-7, math.Inf(1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64}
	for k := 0; k <= 100000; k++ {
		vs = append(vs, float64(k)/1000, float64(k)/1000+1e-12, math.Nextafter(float64(k)/1000, 2e6), float64(k)*0.001)
	}
	for _, v := range vs {
		want := strconv.AppendFloat([]byte("x"), v, 'f', -1, 64)
		if got := appendFloat([]byte("x"), v); string(got) != string(want) {
			t.Fatalf("appendFloat(%v) = %s, want %s", v, got, want)
		}
	}
}

// Small maps come out with their keys sorted, as encoding/json writes them.
func TestAppendSmallMaps(t *testing.T) {
	keys := []string{"warning", "calm", "pushed_back", "a", "respectful", "how", "used_name", "permission", "gave_reason", "z"}
	for n := 0; n <= len(keys); n++ {
		fm, sm := map[string]float64{}, map[string]string{}
		for i, k := range keys[:n] {
			fm[k] = float64(i) / 7
			sm[k] = k + " <\"x\">"
		}
		wf, _ := json.Marshal(fm)
		ws, _ := json.Marshal(sm)
		var hf, hs bytes.Buffer
		json.Compact(&hf, wf)
		json.Compact(&hs, ws)
		if got := appendFloatMap(nil, fm); string(got) != hf.String() {
			t.Errorf("appendFloatMap(%d keys) = %s, want %s", n, got, wf)
		}
		// encoding/json escapes <, > and & by default; appendString does not.
		if got := appendStringMap(nil, sm); !bytes.Equal(got, bytes.NewBufferString(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">").Replace(hs.String())).Bytes()) {
			t.Errorf("appendStringMap(%d keys) = %s, want %s", n, got, ws)
		}
	}
}

func BenchmarkAppendResponse(b *testing.B) {
	r := &pushback.Response{Turns: []int{3, 5}, PushedBack: true, How: pushback.HowPushedBack, Warning: true, Respectful: pushback.Bool(true), Calm: pushback.Bool(true),
		Scores:   map[string]float64{"pushed_back": 0.912, "warning": 0.73, "permission": 0.2, "respectful": 0.95, "calm": 0.881, "gave_reason": 0.6},
		Evidence: map[string]string{"pushed_back": "I see it differently.", "warning": "Can I push back a little?", "gave_reason": "Our median customer is live in eleven days."},
		Reasons:  []string{"warned that a different view was coming", "did not ask permission", "respectful", "calm", "gave a reason"}}
	var buf []byte
	for b.Loop() {
		buf = appendResponse(buf[:0], r)
	}
}
