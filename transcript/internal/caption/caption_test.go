package caption

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/pushback-coach/pushback/lang"
)

// squeezeRef is squeeze written plainly, byte by byte.
func squeezeRef(dst, b []byte) []byte {
	b = bytes.TrimSpace(b)
	space := false
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			space = true
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = append(dst, c)
	}
	return dst
}

// checkText checks squeeze, LineReader, HasText and the blank trimming
// against their plain definitions.
func checkText(t *testing.T, s string) {
	b := []byte(s)
	got, ascii := squeeze([]byte("x"), b)
	if want := squeezeRef([]byte("x"), b); !bytes.Equal(got, want) {
		t.Fatalf("squeeze(%q) = %q, want %q", s, got, want)
	}
	// ASCII, as squeeze reports it, is text lang.CleanSpace leaves as it is.
	out := string(got[1:])
	if want := !strings.ContainsFunc(out, func(r rune) bool { return r >= utf8.RuneSelf }); ascii != want {
		t.Fatalf("squeeze(%q) says ASCII %v, want %v", s, ascii, want)
	}
	if ascii && lang.CleanSpace(out) != out {
		t.Fatalf("squeeze(%q) = %q, ASCII but not clean", s, out)
	}
	checkLines(t, s)
	if got, want := HasText(b), len(bytes.TrimLeft(b, " \t\r\n\f\v")) > 0; got != want {
		t.Fatalf("HasText(%q) = %v, want %v", s, got, want)
	}
	if got, want := TrimBlanksLeft(b), bytes.TrimLeft(b, " \t"); !bytes.Equal(got, want) {
		t.Fatalf("TrimBlanksLeft(%q) = %q", s, got)
	}
	if got, want := TrimBlanksRight(b), bytes.TrimRight(b, " \t"); !bytes.Equal(got, want) {
		t.Fatalf("TrimBlanksRight(%q) = %q", s, got)
	}
}

func TestText(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "  a  b  ", "one two three four five six", "eight by  eight bytes here",
		"1234567 \tx", "1234567  x", "12345678 \t", "abcdefgh\nijklmnop", "\u00a0 x \u00a0", "x\u00a0 \u00a0y",
		"tab\tin the middle of a long line", "ends in a space and a tab \t", "!!!!!!!!  !!!!!!!!", "\xff\xfe  \x80",
		strings.Repeat("a ", 300) + "\r" + strings.Repeat("b", 600) + "\n",
		strings.Repeat("x", 1100) + "\n", strings.Repeat("y", 512) + "\r\n",
	} {
		checkText(t, s)
	}
}

func FuzzText(f *testing.F) {
	f.Add("one  two\tthree\r\nfour")
	f.Add("1234567  x")
	f.Fuzz(checkText)
}

// checkRecentLabel checks that RecentLabels, having read name's label,
// reads line as Label does.
func checkRecentLabel(t *testing.T, name, line string) {
	var r RecentLabels
	if _, _, ok := r.Label([]byte(name + ": x")); !ok {
		return
	}
	n, rest, ok := r.Label([]byte(line))
	wn, wrest, wok := Label([]byte(line))
	if ok != wok || !bytes.Equal(n, wn) || !bytes.Equal(rest, wrest) {
		t.Fatalf("after %q, Label(%q) = %q, %q, %v; want %q, %q, %v", name, line, n, rest, ok, wn, wrest, wok)
	}
}

func TestRecentLabels(t *testing.T) {
	for _, c := range []struct{ name, line string }{
		{"Bob Stone", "Bob Stone: hi"}, {"Bob Stone", "Bob Stone:"}, {"Bob Stone", "Bob Stone:\t  x"}, {"Bob Stone", "Bob Stone:x"},
		{"Bob", "Bobby: x"}, {"Bob", "Bob : x"}, {"Note", "Note: x"}, {"Dana Reyes (Acme)", "Dana Reyes (Acme): ok"},
	} {
		checkRecentLabel(t, c.name, c.line)
	}
	// The names are copies: the caller may reuse its bytes.
	var r RecentLabels
	b := []byte("Bob Stone: hi")
	r.Label(b)
	copy(b, "Ann Smith: yo")
	if n, _, ok := r.Label([]byte("Bob Stone: again")); !ok || string(n) != "Bob Stone" {
		t.Fatalf("Label after the caller's bytes changed = %q, %v", n, ok)
	}
}

func FuzzRecentLabels(f *testing.F) {
	f.Add("Bob Stone", "Bob Stone: hi")
	f.Add("Sam", "Sam:\tx: y")
	f.Fuzz(checkRecentLabel)
}

// splitRef is LineReader's split function written plainly.
func splitRef(data []byte, atEOF bool) (int, []byte, error) {
	return splitAt(data, atEOF, bytes.IndexAny(data, "\r\n"))
}

// checkLines checks that a LineReader, read whole or a byte at a time,
// splits s as splitRef does.
func checkLines(t *testing.T, s string) {
	var want []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(nil, maxLine+2)
	sc.Split(splitRef)
	for sc.Scan() {
		want = append(want, sc.Text())
	}
	for _, r := range []func() *LineReader{
		func() *LineReader { return NewLineReader(strings.NewReader(s)) },
		func() *LineReader { return NewLineReader(iotest.OneByteReader(strings.NewReader(s))) },
		func() *LineReader { return NewLineReader(iotest.HalfReader(strings.NewReader(s))) },
	} {
		lr := r()
		var got []string
		lr.Each(func(line []byte) error {
			got = append(got, string(line))
			return nil
		})
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Fatalf("lines of %q = %q, want %q", s, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	for _, s := range []string{
		"", "\n", "\r", "\r\n", "a", "a\nb", "a\rb\r\nc\n\rd", "\r\r\n\n", "x\r",
		strings.Repeat("line\r", 5000), strings.Repeat("line\n", 5000) + "\r" + strings.Repeat("more\n", 5000),
		strings.Repeat("a", 70000) + "\r\n" + strings.Repeat("b\r\n", 30000),
	} {
		checkLines(t, s)
	}
}
