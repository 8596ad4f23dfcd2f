// Package eval scores analyses against labelled calls: moment precision,
// recall and F1 (a predicted moment matches a gold one when it is in the turn
// that holds the gold quote and its quote overlaps it), category accuracy
// over matched moments, and response accuracy per attribute.
package eval

import (
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/labels"
)

// Counts are the tallies behind the figures; they add up across files.
type Counts struct {
	Gold, Predicted, Matched int
	CategoryRight            int
	Attr                     map[string]*Tally // response attribute -> tally over matched moments
	ByCategory               map[pushback.Category]*PRF
}

// Tally counts right answers.
type Tally struct {
	Right, Total int
	TP, FP, FN   int // for the attribute's true class
}

// PRF are moment counts for one gold category (recall) and predicted
// category (precision).
type PRF struct {
	Gold, Predicted, Matched int // Matched: gold moments of the category found
	PredMatched              int // predicted moments of the category that matched a gold one
}

// Result is the score of one file or of all.
type Result struct {
	File             string                        `json:"file,omitempty"`
	Gold             int                           `json:"gold"`
	Predicted        int                           `json:"predicted"`
	Matched          int                           `json:"matched"`
	Precision        float64                       `json:"precision"`
	Recall           float64                       `json:"recall"`
	F1               float64                       `json:"f1"`
	CategoryAccuracy *float64                      `json:"category_accuracy"`
	Response         map[string]float64            `json:"response_accuracy,omitempty"`
	ResponseMean     *float64                      `json:"response_accuracy_mean,omitempty"`
	ByCategory       map[pushback.Category]Figures `json:"by_category,omitempty"`
	Errors           []Miss                        `json:"errors,omitempty"`
}

// Figures are precision, recall and F1 for one category.
type Figures struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Miss is a disagreement with the gold labels, for people tuning playbooks.
type Miss struct {
	Kind  string `json:"kind"` // "missed", "false_alarm", "category", "response"
	Turn  int    `json:"turn"`
	Quote string `json:"quote"`
	Gold  string `json:"gold,omitempty"`
	Got   string `json:"got,omitempty"`
}

// Attributes are the response attributes scored.
var Attributes = []string{"pushed_back", "warning", "permission", "respectful", "calm"}

// Compare scores one case's predicted moments against its gold.
func Compare(c *labels.Case, moments []pushback.Moment) (Counts, []Miss) {
	k := Counts{Gold: len(c.Gold), Predicted: len(moments), Attr: map[string]*Tally{}, ByCategory: map[pushback.Category]*PRF{}}
	for _, a := range Attributes {
		k.Attr[a] = &Tally{}
	}
	for _, cat := range pushback.Categories {
		k.ByCategory[cat] = &PRF{}
	}
	var misses []Miss
	used := make([]bool, len(moments))
	for _, g := range c.Gold {
		k.ByCategory[g.Category].Gold++
		turnText := c.Call.Turns[g.Turn].Text
		match := -1
		best := 0
		for i, m := range moments {
			if used[i] || m.Turn != g.Turn {
				continue
			}
			if ov := overlap(turnText, m.Quote, g.Span); ov > best {
				best, match = ov, i
			}
		}
		if match < 0 {
			misses = append(misses, Miss{Kind: "missed", Turn: g.Turn, Quote: g.Quote, Gold: string(g.Category)})
			continue
		}
		used[match] = true
		m := moments[match]
		k.Matched++
		k.ByCategory[g.Category].Matched++
		if m.Category.Valid() {
			k.ByCategory[m.Category].PredMatched++
		}
		if m.Category == g.Category {
			k.CategoryRight++
		} else {
			misses = append(misses, Miss{Kind: "category", Turn: g.Turn, Quote: g.Quote, Gold: string(g.Category), Got: string(m.Category)})
		}
		if g.Response != nil {
			for _, a := range Attributes {
				gold, okG := goldAttr(g.Response, a)
				got, okP := predAttr(m.Response, a)
				if !okG {
					continue
				}
				t := k.Attr[a]
				t.Total++
				if okP && got == gold {
					t.Right++
				} else {
					misses = append(misses, Miss{Kind: "response", Turn: g.Turn, Quote: g.Quote, Gold: a + "=" + yes(gold), Got: a + "=" + yesOk(got, okP)})
				}
				switch {
				case gold && okP && got:
					t.TP++
				case !gold && okP && got:
					t.FP++
				case gold:
					t.FN++
				}
			}
		}
	}
	for i, m := range moments {
		if m.Category.Valid() {
			k.ByCategory[m.Category].Predicted++
		}
		if !used[i] {
			misses = append(misses, Miss{Kind: "false_alarm", Turn: m.Turn, Quote: m.Quote, Got: string(m.Category)})
		}
	}
	return k, misses
}

func yes(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func yesOk(b, ok bool) string {
	if !ok {
		return "none"
	}
	return yes(b)
}

func goldAttr(r *labels.Response, a string) (bool, bool) {
	switch a {
	case "pushed_back":
		return r.PushedBack, true
	case "warning":
		return r.Warning, true
	case "permission":
		return r.Permission, true
	case "respectful":
		if r.Respectful == nil || !r.PushedBack {
			return false, false
		}
		return *r.Respectful, true
	case "calm":
		if r.Calm == nil || !r.PushedBack {
			return false, false
		}
		return *r.Calm, true
	}
	return false, false
}

func predAttr(r *pushback.Response, a string) (bool, bool) {
	if r == nil {
		// No rep turn: nothing was pushed back, warned or asked.
		switch a {
		case "pushed_back", "warning", "permission":
			return false, true
		}
		return false, false
	}
	switch a {
	case "pushed_back":
		return r.PushedBack, true
	case "warning":
		return r.Warning, true
	case "permission":
		return r.Permission, true
	case "respectful":
		if r.Respectful == nil {
			return false, false
		}
		return *r.Respectful, true
	case "calm":
		if r.Calm == nil {
			return false, false
		}
		return *r.Calm, true
	}
	return false, false
}

// overlap returns how many bytes of the gold span the predicted quote covers
// in the turn's text (0 when they do not overlap).
func overlap(turnText, quote string, gold [2]int) int {
	best := 0
	for from := 0; from <= len(turnText); {
		i := strings.Index(turnText[from:], quote)
		if i < 0 || quote == "" {
			break
		}
		s, e := from+i, from+i+len(quote)
		if ov := min(e, gold[1]) - max(s, gold[0]); ov > best {
			best = ov
		}
		from = s + 1
	}
	return best
}

// Add accumulates b into a.
func (a *Counts) Add(b Counts) {
	a.Gold += b.Gold
	a.Predicted += b.Predicted
	a.Matched += b.Matched
	a.CategoryRight += b.CategoryRight
	if a.Attr == nil {
		a.Attr = map[string]*Tally{}
	}
	for k, t := range b.Attr {
		if a.Attr[k] == nil {
			a.Attr[k] = &Tally{}
		}
		x := a.Attr[k]
		x.Right += t.Right
		x.Total += t.Total
		x.TP += t.TP
		x.FP += t.FP
		x.FN += t.FN
	}
	if a.ByCategory == nil {
		a.ByCategory = map[pushback.Category]*PRF{}
	}
	for k, p := range b.ByCategory {
		if a.ByCategory[k] == nil {
			a.ByCategory[k] = &PRF{}
		}
		a.ByCategory[k].Gold += p.Gold
		a.ByCategory[k].Predicted += p.Predicted
		a.ByCategory[k].Matched += p.Matched
		a.ByCategory[k].PredMatched += p.PredMatched
	}
}

// Result turns counts into figures.
func (a Counts) Result(file string) Result {
	r := Result{File: file, Gold: a.Gold, Predicted: a.Predicted, Matched: a.Matched}
	r.Precision, r.Recall, r.F1 = prf(a.Matched, a.Predicted, a.Gold)
	if a.Matched > 0 {
		ca := round4(float64(a.CategoryRight) / float64(a.Matched))
		r.CategoryAccuracy = &ca
	}
	sum, n := 0.0, 0
	for _, name := range Attributes {
		t := a.Attr[name]
		if t == nil || t.Total == 0 {
			continue
		}
		if r.Response == nil {
			r.Response = map[string]float64{}
		}
		acc := round4(float64(t.Right) / float64(t.Total))
		r.Response[name] = acc
		sum += acc
		n++
	}
	if n > 0 {
		m := round4(sum / float64(n))
		r.ResponseMean = &m
	}
	if len(a.ByCategory) > 0 {
		r.ByCategory = map[pushback.Category]Figures{}
		for k, p := range a.ByCategory {
			// Recall: its gold moments found (whatever category was
			// predicted); precision: its predicted moments that matched.
			var f Figures
			f.Precision, _, _ = prf(p.PredMatched, p.Predicted, p.Gold)
			_, f.Recall, _ = prf(p.Matched, p.Predicted, p.Gold)
			if f.Precision+f.Recall > 0 {
				f.F1 = round4(2 * f.Precision * f.Recall / (f.Precision + f.Recall))
			}
			r.ByCategory[k] = f
		}
	}
	return r
}

func prf(matched, predicted, gold int) (p, r, f float64) {
	if predicted > 0 {
		p = float64(matched) / float64(predicted)
	} else if gold == 0 {
		p = 1
	}
	if gold > 0 {
		r = float64(matched) / float64(gold)
	} else if predicted == 0 {
		r = 1
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return round4(p), round4(r), round4(f)
}

func round4(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }
