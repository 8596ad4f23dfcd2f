package transcript_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/transcript"
)

func parse(t *testing.T, data []byte, opts transcript.Options) *pushback.Call {
	t.Helper()
	c, err := transcript.Parse(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

const nameColon = "Dana Reyes: Hi Bob.\nDana Reyes: Thanks for making time.\nBob Stone: Sure. We have 30 minutes.\nDana Reyes: Great.\n"

func TestTurnsMergeConsecutiveSpeakers(t *testing.T) {
	c := parse(t, []byte(nameColon), transcript.Options{Name: "c.txt", Reps: []string{"dana"}})
	if len(c.Turns) != 3 {
		t.Fatalf("turns = %d, want 3: %+v", len(c.Turns), c.Turns)
	}
	if c.Turns[0].Text != "Hi Bob. Thanks for making time." || len(lang.Sentences(c.Turns[0].Text)) != 2 {
		t.Errorf("turn 0 = %+v", c.Turns[0])
	}
	if c.Turns[0].Role != pushback.RoleRep || c.Turns[1].Role != pushback.RoleProspect || c.RolesGuessed {
		t.Errorf("roles = %v %v guessed=%v", c.Turns[0].Role, c.Turns[1].Role, c.RolesGuessed)
	}
	if c.Schema != pushback.CallSchema || c.Format != "name-colon" || c.Source != "c.txt" {
		t.Errorf("header = %q %q %q", c.Schema, c.Format, c.Source)
	}
}

func TestTimesOfMergedTurn(t *testing.T) {
	vtt := "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: Hi.\n\n2\n00:00:02.500 --> 00:00:04.000\nDana: Thanks.\n\n3\n00:00:05.000 --> 00:00:06.500\nBob: Sure.\n"
	c := parse(t, []byte(vtt), transcript.Options{})
	if len(c.Turns) != 2 || c.Turns[0].Start != 1 || c.Turns[0].End != 4 || c.Duration != 6.5 {
		t.Fatalf("turns = %+v duration %v", c.Turns, c.Duration)
	}
}

func TestEncodings(t *testing.T) {
	want := parse(t, []byte(nameColon), transcript.Options{})
	utf16le := func(s string, bom bool, big bool) []byte {
		var b []byte
		if bom {
			if big {
				b = append(b, 0xFE, 0xFF)
			} else {
				b = append(b, 0xFF, 0xFE)
			}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	inputs := map[string][]byte{
		"utf-8 bom":  append([]byte{0xEF, 0xBB, 0xBF}, nameColon...),
		"crlf":       []byte(strings.ReplaceAll(nameColon, "\n", "\r\n")),
		"utf-16 le":  utf16le(nameColon, true, false),
		"utf-16 be":  utf16le(nameColon, true, true),
		"utf-16 raw": utf16le(strings.ReplaceAll(nameColon, "\n", "\r\n"), false, false),
	}
	for name, in := range inputs {
		got := parse(t, in, transcript.Options{})
		if len(got.Turns) != len(want.Turns) || got.Turns[0].Text != want.Turns[0].Text || got.Turns[1].Speaker != "Bob Stone" {
			t.Errorf("%s: turns = %+v", name, got.Turns)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		opts transcript.Options
		want string
		code string
	}{
		{"empty", nil, transcript.Options{Name: "e.vtt"}, "e.vtt: empty transcript", pushback.EINVALID},
		{"blank", []byte("  \n\n "), transcript.Options{Name: "b.txt"}, "b.txt: empty transcript", pushback.EINVALID},
		{"binary", []byte("\x00\x01\x02ELF\x00\x00"), transcript.Options{Name: "x.bin"}, "x.bin: binary data at byte 0", pushback.EINVALID},
		{"too large", []byte(nameColon), transcript.Options{Name: "big.txt", MaxBytes: 10}, "big.txt: larger than the 10 bytes size limit", pushback.ETOOLARGE},
		{"truncated json", []byte(`{"results": {"utterances": [{"speaker": 0, "transcript": "hi"`), transcript.Options{Name: "t.json"}, "t.json:1:", pushback.EINVALID},
		{"other json", []byte(`{"name": "left-pad", "version": "1.0.0"}`), transcript.Options{Name: "package.json"}, "package.json: $: ", pushback.EINVALID},
		{"no speech", []byte("WEBVTT\n\nNOTE nothing here\n"), transcript.Options{Name: "n.vtt"}, "n.vtt: no speech found", pushback.EINVALID},
		{"unknown rep", []byte(nameColon), transcript.Options{Name: "c.txt", Reps: []string{"Zed"}}, `--rep "Zed" matches no speaker`, pushback.EINVALID},
		{"unknown format", []byte(nameColon), transcript.Options{Format: "docx"}, `unknown input format "docx"`, pushback.EINVALID},
	}
	for _, tt := range tests {
		_, err := transcript.Parse(bytes.NewReader(tt.data), tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
			continue
		}
		if code := pushback.ErrorCode(err); code != tt.code {
			t.Errorf("%s: code = %q, want %q", tt.name, code, tt.code)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error is not one line: %q", tt.name, err)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	_, err := transcript.ParseFile(filepath.Join(t.TempDir(), "none.vtt"), transcript.Options{})
	var ie *pushback.InputError
	if !errors.As(err, &ie) || !strings.HasSuffix(err.Error(), "none.vtt: no such file") {
		t.Fatalf("err = %v", err)
	}
	_, err = transcript.ParseFile(t.TempDir(), transcript.Options{})
	if err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("err = %v", err)
	}
}

func TestGongAffiliationSetsRoles(t *testing.T) {
	c, err := transcript.ParseFile("../testdata/transcripts/gong/gong_transcript_parties.json", transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.RolesGuessed {
		t.Fatal("roles guessed although Gong says who is Internal")
	}
	reps := c.SpeakersIn(pushback.RoleRep)
	if len(reps) == 0 || len(reps) == len(c.Speakers) {
		t.Fatalf("reps = %v of %v", reps, c.Speakers)
	}
}

// Every real fixture parses with speakers and turns.
func TestEveryFixtureParses(t *testing.T) {
	files, _ := filepath.Glob("../testdata/transcripts/*/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			continue
		}
		st, err := os.Stat(f)
		if err != nil || st.IsDir() {
			continue
		}
		c, err := transcript.ParseFile(f, transcript.Options{})
		if err != nil {
			if strings.Contains(f, "bad") || strings.Contains(f, "error") || strings.Contains(f, "invalid") {
				continue
			}
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(c.Turns) == 0 || len(c.Speakers) == 0 {
			t.Errorf("%s: %d turns, %d speakers", f, len(c.Turns), len(c.Speakers))
		}
		n++
	}
	if n < 25 {
		t.Errorf("only %d fixtures parsed", n)
	}
}

func BenchmarkParseNameColon(b *testing.B) {
	var buf bytes.Buffer
	for buf.Len() < 4<<20 {
		buf.WriteString(nameColon)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := transcript.Parse(bytes.NewReader(buf.Bytes()), transcript.Options{Reps: []string{"Dana Reyes"}}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNoSizeLimit(t *testing.T) {
	c := parse(t, []byte(nameColon), transcript.Options{MaxBytes: -1})
	if len(c.Turns) != 3 {
		t.Fatalf("turns = %d", len(c.Turns))
	}
	// Exactly at the limit is fine; one byte over is not.
	if _, err := transcript.Parse(strings.NewReader(nameColon), transcript.Options{MaxBytes: int64(len(nameColon))}); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if _, err := transcript.Parse(strings.NewReader(nameColon), transcript.Options{MaxBytes: int64(len(nameColon) - 1)}); err == nil {
		t.Fatal("one byte over the limit was accepted")
	}
}

// Stream hands out the same turns Parse keeps, and needs the reps.
func TestStreamEqualsParse(t *testing.T) {
	opts := transcript.Options{Reps: []string{"dana"}}
	want := parse(t, []byte(nameColon), opts)
	var got []pushback.Turn
	call, err := transcript.Stream(strings.NewReader(nameColon), opts, func(t *pushback.Turn) error {
		got = append(got, *t)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want.Turns) || call.Format != want.Format || len(call.Speakers) != len(want.Speakers) {
		t.Fatalf("stream: %d turns, %q, %v", len(got), call.Format, call.Speakers)
	}
	for i := range got {
		if got[i].Text != want.Turns[i].Text || got[i].Role != want.Turns[i].Role || got[i].Index != i {
			t.Errorf("turn %d: %+v, want %+v", i, got[i], want.Turns[i])
		}
	}
	if call.Speakers[0].Role != pushback.RoleRep || call.Speakers[1].Role != pushback.RoleProspect {
		t.Errorf("speakers %v", call.Speakers)
	}
	if _, err := transcript.Stream(strings.NewReader(nameColon), transcript.Options{}, func(*pushback.Turn) error { return nil }); err == nil {
		t.Error("Stream without reps accepted")
	}
	stop := errors.New("stop")
	if _, err := transcript.Stream(strings.NewReader(nameColon), opts, func(*pushback.Turn) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("emit's error = %v, want it back", err)
	}
}
