package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/report"
)

// funcs are the template functions. None returns unescaped HTML.
func (a *App) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":      a.assets.url,
		"pct":        report.Percent,
		"pctOf":      report.Percentage,
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

// howLabel words what the rep did after a moment (package report's
// words); the store records a moment with no response as "".
func howLabel(h string) string {
	if h == "" {
		h = string(pushback.HowNoReply)
	}
	return report.HowLabel(pushback.How(h))
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
