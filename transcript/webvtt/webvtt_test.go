package webvtt_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/internal/captiontest"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

// read runs webvtt.Read over src and collects what it emits.
func read(src, id string) (string, []pushback.Segment, error) {
	return captiontest.Collect(webvtt.Read, strings.NewReader(src), id, -1)
}

var (
	seg          = captiontest.Seg
	sameSegments = captiontest.SameSegments
	show         = captiontest.Show
)

func TestRead(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		id     string // forced id; "" detects
		wantID string
		want   []pushback.Segment
	}{
		{
			name:   "plain",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there.\n\n00:00:04.500 --> 00:00:06.000\nTwo\nlines.\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 4, "Hello there."), seg("", 4.5, 6, "Two lines.")},
		},
		{
			name:   "header text after a space or tab, header metadata",
			in:     "WEBVTT - call\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nHi.\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "Hi.")},
		},
		{
			name:   "header text after a tab",
			in:     "WEBVTT\tcall\n\n00:01.000 --> 00:02.000\nHi.\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "Hi.")},
		},
		{
			name: "NOTE, STYLE and REGION blocks skipped",
			in: "WEBVTT\n\nNOTE first\nsecond line of the note\n\nSTYLE\n::cue(b) {\n  color: red;\n\n  background: blue;\n}\n\n" +
				"REGION\nid:fred\nwidth:40%\n\nRegion: id=bill width=40%\n\nNOTE\n\n1\n00:00:01.000 --> 00:00:02.000\nKept.\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "Kept.")},
		},
		{
			name: "cue ids: numeric, words, GUIDs, Teams N-M",
			in: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA\n\nsecond caption\n00:00:02.000 --> 00:00:03.000\nB\n\n" +
				"90a4b0c8-5f1c-4a8e-9d2b-6c1f0e7a3b21/18-0\n00:00:03.000 --> 00:00:04.000\nC\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B"), seg("", 3, 4, "C")},
		},
		{
			name:   "cue settings after the end time",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10% line:0\nA\n\n00:00:02.000 --> 00:00:03.000\tregion:fred\nB\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B")},
		},
		{
			name:   "short, unpadded and bare-second times",
			in:     "WEBVTT\n\n01:02.500 --> 01:04.000\nA\n\n0:0:0.0 --> 0:0:0.570\nB\n\n0.000 --> 3.480\nC\n\n1:00:00.000 --> 1:00:01.250\nD\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 62.5, 64, "A"), seg("", 0, 0.57, "B"), seg("", 0, 3.48, "C"), seg("", 3600, 3601.25, "D")},
		},
		{
			name:   "tags and timestamps stripped, references decoded",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<c.yellow>We</c> <i>really</i> <b>like</b> <u>it</u> &amp; <00:00:02.000><c>more</c> &lt;3 &#237; &#x1F600; &nbsp;ok\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 5, "We really like it & more <3 í 😀 \u00a0ok")},
		},
		{
			name:   "text that only looks like tags or references stays",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nAT&T and Q&A, a < b, 2 > 1, I <3 it, &unknownref; <>\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 5, "AT&T and Q&A, a < b, 2 > 1, I <3 it, &unknownref; <>")},
		},
		{
			name:   "empty cues skipped",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:02.000 --> 00:00:03.000\n<i> </i>\n\n00:00:03.000 --> 00:00:04.000\n&nbsp;\n\n00:00:04.000 --> 00:00:05.000\nKept\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 4, 5, "Kept")},
		},
		{
			name:   "header only: no cues, no error",
			in:     "WEBVTT\n\nNOTE nothing said\n",
			wantID: "webvtt",
		},
		{
			name:   "missing blank line between cues; the id line is not text",
			in:     "WEBVTT\n1\n00:00:01.000 --> 00:00:02.000\nA\n2\n00:00:02.000 --> 00:00:03.000\nB\n00:00:03.000 --> 00:00:04.000\nC\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A"), seg("", 2, 3, "B"), seg("", 3, 4, "C")},
		},
		{
			name:   "a blank line between cue id and timing is tolerated",
			in:     "WEBVTT\n\n1\n\n00:00:01.000 --> 00:00:02.000\nA\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A")},
		},
		{
			name:   "text holding --> stays text",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nsales --> up\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "sales --> up")},
		},
		{
			name:   "no header, not forced: read anyway",
			in:     "00:00:01.000 --> 00:00:02.000\nA\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A")},
		},
		{
			name:   "BOM, CRLF and stray CR",
			in:     "\ufeffWEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nA\r\nB \r\n\r\n00:00:02.000 --> 00:00:03.000\rC\r",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "A B"), seg("", 2, 3, "C")},
		},

		// Zoom.
		{
			name: "zoom: Name: prefix on each cue",
			in: "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nDana Reyes: Hi Bob.\n\n2\n00:00:03.000 --> 00:00:04.000\nBob Stone: Hi.\n\n" +
				"3\n00:00:04.000 --> 00:00:05.000\nconor healy: lower case names are fine.\n\n4\n00:00:05.000 --> 00:00:06.000\nNo prefix here.\n",
			wantID: "webvtt-zoom",
			want: []pushback.Segment{seg("Dana Reyes", 0.5, 3, "Hi Bob."), seg("Bob Stone", 3, 4, "Hi."),
				seg("conor healy", 4, 5, "lower case names are fine."), seg("", 5, 6, "No prefix here.")},
		},
		{
			name: "zoom: colons in text never make a speaker",
			in: "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: Note: we meet at 10:30.\n\n2\n00:00:02.000 --> 00:00:03.000\nBob: See https://acme.com/x: ok\n\n" +
				"3\n00:00:03.000 --> 00:00:04.000\nNote: recorded.\n\n4\n00:00:04.000 --> 00:00:05.000\nat 10:30 sharp\n\n" +
				"5\n00:00:05.000 --> 00:00:06.000\nhttps://acme.com: link\n\n6\n00:00:06.000 --> 00:00:07.000\n12345: digits\n\n" +
				"7\n00:00:07.000 --> 00:00:08.000\nthis sentence has far too many words: to be a name\n",
			wantID: "webvtt-zoom",
			want: []pushback.Segment{seg("Dana", 1, 2, "Note: we meet at 10:30."), seg("Bob", 2, 3, "See https://acme.com/x: ok"),
				seg("", 3, 4, "Note: recorded."), seg("", 4, 5, "at 10:30 sharp"), seg("", 5, 6, "https://acme.com: link"),
				seg("", 6, 7, "12345: digits"), seg("", 7, 8, "this sentence has far too many words: to be a name")},
			id: "webvtt-zoom",
		},
		{
			name:   "zoom: names with references and marks",
			in:     "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nCarlos Far&#237;as: Hola.\n\n2\n00:00:02.000 --> 00:00:03.000\nDr. Ana O'Neil-Smith (Acme): Hi.\n",
			wantID: "webvtt-zoom",
			want:   []pushback.Segment{seg("Carlos Farías", 1, 2, "Hola."), seg("Dr. Ana O'Neil-Smith (Acme)", 2, 3, "Hi.")},
		},
		{
			name:   "one prefixed cue of many is not zoom",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nthe plan is: ship it\n\n00:00:02.000 --> 00:00:03.000\nok\n\n00:00:03.000 --> 00:00:04.000\nfine\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "the plan is: ship it"), seg("", 2, 3, "ok"), seg("", 3, 4, "fine")},
		},

		// Caption labels in plain WebVTT.
		{
			name: "caption labels: MAN: line, - NAME: dashes, carried forward",
			in: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n(music)\n\n00:00:02.000 --> 00:00:03.000\nMAN:\nHow did we get here?\n\n00:00:03.000 --> 00:00:04.000\nNo idea.\n\n" +
				"00:00:04.000 --> 00:00:05.000\n- DANA: Hi.\n- BOB: Hello.\n\n00:00:05.000 --> 00:00:06.000\n- Dialogue dash without a name.\n",
			wantID: "webvtt",
			want: []pushback.Segment{seg("", 1, 2, "(music)"), seg("MAN", 2, 3, "How did we get here?"), seg("MAN", 3, 4, "No idea."),
				seg("DANA", 4, 5, "Hi."), seg("BOB", 4, 5, "Hello."), seg("BOB", 5, 6, "Dialogue dash without a name.")},
		},
		{
			name:   "caption labels: lower-case prefixes and stop words are text",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nthe reason is: price\n\n00:00:02.000 --> 00:00:03.000\nWell:\nhm\n\n00:00:03.000 --> 00:00:04.000\nStep 2: sign\n",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("", 1, 2, "the reason is: price"), seg("", 2, 3, "Well: hm"), seg("", 3, 4, "Step 2: sign")},
		},

		// Voice spans.
		{
			name:   "teams: voice spans, unpadded times",
			in:     "WEBVTT\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri>There you go.</v>\n\n0:0:0.210 --> 0:0:1.130\n<v Adrian>Hi, Yuri.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("Yuri", 0, 0.57, "There you go."), seg("Adrian", 0.21, 1.13, "Hi, Yuri.")},
		},
		{
			name:   "teams: span over two lines, closed on the second",
			in:     "WEBVTT\n\nabc-1/2-0\n00:00:01.000 --> 00:00:03.000\n<v Dana Reyes>First line\nsecond line.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("Dana Reyes", 1, 3, "First line second line.")},
		},
		{
			name:   "voice spans without closing tags, bare seconds",
			in:     "WEBVTT\n\n0.000 --> 3.480\n<v SPEAKER_1>It's Friday.\n\n4.240 --> 6.600\n<v SPEAKER_2>The last word.\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("SPEAKER_1", 0, 3.48, "It's Friday."), seg("SPEAKER_2", 4.24, 6.6, "The last word.")},
		},
		{
			name:   "two voices in one cue: two segments with the cue's times",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>Can you hear me?</v>\n<v B>Yes.</v>\n\n00:00:04.000 --> 00:00:05.000\n<v A>Good.</v> <v B>Great.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("A", 1, 4, "Can you hear me?"), seg("B", 1, 4, "Yes."), seg("A", 4, 5, "Good."), seg("B", 4, 5, "Great.")},
		},
		{
			name:   "two voices split at a timestamp tag",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>Can you hear me?</v> <00:00:02.500><v B>Yes.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("A", 1, 2.5, "Can you hear me?"), seg("B", 2.5, 4, "Yes.")},
		},
		{
			name:   "timestamp tag outside the cue is ignored",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v A>Hi</v> <00:00:09.000><v B>Yes.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("A", 1, 4, "Hi"), seg("B", 1, 4, "Yes.")},
		},
		{
			name:   "voice names: references, classes, white space",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Carlos Far&#237;as>Hola.</v>\n\n00:00:02.000 --> 00:00:03.000\n<v.loud.x   Esme  Lee >Hey!</v>\n\n00:00:03.000 --> 00:00:04.000\n<v>Nobody.</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("Carlos Farías", 1, 2, "Hola."), seg("Esme Lee", 2, 3, "Hey!"), seg("", 3, 4, "Nobody.")},
		},
		{
			name:   "teams: Name: in text is text",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana>Bob: are you there?</v>\n",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("Dana", 1, 2, "Bob: are you there?")},
		},
		{
			name:   "voice spans after the detection window still report teams",
			in:     "WEBVTT\n\n" + strings.Repeat("00:00:01.000 --> 00:00:02.000\nplain\n\n", 40) + "00:00:02.000 --> 00:00:03.000\n<v Dana>Hi</v>\n",
			wantID: "webvtt-teams",
			want:   append(repeatSeg(seg("", 1, 2, "plain"), 40), seg("Dana", 2, 3, "Hi")),
		},

		// Forced variants.
		{
			name:   "forced webvtt: Zoom prefixes stay text unless caption labels",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDana Reyes: hi\n\n00:00:02.000 --> 00:00:03.000\nbob stone: hi\n",
			id:     "webvtt",
			wantID: "webvtt",
			want:   []pushback.Segment{seg("Dana Reyes", 1, 2, "hi"), seg("Dana Reyes", 2, 3, "bob stone: hi")},
		},
		{
			name:   "forced webvtt-zoom on one cue",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ndana: hi\n",
			id:     "webvtt-zoom",
			wantID: "webvtt-zoom",
			want:   []pushback.Segment{seg("dana", 1, 2, "hi")},
		},
		{
			name:   "forced webvtt-teams: prefixes stay text",
			in:     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDana: hi\n\n00:00:02.000 --> 00:00:03.000\nDana: again\n",
			id:     "webvtt-teams",
			wantID: "webvtt-teams",
			want:   []pushback.Segment{seg("", 1, 2, "Dana: hi"), seg("", 2, 3, "Dana: again")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, segs, err := read(tt.in, tt.id)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if id != tt.wantID {
				t.Errorf("id = %q, want %q", id, tt.wantID)
			}
			if !sameSegments(segs, tt.want) {
				t.Errorf("segments:%s\nwant:%s", show(segs), show(tt.want))
			}
		})
	}
}

func repeatSeg(s pushback.Segment, n int) []pushback.Segment {
	out := make([]pushback.Segment, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		id       string
		wantLine int
		wantMsg  string
	}{
		{"missing header when forced", "00:00:01.000 --> 00:00:02.000\nA\n", "webvtt", 1, `expected a WebVTT file starting with "WEBVTT"`},
		{"missing header when forced zoom", "\n\nWEBVTX\n", "webvtt-zoom", 3, `found "WEBVTX" where the header should be`},
		{"empty when forced", "", "webvtt-teams", 1, `no "WEBVTT" header`},
		{"single arrow", "WEBVTT\n\n00:00:01 -> 00:00:02\nA\n", "", 3, `bad cue timing "00:00:01 -> 00:00:02": expected "START --> END"`},
		{"dash only", "WEBVTT\n\n1\n00:01 - 00:02\nA\n", "", 4, `bad cue timing "00:01 - 00:02"`},
		{"bad start", "WEBVTT\n\n00:00:xx.000 --> 00:00:02.000\nA\n", "", 3, `bad cue timing "00:00:xx.000 --> 00:00:02.000"`},
		{"bad end", "WEBVTT\n\n1\n00:00:01.000 --> soon\nA\n", "", 4, `bad cue timing`},
		{"minutes over 59", "WEBVTT\n\n00:61:01.000 --> 00:62:00.000\nA\n", "", 3, `bad cue timing`},
		{"end before start", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nA\n", "", 3, `cue ends at 00:00:02.000, before it starts at 00:00:05.000`},
		{"end before start, no blank line", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n00:00:05.000 --> 00:00:02.000\nB\n", "", 5, `before it starts`},
		{"id then text", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n7\nhello\n", "", 7, `found "hello" after cue id "7" (line 6): expected a cue timing`},
		{"text where a cue should be", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\nstray words here\nand more\n", "", 6, `found "stray words here" where a cue should be`},
		{"one stray line", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\nstray words here\n\n00:00:03.000 --> 00:00:04.000\nB\n", "", 6, `where a cue should be`},
		{"id at the end", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n42\n", "", 6, `cue id "42" ends the file`},
		{"garbage at the end", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\nthe end", "", 6, `found "the end" where a cue should be`},
		{"line number counts CRLF lines", "WEBVTT\r\n\r\nNOTE x\r\ny\r\n\r\n00:00:01 -> 2\r\n", "", 6, `bad cue timing`},
		{"long quote is cut", "WEBVTT\n\n" + strings.Repeat("x", 200) + "\nmore\n", "", 3, `"...`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := read(tt.in, tt.id)
			captiontest.CheckInputError(t, err, tt.wantLine, tt.wantMsg)
			if want := fmt.Sprintf("<stdin>:%d: ", tt.wantLine); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

func TestReadUnknownID(t *testing.T) {
	_, _, err := read("WEBVTT\n", "webvtt-voice")
	if pushback.ErrorCode(err) != pushback.EINVALID || !strings.Contains(err.Error(), "webvtt-teams") {
		t.Fatalf("err = %v, want an invalid-input error listing the ids", err)
	}
}

func TestReadLongLine(t *testing.T) {
	long := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + strings.Repeat("word ", 1<<20/5+10) + "\n"
	_, _, err := read(long, "")
	var ie *pushback.InputError
	if !errors.As(err, &ie) || ie.Line != 4 || !strings.Contains(ie.Msg, "longer than 1 MiB") {
		t.Fatalf("err = %v, want line 4: longer than 1 MiB", err)
	}
	// Just under the limit is fine.
	ok := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + strings.Repeat("w", 1<<20) + "\n"
	if _, segs, err := read(ok, ""); err != nil || len(segs) != 1 {
		t.Fatalf("1 MiB line: %d segments, err %v", len(segs), err)
	}
}

func TestReadHugeCue(t *testing.T) {
	line := strings.Repeat("w", 1000) + "\n"
	in := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + strings.Repeat(line, 5000)
	_, _, err := read(in, "")
	var ie *pushback.InputError
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "cue at line 3 holds more than 4 MiB") {
		t.Fatalf("err = %v, want a cue size error", err)
	}
}

func TestReadReturnsEmitError(t *testing.T) {
	stop := errors.New("stop")
	in := "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n00:00:02.000 --> 00:00:03.000\nB\n"
	for _, id := range []string{"", "webvtt", "webvtt-zoom", "webvtt-teams"} {
		n := 0
		_, err := webvtt.Read(strings.NewReader(in), id, func(pushback.Segment) error {
			n++
			return stop
		})
		if err != stop || n != 1 {
			t.Errorf("id %q: err = %v after %d segments, want stop after 1", id, err, n)
		}
	}
}

func TestReadReturnsReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := &failingReader{data: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n", err: boom}
	_, err := webvtt.Read(r, "", func(pushback.Segment) error { return nil })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the reader's error unchanged", err)
	}
}

type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadCRLFMatchesLF(t *testing.T) {
	lf := "WEBVTT\n\nNOTE a\nb\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: a\nb\n\n2\n00:00:02.000 --> 00:00:03.000\nBob: c\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	cr := strings.ReplaceAll(lf, "\n", "\r")
	idLF, want, err := read(lf, "")
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string]string{"CRLF": crlf, "CR": cr} {
		id, got, err := read(in, "")
		if err != nil || id != idLF || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q %v%s\nwant %q%s", name, id, err, show(got), idLF, show(want))
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		min  int
		max  int
	}{
		{"header", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", 100, 100},
		{"header with text", "WEBVTT - title\n", 100, 100},
		{"header with tab", "WEBVTT\tx", 100, 100},
		{"header alone, no newline", "WEBVTT", 100, 100},
		{"BOM and blank lines first", "\ufeff\n\nWEBVTT\n", 100, 100},
		{"WEBVTT glued to text", "WEBVTTX\n", 50, 70},
		{"headerless with dot times", "1\n00:00:01.000 --> 00:00:02.000\nhi\n", 30, 50},
		{"headerless with comma times (SRT)", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", 1, 20},
		{"JSON", `{"results": []}`, 0, 0},
		{"text", "Dana: hello there\nBob: hi\n", 0, 0},
		{"empty", "", 0, 0},
		{"truncated header", "WEBV", 0, 0},
		{"broken timing", "00:00:01.000 --> later\n", 0, 0},
	}
	for _, tt := range tests {
		if got := webvtt.Sniff([]byte(tt.head)); got < tt.min || got > tt.max {
			t.Errorf("%s: Sniff = %d, want %d..%d", tt.name, got, tt.min, tt.max)
		}
	}
}

func TestFormats(t *testing.T) {
	want := []string{"webvtt", "webvtt-zoom", "webvtt-teams"}
	var got []string
	for _, f := range webvtt.Formats {
		got = append(got, f.ID)
		if f.Name == "" || f.Keeps == "" || len(f.Exts) == 0 {
			t.Errorf("format %q lacks a name, keeps or exts", f.ID)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
}
