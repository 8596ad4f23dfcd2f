package tone

import (
	"testing"

	"github.com/pushback-coach/pushback/cues"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/model"
	"github.com/pushback-coach/pushback/playbook"
)

func featurizer(t *testing.T) *Featurizer {
	t.Helper()
	pb, err := playbook.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := cues.Compile(pb)
	if err != nil {
		t.Fatal(err)
	}
	return NewFeaturizer(set, true)
}

func has(fs []model.Feature, id uint32) (float32, bool) {
	for _, f := range fs {
		if f.ID == id {
			return f.Value, true
		}
	}
	return 0, false
}

func TestValence(t *testing.T) {
	f := featurizer(t)
	if _, ok := has(f.Features("That was a terrible, awful idea."), vCompNeg2); !ok {
		t.Error("strongly negative text has no strongly negative compound")
	}
	if _, ok := has(f.Features("Thanks so much, this is great."), vCompPos2); !ok {
		t.Error("strongly positive text has no strongly positive compound")
	}
	// Negation flips: "not bad" is not negative.
	if _, ok := has(f.Features("Honestly it is not bad at all."), vCompNeg2); ok {
		t.Error("'not bad' read as strongly negative")
	}
	if _, ok := has(f.Features("You are an idiot."), vInsultYou); !ok {
		t.Error("insult aimed at 'you' not found")
	}
	if _, ok := has(f.Features("The idiot light on the dashboard came on."), vInsultYou); ok {
		t.Error("insult not aimed at anyone counted as aimed at you")
	}
}

func TestMatchValenceLongestFirst(t *testing.T) {
	toks := lang.Tokens("it is kind of slow")
	e, n := matchValence(toks, 2)
	if e == nil || n != 2 || e.kind != "dampener" {
		t.Fatalf("kind of = %+v %d, want the dampener phrase", e, n)
	}
}

func TestHasAndWithoutIntensity(t *testing.T) {
	f := featurizer(t)
	fs := f.Features("That's just not true!! You're WRONG.")
	if !f.Has(cues.PutDowns) {
		t.Error("put-down not found")
	}
	n := len(fs)
	kept := WithoutIntensity(append([]model.Feature(nil), fs...))
	if len(kept) >= n {
		t.Error("no intensity feature removed from an exclamation-heavy text")
	}
	for _, k := range kept {
		if intensity[k.ID] {
			t.Fatal("an intensity feature survived")
		}
	}
}

func BenchmarkFeatures(b *testing.B) {
	pb, err := playbook.Default()
	if err != nil {
		b.Fatal(err)
	}
	set, err := cues.Compile(pb)
	if err != nil {
		b.Fatal(err)
	}
	f := NewFeaturizer(set, true)
	text := "I hear you, and I see it a little differently. Would you be open to me sharing why? " +
		"Our SLA is 99.9% uptime, and honestly the numbers from last QUARTER were really good, not terrible!"
	b.ReportAllocs()
	for b.Loop() {
		f.Features(text)
	}
}

// FeaturesHashed, given the tokens' hashes, computes what Features does.
func TestFeaturesHashed(t *testing.T) {
	f, g := featurizer(t), featurizer(t)
	for _, text := range []string{"", "ok", "That's just not true!! You're WRONG.", "I hear you, and I see it a little differently. Would you be open to me sharing why?"} {
		want := append([]model.Feature(nil), f.Features(text)...)
		var tz lang.Tokenizer
		toks, spans := tz.AppendTokenSpans(nil, []lang.Span{}, text)
		var sc cues.Scanner
		hits := g.Set().Scan(&sc, toks, nil)
		var hs []uint32
		for _, w := range toks {
			hs = append(hs, model.WordHash(w))
		}
		got := g.FeaturesHashed(text, toks, hs, spans, hits)
		if len(got) != len(want) {
			t.Fatalf("%q: %d features, want %d", text, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: feature %d = %v, want %v", text, i, got[i], want[i])
			}
		}
	}
}
