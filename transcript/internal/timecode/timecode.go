// Package timecode parses the time stamps transcript formats write:
// "01:02:03.500", "1:02:03,5" (SRT), "02:03.5", "0:0:0.570" (Teams), "62.5"
// (bare seconds), "[00:01:02]".
package timecode

import (
	"errors"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback"
)

// ErrSyntax is returned for text that is not a time stamp.
var ErrSyntax = errors.New("not a time stamp")

// Parse reads a time stamp in any of the forms above: up to three
// colon-separated fields (hours, minutes, seconds; fewer fields drop hours
// then minutes) with an optional fraction after '.' or ','. Minutes and
// seconds fields must be below 60 when a larger field precedes them.
//
// Parse does not allocate: the readers call it twice for every cue, and for
// every time stamp tag in a cue's text.
func Parse(s string) (pushback.Seconds, error) {
	s = strings.TrimSpace(s)
	if t, ok := parseClock(s); ok {
		return t, nil
	}
	return parse(s)
}

// parse is Parse for s trimmed of white space.
func parse(s string) (pushback.Seconds, error) {
	s = strings.TrimPrefix(s, "[")
	s = strings.TrimSuffix(s, "]")
	if s == "" || len(s) > 32 {
		return pushback.NoTime, ErrSyntax
	}
	var frac float64
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f, ok := fraction(s[i+1:])
		if !ok || i == 0 { // ".5": no seconds field
			return pushback.NoTime, ErrSyntax
		}
		frac, s = f, s[:i]
	}
	total := 0.0
	for field := 0; ; field++ {
		part, rest, more := strings.Cut(s, ":")
		v, ok := number(part)
		if !ok || field > 0 && v >= 60 || field == 2 && more {
			return pushback.NoTime, ErrSyntax
		}
		total = total*60 + float64(v)
		if !more {
			break
		}
		s = rest
	}
	t := pushback.Seconds(total + frac)
	if !t.Known() { // beyond the times Pushback keeps: junk, not a time stamp
		return pushback.NoTime, ErrSyntax
	}
	return t, nil
}

// parseClock reads the time stamp nearly every cue timing holds,
// "HH:MM:SS.mmm" (or "HH:MM:SS,mmm"), without the general parse: the same
// value, computed the same way, for a fraction of the work. It reports
// false for anything else, valid or not, to leave it to Parse.
func parseClock(s string) (pushback.Seconds, bool) {
	if len(s) != 12 {
		return 0, false
	}
	c := s[:12]
	if c[2] != ':' || c[5] != ':' || c[8] != '.' && c[8] != ',' {
		return 0, false
	}
	// d is the value of the digit at i; a byte that is not a digit gives
	// one above 9.
	d := func(i int) uint { return uint(c[i]) - '0' }
	if d(0) > 9 || d(1) > 9 || d(3) > 9 || d(4) > 9 || d(6) > 9 || d(7) > 9 || d(9) > 9 || d(10) > 9 || d(11) > 9 {
		return 0, false
	}
	h, m, sec := d(0)*10+d(1), d(3)*10+d(4), d(6)*10+d(7)
	if m >= 60 || sec >= 60 {
		return 0, false
	}
	ms := d(9)*100 + d(10)*10 + d(11)
	// As Parse: whole seconds field by field, then the fraction as
	// fraction computes it. All are exact integers in a float64.
	total := (float64(h)*60+float64(m))*60 + float64(sec)
	t := pushback.Seconds(total + float64(ms)/pow10[3])
	if !t.Known() {
		return 0, false
	}
	return t, true
}

// number reads a field of 1 to 9 decimal digits.
func number(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// pow10 holds the powers of ten a float64 holds exactly, up to 10^15.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// fraction returns the value of the digits f written after a decimal point:
// the float64 nearest to 0.f, as strconv.ParseFloat gives it, without
// building the string "0."+f.
func fraction(f string) (float64, bool) {
	if f == "" || !digits(f) {
		return 0, false
	}
	if len(f) < len(pow10) {
		// Both m and 10^len(f) are below 2^53, so exact as float64s, and a
		// division rounds once: to the float64 nearest m/10^len(f), the same
		// correctly rounded result ParseFloat gives.
		m := 0
		for i := 0; i < len(f); i++ {
			m = m*10 + int(f[i]-'0')
		}
		return float64(m) / pow10[len(f)], true
	}
	// More digits than any clock writes: let ParseFloat round them. Parse
	// bounds its text to 32 bytes, so "0."+f fits the 32-byte buffer the
	// compiler gives a string that does not escape: no allocation either.
	var buf [32]byte
	b := append(append(buf[:0], "0."...), f...)
	v, err := strconv.ParseFloat(string(b), 64)
	return v, err == nil
}

// digits reports whether s is all decimal digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Range parses "START --> END" (WebVTT, SRT); anything after END separated by
// white space (cue settings) is returned as rest.
func Range(line string) (start, end pushback.Seconds, rest string, err error) {
	// Nearly every timing is "HH:MM:SS.mmm --> HH:MM:SS.mmm", perhaps with
	// settings after a space: read it without the general parse.
	if len(line) >= 29 && line[12:17] == " --> " && (len(line) == 29 || line[29] == ' ') {
		if s, ok := parseClock(line[:12]); ok {
			if e, ok := parseClock(line[17:29]); ok {
				return s, e, strings.TrimSpace(line[29:]), nil
			}
		}
	}
	return parseRange(line)
}

// parseRange is Range without its shortcut.
func parseRange(line string) (start, end pushback.Seconds, rest string, err error) {
	a, b, ok := strings.Cut(line, "-->")
	if !ok {
		return pushback.NoTime, pushback.NoTime, "", ErrSyntax
	}
	start, err = Parse(a)
	if err != nil {
		return pushback.NoTime, pushback.NoTime, "", err
	}
	b = strings.TrimSpace(b)
	endText, rest, _ := strings.Cut(b, " ")
	if i := strings.IndexByte(endText, '\t'); i >= 0 {
		endText, rest = endText[:i], endText[i+1:]
	}
	end, err = Parse(endText)
	if err != nil {
		return pushback.NoTime, pushback.NoTime, "", err
	}
	return start, end, strings.TrimSpace(rest), nil
}
