package detect_test

import (
	"testing"

	"github.com/pushback-coach/pushback/detect"
	"github.com/pushback-coach/pushback/models"
	"github.com/pushback-coach/pushback/playbook"
)

func newDetector(tb testing.TB) *detect.Detector {
	tb.Helper()
	pb, err := playbook.Default()
	if err != nil {
		tb.Fatal(err)
	}
	m, err := models.Load("moment")
	if err != nil {
		tb.Fatal(err)
	}
	d, err := detect.New(pb, m)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestClassify(t *testing.T) {
	d := newDetector(t)
	tests := []struct {
		text   string
		moment bool
	}{
		{"You guys will probably jack up the price after the first year.", true},
		{"All these platforms are the same anyway.", true},
		{"Do you integrate with Salesforce?", false},
		{"Our budget is approved in March.", false},
		{"Thanks, that makes sense.", false},
		// A prediction about the seller holds whatever the incidental
		// words: months and figures are common in small talk too.
		{"you're not gonna sell a convertible in november", true},
		{"You know, you're not gonna sell a three year old laptop for six fifty.", true},
		{"We close the books in November, so the decision comes after that.", false},
		{"Let's pick this up on Tuesday with fifty seats in the pilot.", false},
	}
	for _, tt := range tests {
		v, _ := d.Classify(tt.text)
		if v.Moment != tt.moment {
			t.Errorf("Classify(%q).Moment = %v (%.2f), want %v", tt.text, v.Moment, v.Confidence, tt.moment)
		}
	}
}

func BenchmarkJudge(b *testing.B) {
	d := newDetector(b)
	text := "Honestly, I looked at this last year and I'm pretty sure your platform doesn't integrate with Salesforce, so it was a non-starter for us."
	cands := detect.TextCandidates(nil, 0, text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for i := range cands {
			d.Judge(&cands[i])
		}
	}
}
