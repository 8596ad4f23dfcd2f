package web

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pushback-coach/pushback/report"
)

// Charts are drawn on the server as SVG: the template (parts_chart.html)
// draws what these types hold, already placed in the chart's coordinates.
// Each chart has a title and a description for screen readers, and the
// page shows the same values in a table beside it.

// Chart geometry, in SVG user units; the SVG scales to its box.
const (
	chartW      = 720.0
	chartH      = 280.0
	barW        = 640.0
	chartLeft   = 48.0
	chartRight  = 28.0
	chartTop    = 30.0
	chartBottom = 36.0
)

// lineChart is a chart of shares (0 to 100%) over time.
type lineChart struct {
	ID          string // prefix of the element ids (title, description)
	Title, Desc string
	W, H        float64
	Grid        []gridLine
	XLabels     []axisLabel
	Series      []lineSeries
	Legend      []legendItem // with two series or more
	Empty       bool
	CX, CY      float64 // the middle, for "No data yet"
}

type gridLine struct {
	X1, Y1, X2, Y2 float64
	LabelX, LabelY float64
	Label          string
}

type axisLabel struct {
	X, Y   float64
	Label  string
	Anchor string // start, middle or end
}

type lineSeries struct {
	Name   string
	Class  string // styles the line: courage, craft, score
	Path   string // the SVG path through the known points
	Points []linePoint
}

type linePoint struct {
	X, Y  float64
	Label string // for the point's tooltip: "3 Mar 2025: 62%"
}

// seriesIn is one line to draw: values in [0,1], nil where unknown.
type seriesIn struct {
	Name, Class string
	Values      []*float64
}

// newLineChart places series of shares over the times xs (oldest first).
// Points are spread by time; unknown values leave a gap in the line.
func newLineChart(id, title, desc string, xs []time.Time, series ...seriesIn) lineChart {
	c := lineChart{ID: id, Title: title, Desc: desc, W: chartW, H: chartH, CX: chartW / 2, CY: chartH / 2}
	if len(series) > 1 {
		for i, s := range series {
			c.Legend = append(c.Legend, legendItem{X: chartLeft + 10 + float64(i)*130, Y: 10, Name: s.Name, Class: s.Class})
		}
	}
	plotW, plotH := chartW-chartLeft-chartRight, chartH-chartTop-chartBottom
	y := func(v float64) float64 { return chartTop + plotH*(1-min(max(v, 0), 1)) }
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		c.Grid = append(c.Grid, gridLine{X1: chartLeft, X2: chartW - chartRight, Y1: y(v), Y2: y(v),
			LabelX: chartLeft - 6, LabelY: y(v) + 4, Label: fmt.Sprintf("%d%%", int(v*100))})
	}
	if len(xs) == 0 {
		c.Empty = true
		return c
	}
	first, last := xs[0], xs[len(xs)-1]
	span := last.Sub(first)
	x := func(i int) float64 {
		if len(xs) == 1 {
			return chartLeft + plotW/2
		}
		if span <= 0 {
			return chartLeft + plotW*float64(i)/float64(len(xs)-1)
		}
		return chartLeft + plotW*float64(xs[i].Sub(first))/float64(span)
	}
	// Up to five date labels along the bottom, evenly chosen among the points.
	n := min(len(xs), 5)
	seen := map[int]bool{}
	for k := 0; k < n; k++ {
		i := 0
		if n > 1 {
			i = int(math.Round(float64(k) * float64(len(xs)-1) / float64(n-1)))
		}
		if seen[i] {
			continue
		}
		seen[i] = true
		anchor := "middle"
		switch {
		case len(xs) > 1 && i == 0:
			anchor = "start"
		case len(xs) > 1 && i == len(xs)-1:
			anchor = "end"
		}
		c.XLabels = append(c.XLabels, axisLabel{X: x(i), Y: chartH - 12, Label: xs[i].UTC().Format("2 Jan"), Anchor: anchor})
	}
	for _, s := range series {
		ls := lineSeries{Name: s.Name, Class: s.Class}
		var path strings.Builder
		pen := false
		for i, v := range s.Values {
			if i >= len(xs) {
				break
			}
			if v == nil || math.IsNaN(*v) {
				pen = false
				continue
			}
			px, py := x(i), y(*v)
			if pen {
				fmt.Fprintf(&path, " L%.1f %.1f", px, py)
			} else {
				fmt.Fprintf(&path, " M%.1f %.1f", px, py)
				pen = true
			}
			ls.Points = append(ls.Points, linePoint{X: px, Y: py, Label: fmt.Sprintf("%s, %s: %s", s.Name, formatDate(xs[i]), report.Percent(v))})
		}
		ls.Path = strings.TrimSpace(path.String())
		c.Series = append(c.Series, ls)
	}
	return c
}

// barChart is a horizontal bar chart: a row per label, each with one or
// more bars (side by side in the row, or stacked end to end).
type barChart struct {
	ID          string
	Title, Desc string
	W, H        float64
	Rows        []barRow
	Legend      []legendItem
	Empty       bool
	LabelW      float64
}

type barRow struct {
	Label      string
	LabelY     float64
	Bars       []bar
	ValueLabel string // written after the bars
	ValueX     float64
	ValueY     float64
}

type bar struct {
	X, Y, W, H float64
	Class      string
	Label      string // tooltip
}

type legendItem struct {
	X, Y  float64
	Name  string
	Class string
}

// barIn is a row to draw: its label and its values, one per series.
type barIn struct {
	Label  string
	Values []float64
	Tips   []string // per value, for tooltips
	Total  string   // written after the bars
}

// newBarChart draws rows of values; stacked puts a row's values end to end
// (counts that add up), else side by side on their own lines (shares on the
// same scale). full is the value of a full bar; 0 takes the largest.
func newBarChart(id, title, desc string, names, classes []string, rows []barIn, stacked bool, full float64) barChart {
	const rowGap, legendH = 14.0, 28.0
	// Room for the longest label, at about 7.5 units a character.
	longest := 0
	for _, r := range rows {
		longest = max(longest, len([]rune(r.Label)))
	}
	labelW := min(260, max(90, 7.5*float64(longest)+14))
	barH := 18.0
	if !stacked {
		barH = 12.0
	}
	perRow := barH
	if !stacked {
		perRow = barH*float64(len(names)) + 2*float64(len(names)-1)
	}
	c := barChart{ID: id, Title: title, Desc: desc, W: barW, LabelW: labelW}
	c.H = legendH + float64(len(rows))*(perRow+rowGap) + 8
	if len(rows) == 0 {
		c.Empty = true
		c.H = 60
		return c
	}
	if full <= 0 {
		for _, r := range rows {
			sum := 0.0
			for _, v := range r.Values {
				if stacked {
					sum += v
				} else {
					full = max(full, v)
				}
			}
			if stacked {
				full = max(full, sum)
			}
		}
	}
	if full <= 0 {
		full = 1
	}
	plotW := barW - labelW - 90
	for i, n := range names {
		c.Legend = append(c.Legend, legendItem{X: labelW + float64(i)*150, Y: 16, Name: n, Class: classes[i]})
	}
	y := legendH
	for _, r := range rows {
		row := barRow{Label: r.Label, LabelY: y + perRow/2 + 4, ValueLabel: r.Total}
		x := labelW
		end := labelW
		for k, v := range r.Values {
			w := plotW * v / full
			b := bar{X: x, Y: y, W: w, H: barH, Class: classes[k%len(classes)]}
			if k < len(r.Tips) {
				b.Label = r.Tips[k]
			}
			if stacked {
				x += w
				end = x
			} else {
				b.Y = y + float64(k)*(barH+2)
				end = math.Max(end, labelW+w)
			}
			row.Bars = append(row.Bars, b)
		}
		row.ValueX, row.ValueY = end+6, y+perRow/2+4
		c.Rows = append(c.Rows, row)
		y += perRow + rowGap
	}
	return c
}
