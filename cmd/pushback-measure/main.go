// Command pushback-measure reports Pushback's figures on the public data
// sets reserved for measurement (see ../shared/data/README.md): it runs the
// shipped engine over them, as a test set is run, and prints the figures.
// Nothing here feeds training; never tune on what it prints.
//
//	go run ./cmd/pushback-measure -shared ../shared/data
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pushback-coach/pushback/engine"
	"github.com/pushback-coach/pushback/playbook"
)

func main() {
	shared := flag.String("shared", "../shared/data", "the shared data directory")
	only := flag.String("only", "", "measure only these sets (comma-separated: resper-cb, politeness-se, wikitactics, iac)")
	flag.Parse()
	pb, err := playbook.Default()
	if err != nil {
		fail(err)
	}
	eng, err := engine.New(pb)
	if err != nil {
		fail(err)
	}
	want := func(n string) bool { return *only == "" || strings.Contains(","+*only+",", ","+n+",") }
	if want("resper-cb") {
		must(resperCB(eng, filepath.Join(*shared, "resper", "cb_resper_annotations.csv")))
	}
	if want("politeness-se") {
		must(politenessSE(eng, filepath.Join(*shared, "stanford_politeness", "stack-exchange.annotated.csv")))
	}
	if want("wikitactics") {
		must(wikiTactics(eng, filepath.Join(*shared, "wikitactics", "wikitactics.json")))
	}
	if want("iac") {
		must(iac(eng, filepath.Join(*shared, "iac_fact_feeling", "debateeffects_fact_feeling.csv")))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pushback-measure:", err)
	os.Exit(1)
}

func must(err error) {
	if err != nil {
		fail(err)
	}
}

func readCSV(path string) ([]string, [][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, rec)
	}
	return head, rows, nil
}

// resperCB: buyer (User 0) utterances of CraigslistBargain with ResPer
// labels; Source Derogation or Counter Argumentation = a moment.
func resperCB(eng *engine.Engine, path string) error {
	_, rows, err := readCSV(path)
	if err != nil {
		return err
	}
	var gold, pred []bool
	for _, r := range rows {
		if len(r) < 4 || r[1] != "0" {
			continue
		}
		lab := r[3]
		g := strings.HasPrefix(lab, "Source Derogation") || strings.HasPrefix(lab, "Counter Argumentation")
		gold = append(gold, g)
		pred = append(pred, eng.CheckProspect(r[2]).Moment)
	}
	p, rc, f := prf(gold, pred)
	all := make([]bool, len(gold))
	for i := range all {
		all[i] = true
	}
	ap, ar, af := prf(gold, all)
	prior := float64(count(gold)) / float64(len(gold))
	// Random at the prior: expected precision = prior, recall = prior.
	rng := rand.New(rand.NewPCG(1, 2))
	rnd := make([]bool, len(gold))
	for i := range rnd {
		rnd[i] = rng.Float64() < prior
	}
	rp, rr, rf := prf(gold, rnd)
	fmt.Printf("ResPer CraigslistBargain, buyer utterances (%d, %d moments = Source Derogation or Counter Argumentation)\n", len(gold), count(gold))
	fmt.Printf("  pushback          precision %.3f recall %.3f F1 %.3f\n", p, rc, f)
	fmt.Printf("  all moments       precision %.3f recall %.3f F1 %.3f\n", ap, ar, af)
	fmt.Printf("  random at prior   precision %.3f recall %.3f F1 %.3f\n", rp, rr, rf)
	return nil
}

// politenessSE: Stack Exchange requests; top quartile polite (respectful),
// bottom quartile impolite, as in Danescu-Niculescu-Mizil et al. (2013).
func politenessSE(eng *engine.Engine, path string) error {
	head, rows, err := readCSV(path)
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	type item struct {
		text  string
		score float64
	}
	var items []item
	for _, r := range rows {
		s, err := strconv.ParseFloat(r[col["Normalized Score"]], 64)
		if err != nil {
			continue
		}
		items = append(items, item{r[col["Request"]], s})
	}
	scores := make([]float64, len(items))
	for i, x := range items {
		scores[i] = x.score
	}
	sort.Float64s(scores)
	q25, q75 := scores[len(scores)/4], scores[len(scores)*3/4]
	var gold, pred []bool
	for _, x := range items {
		if x.score > q25 && x.score < q75 {
			continue
		}
		gold = append(gold, x.score >= q75)
		pred = append(pred, eng.Tone(x.text).Respectful)
	}
	printBalanced("Stanford Politeness, Stack Exchange (top vs bottom quartile): respectful", gold, pred)
	return nil
}

// wikiTactics: rebuttals; civil = DH4-DH7 with no DH0-DH3 label, uncivil =
// any DH0-DH2 label.
func wikiTactics(eng *engine.Engine, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var convs []struct {
		Utterances []struct {
			Text           string   `json:"text"`
			RebuttalLabels []string `json:"rebuttal_labels"`
		} `json:"utterances"`
	}
	if err := json.Unmarshal(data, &convs); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var gold, pred []bool
	for _, c := range convs {
		for _, u := range c.Utterances {
			civil, uncivil, policing := false, false, false
			for _, l := range u.RebuttalLabels {
				switch {
				case strings.HasPrefix(l, "DH0"), strings.HasPrefix(l, "DH1"), strings.HasPrefix(l, "DH2"):
					uncivil = true
				case strings.HasPrefix(l, "DH3"):
					policing = true
				case strings.HasPrefix(l, "DH4"), strings.HasPrefix(l, "DH5"), strings.HasPrefix(l, "DH6"), strings.HasPrefix(l, "DH7"):
					civil = true
				}
			}
			switch {
			case uncivil:
				gold = append(gold, false)
			case civil && !policing:
				gold = append(gold, true)
			default:
				continue
			}
			pred = append(pred, eng.Tone(u.Text).Respectful)
		}
	}
	printBalanced("WikiTactics rebuttals (civil DH4-DH7 vs uncivil DH0-DH2): respectful", gold, pred)
	return nil
}

// iac: debate-forum replies; mean fact-feeling score >= 1.5 calm (factual),
// <= -1.5 not calm (emotional).
func iac(eng *engine.Engine, path string) error {
	head, rows, err := readCSV(path)
	if err != nil {
		return err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var gold, pred []bool
	for _, r := range rows {
		s, err := strconv.ParseFloat(r[col["label"]], 64)
		if err != nil {
			continue
		}
		switch {
		case s >= 1.5:
			gold = append(gold, true)
		case s <= -1.5:
			gold = append(gold, false)
		default:
			continue
		}
		pred = append(pred, eng.Tone(r[col["text"]]).Calm)
	}
	printBalanced("IAC fact vs feeling (score >= 1.5 vs <= -1.5): calm", gold, pred)
	return nil
}

func printBalanced(name string, gold, pred []bool) {
	var tp, tn, pos, neg float64
	for i := range gold {
		if gold[i] {
			pos++
			if pred[i] {
				tp++
			}
		} else {
			neg++
			if !pred[i] {
				tn++
			}
		}
	}
	fmt.Printf("%s\n  %d items (%d yes, %d no): balanced accuracy %.3f (yes recall %.3f, no recall %.3f); trivial baselines 0.500\n",
		name, len(gold), int(pos), int(neg), (tp/pos+tn/neg)/2, tp/pos, tn/neg)
}

func prf(gold, pred []bool) (p, r, f float64) {
	var tp, fp, fn float64
	for i := range gold {
		switch {
		case gold[i] && pred[i]:
			tp++
		case !gold[i] && pred[i]:
			fp++
		case gold[i]:
			fn++
		}
	}
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return
}

func count(xs []bool) int {
	n := 0
	for _, x := range xs {
		if x {
			n++
		}
	}
	return n
}
