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
func Parse(s string) (pushback.Seconds, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "[")
	s = strings.TrimSuffix(s, "]")
	if s == "" || len(s) > 32 {
		return pushback.NoTime, ErrSyntax
	}
	var frac float64
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		f := s[i+1:]
		if f == "" || !digits(f) {
			return pushback.NoTime, ErrSyntax
		}
		v, err := strconv.ParseFloat("0."+f, 64)
		if err != nil {
			return pushback.NoTime, ErrSyntax
		}
		frac = v
		s = s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return pushback.NoTime, ErrSyntax
	}
	total := 0.0
	for i, p := range parts {
		if p == "" || !digits(p) || len(p) > 9 {
			return pushback.NoTime, ErrSyntax
		}
		v, _ := strconv.Atoi(p)
		if i > 0 && v >= 60 {
			return pushback.NoTime, ErrSyntax
		}
		total = total*60 + float64(v)
	}
	return pushback.Seconds(total + frac), nil
}

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
