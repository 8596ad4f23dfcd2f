// Command pushback-train trains the models Pushback embeds, from the data in
// this repository, deterministically, and reports cross-validated figures.
//
//	go run ./cmd/pushback-train            # cross-validate, then train all and write models/*.json
//	go run ./cmd/pushback-train -dry       # cross-validate only
//	go run ./cmd/pushback-train -cv 0      # train only
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/eval"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/models"
)

type options struct {
	data      string
	out       string
	folds     int
	dry       bool
	quiet     bool
	errors    string
	toneExp   bool
	momentExp bool
	holdout   string
	exclude   string
	loso      string
	toneTr    string
	unpunct   bool
	sweep     bool
	roles     bool
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "testdata", "the repository's data directory")
	flag.StringVar(&o.out, "out", "models", "where to write the models")
	flag.IntVar(&o.folds, "cv", 5, "cross-validation folds (by call)")
	flag.BoolVar(&o.dry, "dry", false, "cross-validate and report, but write nothing")
	flag.BoolVar(&o.quiet, "q", false, "print only the summary figures")
	flag.StringVar(&o.errors, "errors", "", "write the cross-validation disagreements to this file")
	flag.BoolVar(&o.toneExp, "tone-experiments", false, "compare ways of training the tone models on our own data, and stop")
	flag.StringVar(&o.holdout, "holdout", "", "train without the labelled calls of this set (its letters, e.g. k) or whose names start with this prefix (e.g. k0), score them, and stop")
	flag.StringVar(&o.exclude, "exclude", "", "leave out the labelled calls of these comma-separated sets or name prefixes (as -holdout)")
	flag.StringVar(&o.loso, "loso", "", "leave one set out: for each comma-separated set (as -holdout), train on the other calls and score that set; then the pooled figures")
	flag.StringVar(&o.toneTr, "tone-transfer", "", "score the tone models on this tone bank, trained without it and then register by register, and stop")
	flag.BoolVar(&o.sweep, "sweep", false, "with -loso: also score each held-out set at fixed moment thresholds, and print pooled and per-writer F1 for each")
	flag.BoolVar(&o.unpunct, "unpunctuated", false, "score the held-out calls (-dry, -holdout, -loso) as a speech-to-text service without punctuation writes them: lower case, no punctuation")
	flag.BoolVar(&o.momentExp, "moment-experiments", false, "compare ways of training the moment model, leaving groups of writers out, and stop")
	flag.BoolVar(&o.roles, "roles", false, "measure the role guess leaving each writer's set out, and stop")
	flag.Parse()
	scoreUnpunctuated = o.unpunct
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "pushback-train:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.errors != "" {
		f, err := os.Create(o.errors)
		if err != nil {
			return err
		}
		defer f.Close()
		errLog = f
	}
	c, err := loadCorpus(o)
	if err != nil {
		return err
	}
	if o.roles {
		rolesReport(c.cases)
		return nil
	}
	if o.toneTr != "" {
		return toneTransfer(c, o.toneTr)
	}
	if o.toneExp {
		return toneExperiments(o, c)
	}
	if o.momentExp {
		// The shipped settings, and word features at two other weights;
		// each also read through the call's own threshold.
		momentExperiments(c, 8, []momentVariant{
			{"shipped", momentOptions, 1},
			{"words x0.66", momentOptions, 0.66},
			{"words x1.5", momentOptions, 1.5},
		})
		return nil
	}
	if o.loso != "" {
		if o.sweep {
			sweep = &thresholdSweep{chosen: map[string]float64{}, counts: map[float64]map[string]eval.Counts{}}
			defer sweep.print(os.Stdout)
		}
		var pooled eval.Counts
		for _, p := range strings.Split(o.loso, ",") {
			counts := c.holdOut(p, max(o.folds, 2))
			pooled.Add(counts)
			fmt.Printf("held out the calls %s* (trained on the rest):\n", p)
			printResult(counts.Result(""))
		}
		fmt.Println("pooled over the held-out sets:")
		printResult(pooled.Result(""))
		return nil
	}
	if o.holdout != "" {
		r := c.holdOut(o.holdout, max(o.folds, 2)).Result("")
		fmt.Printf("held out the calls %s* (trained on the rest):\n", o.holdout)
		printResult(r)
		return nil
	}
	if o.folds > 1 {
		total, _ := c.crossValidate(o.folds)
		fmt.Printf("%d-fold cross-validation by call, the whole pipeline as pushback eval runs it (every model trained without the held-out calls):\n", o.folds)
		printResult(total.Result(""))
		c.baselines()
	}
	if o.dry {
		return nil
	}
	fmt.Print("cross-validated moment F1 by threshold, for the shipped model:")
	thresholdCurve = os.Stdout
	ms := c.train(nil, max(o.folds, 5))
	thresholdCurve = nil
	manifest := map[string]model.Meta{}
	written := map[string][]byte{}
	for name, m := range map[string]*model.Linear{
		"moment": ms.Moment, "response-pushed_back": ms.PushedBack, "response-warning": ms.Warning,
		"response-permission": ms.Permission, "response-gave_reason": ms.GaveReason, "response-letgo": ms.LetGo,
		"tone-respectful": ms.Respectful, "tone-calm": ms.Calm, "roles": trainRoles(roleSpeakers(c.cases)),
	} {
		b, err := writeModel(filepath.Join(o.out, name+".pbm"), m)
		if err != nil {
			return err
		}
		manifest[name] = m.Meta
		written[name] = b
	}
	// The day the models were first trained, then their fingerprint: models
	// retrained to the same bytes keep their VERSION, so training stays
	// reproducible to the byte.
	fp := models.Fingerprint(written)
	vpath := filepath.Join(o.out, "VERSION")
	if old, err := os.ReadFile(vpath); err != nil || !strings.HasSuffix(strings.TrimSpace(string(old)), "."+fp) {
		version := time.Now().UTC().Format("2006-01-02") + "." + fp + "\n"
		if err := os.WriteFile(vpath, []byte(version), 0o644); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(manifest, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.out, "MANIFEST.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote the models to %s (moment threshold %.3f)\n", o.out, ms.Moment.Meta.Thresholds["moment"])
	return nil
}

func printResult(r eval.Result) {
	fmt.Printf("  moments: precision %.3f recall %.3f F1 %.3f (%d gold, %d found, %d matched)\n", r.Precision, r.Recall, r.F1, r.Gold, r.Predicted, r.Matched)
	fmt.Printf("  category accuracy %s\n", fmtPtr(r.CategoryAccuracy))
	for _, cat := range []string{"incorrect_fact", "unfounded_conclusion", "forward_looking"} {
		f := r.ByCategory[pushbackCategory(cat)]
		fmt.Printf("    %-22s P %.3f R %.3f F1 %.3f\n", cat, f.Precision, f.Recall, f.F1)
	}
	fmt.Printf("  response accuracy over matched moments:")
	for _, a := range eval.Attributes {
		if v, ok := r.Response[a]; ok {
			fmt.Printf(" %s %.3f", a, v)
		}
	}
	fmt.Printf(" (mean %s)\n", fmtPtr(r.ResponseMean))
}

// errLog, when set, receives the disagreements of the cross-validation.
var errLog *os.File

func pushbackCategory(s string) pushback.Category { return pushback.Category(s) }
