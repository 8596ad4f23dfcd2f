package textfmt_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/transcript/textfmt"
)

const fixtures = "../../testdata/transcripts/text"

const no = pushback.NoTime

// seg is a pushback.Segment written compactly in the tables.
type seg struct {
	Speaker    string
	Start, End pushback.Seconds
	Text       string
}

// collect returns an emit function that appends to *got.
func collect(got *[]seg) func(pushback.Segment) error {
	return func(s pushback.Segment) error {
		*got = append(*got, seg{s.Speaker, s.Start, s.End, s.Text})
		return nil
	}
}

// read runs Read over input and collects what it emits.
func read(t testing.TB, input, id string) ([]seg, string, error) {
	t.Helper()
	var got []seg
	gotID, err := textfmt.Read(strings.NewReader(input), id, collect(&got))
	return got, gotID, err
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func assertSegments(t *testing.T, got, want []seg) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d segments, want %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("segment %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestReadFixtures(t *testing.T) {
	tests := []struct {
		file string
		id   string
		want []seg
	}{
		{"otter-discovery.txt", "otter", []seg{
			{"Dana Reyes", 3, 9, "Hi José, thanks for making time today. Is Marta joining us as well?"},
			{"José Núñez", 9, 15, "Yes, she's on. Marta runs our finance side, so she'll have questions."},
			{"Speaker 3", 15, 26, "Hi Dana. Honestly, I'll be blunt: we looked at you last year and your pricing was way above everyone else."},
			{"Dana Reyes", 26, 38, "Thanks for saying that up front, Marta. Can I share what changed since then? Would that be okay? We moved to per-seat pricing in March."},
			{"Speaker 3", 38, 41, "Sure, go ahead."},
			{"José Núñez", 41, 47, "And you guys will probably jack up the price after the first year anyway."},
			{"Dana Reyes", 47, no, "I hear that a lot, and I see it differently. Annual plans lock the price for three years."},
		}},
		{"otter-renewal-crlf.txt", "otter", []seg{
			{"Priya Shah", 3520, 3542, "Before we wrap, one more thing on the rollout plan."},
			{"Tom Becker", 3542, 3591, "Our IT team says integrations like this always take six months. That was our experience with the last vendor."},
			{"Priya Shah", 3591, 3604, "That matches what I heard from others. May I push back on that a little?"},
			{"Tom Becker", 3604, 3607, "Go for it."},
			{"Priya Shah", 3607, 3690, "Our median customer is live in eleven days, and the longest this year took five weeks."},
			{"Tom Becker", 3690, no, "Okay. Send me the case studies and we can talk Thursday at 10:30."},
		}},
		{"rev-discovery.txt", "rev-text", []seg{
			{"Speaker 1", 0, 5, "Good morning, this is Sam from Northwind. Thanks for joining."},
			{"Speaker 2", 5, 17, "Morning. Just so you know, we only have twenty minutes. Our CFO already decided the budget is frozen until next year."},
			{"Speaker 1", 17, 22, "Understood. Can I ask how that decision was made?"},
			{"Speaker 2", 22, 29, "Board meeting last week. Everything non-essential is on hold."},
			{"Speaker 1", 29, 41, "That's helpful. Would it be fair to say this is about risk rather than cost? If the pilot pays for itself in a quarter, would that change the picture?"},
			{"Speaker 2", 41, no, "Maybe. Send me the numbers."},
		}},
		{"rev-inline-long.txt", "rev-text", []seg{
			{"Lena Fischer", 3598, 3603, "Last topic. You mentioned security reviews."},
			{"Omar Haddad", 3603, 3610, "Right, our security team will never approve a cloud tool. That's just how it is here."},
			{"Lena Fischer", 3610, 3624, "I understand why it can look that way. Could I share what two banks in your region did? They approved us after a two-week review."},
			{"Omar Haddad", 3624, 3629, "Two weeks? Our reviews take months."},
			{"Lena Fischer", 3629, 3723, "The SOC 2 report and the pen test summary cut most of it. Want me to send them over?"},
			{"Omar Haddad", 3723, no, "Yes, please do."},
		}},
		{"name-colon-plain.txt", "name-colon", []seg{
			{"Dana Reyes", no, no, "Hi Bob, thanks for making time."},
			{"Bob Stone", no, no, "Sure. Note: I only have fifteen minutes, I have a board call at 10:30."},
			{"Dana Reyes", no, no, "No problem, I'll keep it tight. Our last email had the link, https://example.com/pilot, with the pilot terms."},
			{"Bob Stone", no, no, "I read it. To be honest: your competitor is half the price. Still, we'd like to see a demo."},
			{"Dana Reyes", no, no, "Would it be okay if I challenged that a little?"},
			{"Bob Stone", no, no, "Go ahead."},
			{"Dana Reyes", no, no, "Their price excludes onboarding and support, which we include."},
		}},
		{"name-colon-timed.txt", "name-colon", []seg{
			{"Alex Kim", 2, 5, "Thanks for hopping on, Jordan."},
			{"Jordan Lee", 5, 11, "Happy to. We're comparing three vendors this quarter."},
			{"Alex Kim", 11, 16, "Makes sense. What matters most in that comparison?"},
			{"Jordan Lee", 16, 24, "Price, mostly. Everyone says AI tools never pay off."},
			{"Alex Kim", 24, 28, "I hear that a lot. May I share a different view?"},
			{"Jordan Lee", 28, 30, "Sure."},
			{"Alex Kim", 30, no, "Our customers see payback in four months on average. We publish the method on our site."},
		}},
		{"name-colon-shapes.txt", "name-colon", []seg{
			{"Renée Dubois", 1, 4, "Bonjour Karl, thanks for joining."},
			{"Karl Weber", 4, 9, "Hi Renée. Quick question first: is this going to take long?"},
			{"Renée Dubois", 9, 12, "Twenty minutes at most."},
			{"Karl Weber", 12, 20, "Good. We tried a tool like this in 2022 and it failed."},
			{"Renée Dubois", 20, no, "What made it fail, in your view?"},
		}},
		{"name-colon-headers.txt", "name-colon", []seg{
			{"Jane Doe", no, no, "Good morning, and thank you for joining. I'm Jane from Fabrikam."},
			{"Jon Smith", no, no, "Morning. I'll say it now: we already have a vendor and switching is always painful."},
			{"Jane Doe", no, no, "That's fair, many teams feel that way. Can I ask what the last switch looked like for you?"},
			{"Jon Smith", no, no, "It took a year and we lost data."},
		}},
		{"prose-notes.txt", "text", []seg{
			{"", no, no, "Call with Acme about the renewal, written up by Dana after the call."},
			{"", no, no, "Bob said the budget is frozen until next year. Note: this came from their CFO, not from Bob himself. We agreed to meet again on Tuesday at 10:30 to go over the pilot terms. The proposal is at https://example.com/acme-renewal for anyone who wants it."},
			{"", no, no, "Next time: bring the case studies. Summary: good call, some push-back on price, follow-up booked."},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			input := fixture(t, tt.file)
			for _, id := range []string{"", tt.id} {
				got, gotID, err := read(t, input, id)
				if err != nil {
					t.Fatalf("Read(id %q): %v", id, err)
				}
				if gotID != tt.id {
					t.Errorf("Read(id %q) read %q, want %q", id, gotID, tt.id)
				}
				assertSegments(t, got, tt.want)
			}
			// A reader that returns a byte at a time gives the same result.
			var got []seg
			if _, err := textfmt.Read(iotest.OneByteReader(strings.NewReader(input)), "", collect(&got)); err != nil {
				t.Fatal(err)
			}
			assertSegments(t, got, tt.want)
		})
	}
}

func TestFixturesAllTested(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtures, "*.txt"))
	if err != nil || len(files) < 9 {
		t.Fatalf("fixtures: %v, %d files", err, len(files))
	}
}

func TestSniff(t *testing.T) {
	for file, want := range map[string]int{
		"otter-discovery.txt":    60,
		"otter-renewal-crlf.txt": 60,
		"rev-discovery.txt":      55,
		"rev-inline-long.txt":    55,
		"name-colon-timed.txt":   50,
		"name-colon-shapes.txt":  50,
		"name-colon-plain.txt":   40,
		"name-colon-headers.txt": 40,
		"prose-notes.txt":        10,
	} {
		// The core gives Sniff "\n" line ends.
		head := strings.ReplaceAll(fixture(t, file), "\r\n", "\n")
		if got := textfmt.Sniff([]byte(head)); got != want {
			t.Errorf("Sniff(%s) = %d, want %d", file, got, want)
		}
	}
	for _, tt := range []struct {
		name, head string
		want       int
	}{
		{"empty", "", 0},
		{"blank", " \n\t\n", 0},
		{"binary", "PK\x03\x04\x00\x00", 0},
		{"control bytes", strings.Repeat("\x01\x02\x03a", 20), 0},
		{"invalid utf-8", strings.Repeat("\xff\xfe", 40), 0},
		{"one word", "hello", 10},
		{"latin-1 accents", "Caf\xe9 au lait with Ren\xe9e, the usual order for the whole team", 10},
		{"rune cut at the end", "hello wor\xe2\x82", 10},
		{"json", `{"results": {"speaker": "A"}}`, 10},
		{"webvtt zoom", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana: Hi Bob\n\n2\n00:00:03.000 --> 00:00:05.000\nBob: Hi\n\n3\n00:00:05.000 --> 00:00:07.000\nDana: So\n\n4\n00:00:07.000 --> 00:00:09.000\nBob: Yes\n", 40},
	} {
		if got := textfmt.Sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("Sniff(%s) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestSniffTruncatedHead(t *testing.T) {
	var b strings.Builder
	for b.Len() < 70<<10 {
		b.WriteString("José Núñez  12:34\nWe need it by the end of the quarter, with all the seats.\n\n")
	}
	full := b.String()
	for cut := 64<<10 - 8; cut <= 64<<10; cut++ {
		if got := textfmt.Sniff([]byte(full[:cut])); got != 60 {
			t.Fatalf("Sniff(head cut at %d) = %d, want 60", cut, got)
		}
	}
}

// Colons in prose ("Note: this", "at 10:30", "https://...") do not make
// speakers: the file stays unlabelled text.
func TestColonsInProse(t *testing.T) {
	for _, input := range []string{
		"Note: this call was recorded.\nWe met at 10:30 and talked about pricing for an hour.\nThe deck is at https://example.com/deck.\n",
		"The meeting is at 10:30.\nCall me at 10:30 tomorrow.\nLunch at 12:30: bring the contract.\n",
		"Here is the thing: they want a discount.\nWe said no. Then they asked again.\nAnd the CFO said: fine, send it.\n",
		"Step 1: sign the order form.\nStep 2: schedule the kickoff.\nStep 3: invite the admins.\n",
		"Summary: good call.\nNext steps: send pricing.\nAction items: Dana to follow up.\n",
		"Update: the deal slipped.\nIt will close next quarter instead of this one, according to Bob.\nRisk: medium.\nWe will check again on Friday with the whole team present.\n",
		"Ratio 3:1 in favour.\nTime: 10:30\nLocation: Room 4\nAttendees: Dana, Bob\n",
	} {
		got, id, err := read(t, input, "")
		if err != nil {
			t.Fatalf("%q: %v", input, err)
		}
		if id != "text" {
			t.Errorf("%q: read as %q, want text", input, id)
		}
		for _, s := range got {
			if s.Speaker != "" || s.Start.Known() || s.End.Known() {
				t.Errorf("%q: segment %+v, want unlabelled text", input, s)
			}
		}
	}
}

func TestNameRule(t *testing.T) {
	for name, want := range map[string]bool{
		"Dana":                    true,
		"Dana Reyes":              true,
		"José Núñez":              true,
		"Speaker 1":               true,
		"SPEAKER_00":              true,
		"Dr. Ana Cruz":            true,
		"Ana de la Cruz":          true,
		"Dr. Ana de la Cruz":      false, // five words
		"J.R. Smith":              true,
		"Mary-Jane O'Neil":        true,
		"dana@acme.com":           true,
		"Q":                       true,
		"李 明":                     true,
		"Jan van der Berg":        true,
		"Note":                    false,
		"Summary":                 false,
		"Step 1":                  false,
		"Call me at":              false,
		"Here is the thing":       false,
		"Thanks. Bob":             false,
		"One Two Three Four Five": false,
		"1st speaker":             false,
		"https":                   false,
		"Dana (CEO)":              false,
		"Bob, Dana":               false,
		"":                        false,
		strings.Repeat("A", 41):   false,
	} {
		if got := textfmt.IsPlainName(name); got != want {
			t.Errorf("name rule(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDetection(t *testing.T) {
	for _, tt := range []struct {
		name, input, id string
		speakers        []string
	}{
		{"two lines", "Dana: Hi.\nBob: Hello.\n", "name-colon", []string{"Dana", "Bob"}},
		{"q and a", "Q: What do you sell?\nA: Coaching for sales calls.\nQ: For whom?\nA: Sales teams.\n", "name-colon", []string{"Q", "A", "Q", "A"}},
		{"repeated names among long continuations",
			"Dana: Hi Bob.\nlong line one\nlong line two\nBob: Hello.\nlong line three\nDana: So.\nBob: Yes.\nline\n",
			"name-colon", []string{"Dana", "Bob", "Dana", "Bob"}},
		{"one label in prose", "Dana: Hi.\nthen the rest of the notes\nand more notes here\n", "text", []string{""}},
		{"otter without blank lines", "Dana Reyes  0:03\nHi Bob.\nBob Stone  0:05\nHello.\n", "otter", []string{"Dana Reyes", "Bob Stone"}},
		{"otter title line", "Acme discovery call\n\nDana Reyes  0:03\nHi Bob.\n\nBob Stone  0:05\nHello.\n", "otter", []string{"", "Dana Reyes", "Bob Stone"}},
		{"name-colon title line", "Acme discovery call\nDana: Hi.\nBob: Hello.\nDana: So.\n", "name-colon", []string{"", "Dana", "Bob", "Dana"}},
		{"rev single label first", "Speaker 1 (00:00): Hello and welcome.\n", "rev-text", []string{"Speaker 1"}},
		{"rev with stray colon lines", "Speaker 1 (00:00):\nHi.\n\nSpeaker 2 (00:04):\nPricing: it is too high.\n\nSpeaker 1 (00:09):\nWhy?\n", "rev-text", []string{"Speaker 1", "Speaker 2", "Speaker 1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, id, err := read(t, tt.input, "")
			if err != nil {
				t.Fatal(err)
			}
			if id != tt.id {
				t.Errorf("read as %q, want %q", id, tt.id)
			}
			var speakers []string
			for _, s := range got {
				speakers = append(speakers, s.Speaker)
			}
			if strings.Join(speakers, "|") != strings.Join(tt.speakers, "|") {
				t.Errorf("speakers %q, want %q", speakers, tt.speakers)
			}
		})
	}
}

func TestOtterHeadersInsideBlocks(t *testing.T) {
	// Inside a block, a "Name 3:30" line with one space is text unless the
	// name is a known speaker; Otter's two-space header always starts a block.
	input := "Dana Reyes  0:03\nHi Bob.\nMeet Bob 3:30\nBob Stone  0:05\nHello.\nDana Reyes 0:09\nSo, pricing.\n"
	got, _, err := read(t, input, "otter")
	if err != nil {
		t.Fatal(err)
	}
	assertSegments(t, got, []seg{
		{"Dana Reyes", 3, 5, "Hi Bob. Meet Bob 3:30"},
		{"Bob Stone", 5, 9, "Hello."},
		{"Dana Reyes", 9, no, "So, pricing."},
	})
}

func TestTimes(t *testing.T) {
	// A block ends where the next timed one starts, unless that is earlier;
	// an untimed label in between leaves both ends unknown.
	input := "[00:00:10] Dana: one\n[00:00:05] Bob: two\nDana: three\n[00:00:20] Bob: four\n[00:00:30] Dana: five\n"
	got, _, err := read(t, input, "")
	if err != nil {
		t.Fatal(err)
	}
	assertSegments(t, got, []seg{
		{"Dana", 10, no, "one"},
		{"Bob", 5, no, "two"},
		{"Dana", no, no, "three"},
		{"Bob", 20, 30, "four"},
		{"Dana", 30, no, "five"},
	})
}

func TestForced(t *testing.T) {
	prose := "Hello everyone, and thanks for joining the call today.\nDana: this line is labelled.\n"
	for _, tt := range []struct {
		id, input string
		line      int
		msg       string
	}{
		{"name-colon", prose, 1, `found "Hello everyone, and thanks for joining t…" before any speaker label: expected a "Name: text" line`},
		{"name-colon", "\n\n  \nwelcome\n", 4, `found "welcome"`},
		{"rev-text", prose, 1, `expected a Rev label such as "Speaker 1 (00:00):"`},
		{"rev-text", fixture(t, "name-colon-timed.txt"), 1, `found "[00:00:02] Alex Kim: Thanks for hopping …"`},
		{"otter", prose, 1, `expected an Otter header line such as "Jane Doe  0:03"`},
		{"name-colon", fixture(t, "otter-discovery.txt"), 1, `found "Dana Reyes  0:03"`},
	} {
		_, _, err := read(t, tt.input, tt.id)
		var ie *pushback.InputError
		if !errors.As(err, &ie) {
			t.Errorf("forced %s: err = %v, want *pushback.InputError", tt.id, err)
			continue
		}
		if ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) || ie.File != "" {
			t.Errorf("forced %s: got line %d %q, want line %d containing %q", tt.id, ie.Line, ie.Msg, tt.line, tt.msg)
		}
	}

	// Forced text reads anything as one speaker's prose, labels and all.
	got, id, err := read(t, fixture(t, "otter-discovery.txt"), "text")
	if err != nil || id != "text" {
		t.Fatalf("forced text: %q, %v", id, err)
	}
	if len(got) != 7 || got[0].Text != "Dana Reyes  0:03 Hi José, thanks for making time today. Is Marta joining us as well?" {
		t.Errorf("forced text: %d segments, first %+v", len(got), got[0])
	}
	for _, s := range got {
		if s.Speaker != "" || s.Start.Known() {
			t.Errorf("forced text: segment %+v, want no speaker or time", s)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, tt := range []struct {
		name, id, input string
		line            int
		msg             string
	}{
		{"otter bad time", "", "Dana Reyes  0:03\nHi.\n\nBob Stone  0:75\nHello.\n", 4, `found time stamp "0:75" in a speaker label: expected M:SS or H:MM:SS`},
		{"rev bad time", "", "Speaker 1 (00:00):\nHi.\n\nSpeaker 2 (00:61):\nHello.\n", 4, `found time stamp "00:61"`},
		{"name-colon bad time", "name-colon", "[00:00:01] Dana: Hi.\n[00:60:00] Bob: Hello.\n", 2, `found time stamp "00:60:00"`},
		{"long line", "", "Dana: Hi.\nBob: Hello.\n" + strings.Repeat("x", 1<<20+1) + "\n", 3, "line longer than 1 MiB"},
		{"long line in text", "text", strings.Repeat("word ", 300000), 1, "line longer than 1 MiB"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := read(t, tt.input, tt.id)
			var ie *pushback.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *pushback.InputError", err)
			}
			if ie.Line != tt.line || !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", ie.Line, ie.Msg, tt.line, tt.msg)
			}
			if !strings.Contains(ie.Error(), ":"+itoa(tt.line)+": ") {
				t.Errorf("Error() = %q does not name line %d", ie.Error(), tt.line)
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

func TestUnknownID(t *testing.T) {
	_, _, err := read(t, "Dana: hi\n", "webvtt")
	if pushback.ErrorCode(err) != pushback.EINVALID || !strings.Contains(err.Error(), `"webvtt"`) {
		t.Errorf("err = %v, want an invalid-format error naming the id", err)
	}
}

func TestEmitErrorUnchanged(t *testing.T) {
	stop := errors.New("stop")
	for _, file := range []string{"otter-discovery.txt", "rev-discovery.txt", "name-colon-plain.txt", "prose-notes.txt"} {
		calls := 0
		_, err := textfmt.Read(strings.NewReader(fixture(t, file)), "", func(pushback.Segment) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("%s: err = %v after %d calls, want the emit error after 1", file, err, calls)
		}
	}
}

func TestReaderErrorUnchanged(t *testing.T) {
	boom := errors.New("disk on fire")
	r := iotest.TimeoutReader(strings.NewReader("Dana: hi\n")) // second read fails
	_, err := textfmt.Read(r, "text", func(pushback.Segment) error { return nil })
	if !errors.Is(err, iotest.ErrTimeout) {
		t.Errorf("err = %v, want the reader's error", err)
	}
	_, err = textfmt.Read(iotest.ErrReader(boom), "", func(pushback.Segment) error { return nil })
	if err != boom {
		t.Errorf("detecting: err = %v, want the reader's error", err)
	}
}

func TestLineEndsBOMAndBadUTF8(t *testing.T) {
	got, id, err := read(t, "\uFEFFDana: Hi Bob\r\nBob: Caf\xe9?\r\n\r\nDana: Sure\r\n", "")
	if err != nil || id != "name-colon" {
		t.Fatalf("%q, %v", id, err)
	}
	assertSegments(t, got, []seg{
		{"Dana", no, no, "Hi Bob"},
		{"Bob", no, no, "Caf\uFFFD?"},
		{"Dana", no, no, "Sure"},
	})
}

// A variant is detected from the first 64 KiB; what follows is streamed.
func TestLongInputStreams(t *testing.T) {
	var b strings.Builder
	n := 0
	for b.Len() < 200<<10 {
		b.WriteString("Dana: We can start the pilot next week.\nBob: Fine by me.\n")
		n += 2
	}
	b.WriteString("Note: not a speaker\n")
	got, id, err := read(t, b.String(), "")
	if err != nil || id != "name-colon" {
		t.Fatalf("%q, %v", id, err)
	}
	if len(got) != n || got[n-1].Text != "Fine by me. Note: not a speaker" {
		t.Errorf("got %d segments, last %+v; want %d", len(got), got[len(got)-1], n)
	}
}

func TestFormats(t *testing.T) {
	var ids []string
	for _, f := range textfmt.Formats {
		ids = append(ids, f.ID)
		if f.Name == "" || f.Keeps == "" || len(f.Exts) == 0 {
			t.Errorf("%s: incomplete %+v", f.ID, f)
		}
	}
	if strings.Join(ids, " ") != "otter rev-text name-colon text" {
		t.Errorf("ids %v", ids)
	}
}
