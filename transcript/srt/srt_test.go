package srt_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/srt"
)

// read runs srt.Read over src and collects what it emits.
func read(src, id string) (string, []pushback.Segment, error) {
	return captiontest.Collect(srt.Read, strings.NewReader(src), id, -1)
}

var (
	seg          = captiontest.Seg
	sameSegments = captiontest.SameSegments
	show         = captiontest.Show
)

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []pushback.Segment
	}{
		{
			name: "plain",
			in:   "1\n00:00:01,000 --> 00:00:04,000\nHello there.\n\n2\n00:00:04,500 --> 00:00:06,000\nTwo\nlines.\n",
			want: []pushback.Segment{seg("", 1, 4, "Hello there."), seg("", 4.5, 6, "Two lines.")},
		},
		{
			name: "'.' separator, no fraction, hours over 99",
			in:   "1\n00:00:01.500 --> 00:00:02\nA\n\n2\n100:00:00,000 --> 100:00:01,000\nB\n",
			want: []pushback.Segment{seg("", 1.5, 2, "A"), seg("", 360000, 360001, "B")},
		},
		{
			name: "missing cue numbers",
			in:   "00:00:01,000 --> 00:00:02,000\nA\n\n00:00:02,000 --> 00:00:03,000\nB\n\n3\n00:00:03,000 --> 00:00:04,000\nC\n",
			want: []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B"), seg("", 3, 4, "C")},
		},
		{
			name: "extra blank lines, also between number and timing",
			in:   "\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n\n\n\n2\n\n00:00:02,000 --> 00:00:03,000\nB\n\n\n",
			want: []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B")},
		},
		{
			name: "blank line inside a cue's text",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nfirst part\n\nsecond part\n\n2\n00:00:02,000 --> 00:00:03,000\nB\n",
			want: []pushback.Segment{seg("", 1, 2, "first part second part"), seg("", 2, 3, "B")},
		},
		{
			name: "trailing spaces, no final blank line or newline",
			in:   "1  \n00:00:01,000 --> 00:00:02,000  \nA  \n\n2\n00:00:02,000 --> 00:00:03,000\nB",
			want: []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B")},
		},
		{
			name: "missing blank line: the number before a timing is not text",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:02,000 --> 00:00:03,000\nB\n00:00:03,000 --> 00:00:04,000\nC\n",
			want: []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B"), seg("", 3, 4, "C")},
		},
		{
			name: "numbers in text stay text",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nWe sold\n500\nunits\n\n2\n00:00:02,000 --> 00:00:03,000\nfor\n\n2019\n\n00:00:03,000 --> 00:00:04,000\nB\n",
			want: []pushback.Segment{seg("", 1, 2, "We sold 500 units"), seg("", 2, 3, "for"), seg("", 3, 4, "B")},
		},
		{
			name: "a number then a blank line then text is text",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nthe answer is\n\n42\n\nreally\n",
			want: []pushback.Segment{seg("", 1, 2, "the answer is 42 really")},
		},
		{
			name: "cue settings and coordinates after the end time",
			in:   "1\n00:02:04,08 --> 00:02:07,12 X1:40 X2:600 Y1:20 Y2:50\nA\n",
			want: []pushback.Segment{seg("", 124.08, 127.12, "A")},
		},
		{
			name: "tags, ASS overrides and references",
			in:   "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>We</i> <b>really</b> <u>like</u> <font color=\"#ffff00\">it</font> &amp; {\\i1}more{\\i0} AT&T Q&A a < b\n",
			want: []pushback.Segment{seg("", 1, 2, "We really like it & more AT&T Q&A a < b")},
		},
		{
			name: "empty cues skipped",
			in:   "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n<i></i>\n\n3\n00:00:03,000 --> 00:00:04,000\n{\\an8}\n\n4\n00:00:04,000 --> 00:00:05,000\nKept\n",
			want: []pushback.Segment{seg("", 4, 5, "Kept")},
		},
		{
			name: "empty file",
			in:   "",
		},
		{
			name: "blank lines and a lone cue number",
			in:   "\n\n1\n\n",
		},
		{
			name: "BOM, CRLF and lone CR",
			in:   "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\nB\r\n\r\n2\r00:00:02,000 --> 00:00:03,000\rC\r",
			want: []pushback.Segment{seg("", 1, 2, "A B"), seg("", 2, 3, "C")},
		},

		// Speakers.
		{
			name: "Name: prefix carried forward until the next",
			in: "1\n00:00:00,000 --> 00:00:04,799\nAlban: It is so stinking nice to\nlike, show up\n\n2\n00:00:04,799 --> 00:00:08,250\nshow. And Travis has\n\n" +
				"3\n00:00:08,250 --> 00:00:13,169\nKevin: You guys remember\n\n4\n00:00:13,169 --> 00:00:16,739\nthat, I mean\n",
			want: []pushback.Segment{seg("Alban", 0, 4.799, "It is so stinking nice to like, show up"), seg("Alban", 4.799, 8.25, "show. And Travis has"),
				seg("Kevin", 8.25, 13.169, "You guys remember"), seg("Kevin", 13.169, 16.739, "that, I mean")},
		},
		{
			name: "NAME: on its own line, in tags, and - NAME: dialogue dashes",
			in: "1\n00:00:01,000 --> 00:00:02,000\nMAN:\nHow did we get here?\n\n2\n00:00:02,000 --> 00:00:03,000\n<i>WOMAN:</i> No idea.\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\n- DANA: Hi.\n- Bob Stone: Hello.\n\n4\n00:00:04,000 --> 00:00:05,000\n- Dash without a name.\n",
			want: []pushback.Segment{seg("MAN", 1, 2, "How did we get here?"), seg("WOMAN", 2, 3, "No idea."),
				seg("DANA", 3, 4, "Hi."), seg("Bob Stone", 3, 4, "Hello."), seg("Bob Stone", 4, 5, "Dash without a name.")},
		},
		{
			name: "a capitalised label opens a cue; later lines need capitals or a dash",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nDana: Hello\nKevin: is text here\nKEVIN: but this is a label\n",
			want: []pushback.Segment{seg("Dana", 1, 2, "Hello Kevin: is text here"), seg("KEVIN", 1, 2, "but this is a label")},
		},
		{
			name: "colons that name nobody",
			in: "1\n00:00:01,000 --> 00:00:02,000\nNote: this is recorded.\n\n2\n00:00:02,000 --> 00:00:03,000\nthe reason is: price\n\n" +
				"3\n00:00:03,000 --> 00:00:04,000\n10:30 works\n\n4\n00:00:04,000 --> 00:00:05,000\nhttps://acme.com: link\n\n" +
				"5\n00:00:05,000 --> 00:00:06,000\nStep 2: sign\n\n6\n00:00:06,000 --> 00:00:07,000\nThis Is Far Too Many Words For A Name: x\n",
			want: []pushback.Segment{seg("", 1, 2, "Note: this is recorded."), seg("", 2, 3, "the reason is: price"), seg("", 3, 4, "10:30 works"),
				seg("", 4, 5, "https://acme.com: link"), seg("", 5, 6, "Step 2: sign"), seg("", 6, 7, "This Is Far Too Many Words For A Name: x")},
		},
		{
			name: "names with particles, marks and references",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nAna de la Cruz: Hola.\n\n2\n00:00:02,000 --> 00:00:03,000\nCarlos Far&#237;as: Hi.\n\n3\n00:00:03,000 --> 00:00:04,000\nDr. O'Neil (Acme): Yes.\n",
			want: []pushback.Segment{seg("Ana de la Cruz", 1, 2, "Hola."), seg("Carlos Farías", 2, 3, "Hi."), seg("Dr. O'Neil (Acme)", 3, 4, "Yes.")},
		},
		{
			name: "<v> spans name their own text and do not carry",
			in:   "1\n00:00:01,000 --> 00:00:02,000\nDana: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\n<v Carlos Far&#237;as>Hola.</v>\n\n3\n00:00:03,000 --> 00:00:04,000\nSo.\n\n4\n00:00:04,000 --> 00:00:05,000\n<v A>One</v> <v B>Two</v>\n",
			want: []pushback.Segment{seg("Dana", 1, 2, "Hi."), seg("Carlos Farías", 2, 3, "Hola."), seg("Dana", 3, 4, "So."), seg("A", 4, 5, "One"), seg("B", 4, 5, "Two")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, segs, err := read(tt.in, "")
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if id != "srt" {
				t.Errorf("id = %q, want srt", id)
			}
			if !sameSegments(segs, tt.want) {
				t.Errorf("segments:%s\nwant:%s", show(segs), show(tt.want))
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantMsg  string
	}{
		{"WebVTT file", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n", 1, `found "WEBVTT" where the first cue should be: expected a cue number or a timing`},
		{"text before the first cue", "\nTitle: my call\n1\n00:00:01,000 --> 00:00:02,000\nA\n", 2, `found "Title: my call" where the first cue should be`},
		{"single arrow", "1\n00:00:01,000 -> 00:00:02,000\nA\n", 2, `bad cue timing "00:00:01,000 -> 00:00:02,000": expected "START --> END"`},
		{"single arrow, no number", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n00:00:03,000 -> 00:00:04,000\nB\n", 5, `bad cue timing "00:00:03,000 -> 00:00:04,000"`},
		{"dash", "1\n00:00:01,000 - 00:00:02,000\nA\n", 2, `bad cue timing`},
		{"bad end", "1\n00:00:01,000 --> soon\nA\n", 2, `bad cue timing "00:00:01,000 --> soon"`},
		{"seconds over 59", "1\n00:00:75,000 --> 00:00:76,000\nA\n", 2, `bad cue timing`},
		{"end before start", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:09,000 --> 00:00:03,000\nB\n", 6, `cue ends at 00:00:03,000, before it starts at 00:00:09,000`},
		{"cue number then text", "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\nhello\n", 6, `cue 2 has no timing line: expected "START --> END" on the line after the cue number`},
		{"cue number then text at the start", "1\nhello\n", 2, `cue 1 has no timing line`},
		{"a number then text at the start", "1\n\nhello\n", 1, `found "1" where the first cue should be`},
		{"CRLF line numbers", "1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:01 -> 2\r\n", 6, `bad cue timing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := read(tt.in, "")
			captiontest.CheckInputError(t, err, tt.wantLine, tt.wantMsg)
		})
	}
}

func TestReadUnknownID(t *testing.T) {
	_, _, err := read("1\n00:00:01,000 --> 00:00:02,000\nA\n", "webvtt")
	if pushback.ErrorCode(err) != pushback.EINVALID {
		t.Fatalf("err = %v, want an invalid-input error", err)
	}
	if id, _, err := read("1\n00:00:01,000 --> 00:00:02,000\nA\n", "srt"); err != nil || id != "srt" {
		t.Fatalf("forced srt: %q %v", id, err)
	}
}

func TestReadLongLine(t *testing.T) {
	long := "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat("w", 1<<20+1) + "\n"
	_, _, err := read(long, "")
	var ie *pushback.InputError
	if !errors.As(err, &ie) || ie.Line != 3 || !strings.Contains(ie.Msg, "longer than 1 MiB") {
		t.Fatalf("err = %v, want line 3: longer than 1 MiB", err)
	}
}

func TestReadHugeCue(t *testing.T) {
	in := "1\n00:00:01,000 --> 00:00:02,000\n" + strings.Repeat(strings.Repeat("w", 1000)+"\n\n", 5000)
	_, _, err := read(in, "")
	var ie *pushback.InputError
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "cue at line 2 holds more than 4 MiB") {
		t.Fatalf("err = %v, want a cue size error", err)
	}
}

func TestReadReturnsEmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := srt.Read(strings.NewReader("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:02,000 --> 00:00:03,000\nB\n"), "", func(pushback.Segment) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Fatalf("err = %v after %d segments, want stop after 1", err, n)
	}
}

func TestReadCRLFMatchesLF(t *testing.T) {
	lf := "1\n00:00:01,000 --> 00:00:02,000\nDana: a\nb\n\n\n2\n00:00:02,000 --> 00:00:03,000\nc\n"
	_, want, err := read(lf, "")
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{"CRLF": strings.ReplaceAll(lf, "\n", "\r\n"), "CR": strings.ReplaceAll(lf, "\n", "\r")} {
		if _, got, err := read(in, ""); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v%s\nwant%s", name, err, show(got), show(want))
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name     string
		head     string
		min, max int
	}{
		{"number then comma timing", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", 90, 100},
		{"BOM, CRLF, blank lines first", "\ufeff\r\n1\r\n00:00:01,000 --> 00:00:02,000\r\n", 90, 100},
		{"number then dot timing", "1\n00:00:01.000 --> 00:00:02.000\nhi\n", 50, 70},
		{"timing first", "00:00:01,000 --> 00:00:02,000\nhi\n", 70, 90},
		{"timing first, dot", "00:00:01.000 --> 00:00:02.000\nhi\n", 20, 40},
		{"a title line first", "My call\n\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", 40, 60},
		{"truncated after the number", "1\n00:00:0", 0, 0},
		{"WebVTT", "WEBVTT\n\n1\n00:00:01,000 --> 00:00:02,000\n", 0, 0},
		{"JSON", `{"a": 1}`, 0, 0},
		{"text", "Dana: 10:30 works\n", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		if got := srt.Sniff([]byte(tt.head)); got < tt.min || got > tt.max {
			t.Errorf("%s: Sniff = %d, want %d..%d", tt.name, got, tt.min, tt.max)
		}
	}
}

func TestFormats(t *testing.T) {
	if len(srt.Formats) != 1 || srt.Formats[0].ID != "srt" || srt.Formats[0].Keeps == "" {
		t.Fatalf("Formats = %+v", srt.Formats)
	}
}
