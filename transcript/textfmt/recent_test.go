package textfmt

import (
	"bytes"
	"testing"
)

// checkRecentLabel checks that a line recentLabel reads, with name as the
// last plain label, is one parseLabel reads the same way.
func checkRecentLabel(t *testing.T, name, line string) {
	l, ok := parseLabel([]byte(name + ": x"))
	if !ok || l.shape != shapePlain || string(l.name) != name {
		return // not a name a plain label can have: never remembered
	}
	p := parser{recent: [4]string{name}}
	got, text, ok := p.recentLabel([]byte(line))
	if !ok {
		return
	}
	want, wok := parseLabel([]byte(line))
	if !wok || want.shape != shapePlain || string(want.name) != got || !bytes.Equal(want.text, text) {
		t.Fatalf("recentLabel(%q) after %q = %q, %q; parseLabel: %v %+v", line, name, got, text, wok, want)
	}
}

func TestRecentLabel(t *testing.T) {
	for _, c := range []struct{ name, line string }{
		{"Rep", "Rep: hi"}, {"Rep", "Rep:"}, {"Rep", "Rep:\tx"}, {"Rep", "Rep:x"}, {"Rep", "Rep : x"},
		{"Rep", "Reply: x"}, {"Rep", "Rep: Bob: x"}, {"Dana Reyes", "Dana Reyes: 10:30 works"},
		{"José Núñez", "José Núñez: ¿sí?"}, {"dana@acme.com", "dana@acme.com: hi"},
	} {
		checkRecentLabel(t, c.name, c.line)
	}
}

func FuzzRecentLabel(f *testing.F) {
	f.Add("Rep", "Rep: hi")
	f.Add("Dana Reyes", "Dana Reyes:\tok: fine")
	f.Add("Note", "Note: x")
	f.Fuzz(checkRecentLabel)
}
