// Command pushback-train trains the models Pushback embeds, from the data in
// this repository, deterministically, and reports cross-validated figures.
//
//	go run ./cmd/pushback-train            # train all, write models/*.json
//	go run ./cmd/pushback-train -only moment -cv 5 -dry
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

type options struct {
	data   string
	out    string
	folds  int
	only   string
	dry    bool
	quiet  bool
	errors string
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "testdata", "the repository's data directory")
	flag.StringVar(&o.out, "out", "models", "where to write the models")
	flag.IntVar(&o.folds, "cv", 5, "cross-validation folds (by call)")
	flag.StringVar(&o.only, "only", "", "train only these models (comma-separated: moment, response, tone)")
	flag.BoolVar(&o.dry, "dry", false, "cross-validate and report, but write nothing")
	flag.BoolVar(&o.quiet, "q", false, "print only the summary figures")
	flag.StringVar(&o.errors, "errors", "", "write the cross-validation disagreements to this file")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "pushback-train:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	want := func(name string) bool {
		if o.only == "" {
			return true
		}
		for _, x := range strings.Split(o.only, ",") {
			if strings.TrimSpace(x) == name {
				return true
			}
		}
		return false
	}
	cases, err := loadCases(filepath.Join(o.data, "calls"))
	if err != nil {
		return err
	}
	if want("moment") {
		if err := trainMoment(o, cases); err != nil {
			return err
		}
	}
	if want("response") {
		if err := trainResponse(o, cases); err != nil {
			return err
		}
	}
	if want("tone") {
		if err := trainTone(o, cases); err != nil {
			return err
		}
	}
	return nil
}
