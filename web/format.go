package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// funcs are the template functions. None returns unescaped HTML.
func (a *App) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":      a.assets.url,
		"pct":        percent,
		"pctOf":      pctOf,
		"date":       formatDate,
		"dateTime":   formatDateTime,
		"isoDate":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"join":       strings.Join,
		"category":   categoryLabel,
		"how":        howLabel,
		"plural":     plural,
		"add":        func(a, b int) int { return a + b },
		"role":       roleLabel,
		"skill":      skillLabel,
		"deref":      func(p *float64) float64 { return *p },
		"scoreBands": func() []scoreBand { return scoreBands },
		"mul100":     func(f float64) float64 { return f * 100 },
		"words":      func(s string) string { return strings.ReplaceAll(s, "_", " ") },
		"catPtr": func(c *pushback.Category) string {
			if c == nil {
				return ""
			}
			return c.Label()
		},
		"momentArgs": func(page view, m *momentView) momentArgs { return momentArgs{Page: page, M: m} },
	}
}

// momentArgs is what the call page's moment card template needs.
type momentArgs struct {
	Page view
	M    *momentView
}

// percent formats a share as "62%", or "–" when there is nothing to divide.
func percent(f *float64) string {
	if f == nil || math.IsNaN(*f) {
		return "–"
	}
	return fmt.Sprintf("%d%%", pctOf(f))
}

// pctOf is a share as a whole percentage in [0, 100]; 0 when unknown.
func pctOf(f *float64) int {
	if f == nil || math.IsNaN(*f) {
		return 0
	}
	return int(math.Round(min(max(*f, 0), 1) * 100))
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006")
}

func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

func categoryLabel(c string) string {
	if c == "" {
		return ""
	}
	return pushback.Category(c).Label()
}

// howLabels word what the rep did after a moment.
var howLabels = map[pushback.How]string{
	pushback.HowPushedBack:         "pushed back",
	pushback.HowAgreed:             "agreed",
	pushback.HowConceded:           "conceded",
	pushback.HowIgnored:            "ignored it or changed the subject",
	pushback.HowClarifyingQuestion: "asked a clarifying question only",
	pushback.HowNoReply:            "did not reply",
}

func howLabel(h string) string {
	if l, ok := howLabels[pushback.How(h)]; ok {
		return l
	}
	if h == "" {
		return "did not reply"
	}
	return strings.ReplaceAll(h, "_", " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func roleLabel(r string) string {
	switch r {
	case "admin":
		return "admin"
	case "manager":
		return "manager"
	case "rep":
		return "rep"
	}
	return "former user"
}

// clock formats call time as m:ss or h:mm:ss, "" when unknown.
func clock(s pushback.Seconds) string {
	if !s.Known() {
		return ""
	}
	total := int(math.Round(float64(s)))
	h, m, sec := total/3600, total/60%60, total%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// clean drops control characters and runs of white space from text out of
// a transcript; html/template escapes the rest.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return ' '
		}
		if r == utf8.RuneError {
			return '�'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// findQuote finds quote in text ignoring case, and failing that without
// its final punctuation.
func findQuote(text, quote string) (start, end int, ok bool) {
	for _, q := range []string{quote, strings.TrimRight(quote, ".,;:!?…")} {
		if q == "" {
			continue
		}
		if i := strings.Index(text, q); i >= 0 {
			return i, i + len(q), true
		}
		n := utf8.RuneCountInString(q)
		for i := range text {
			j, k := i, 0
			for k < n && j < len(text) {
				_, size := utf8.DecodeRuneInString(text[j:])
				j += size
				k++
			}
			if k == n && strings.EqualFold(text[i:j], q) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
