package models

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/pushback-coach/pushback/model"
)

// Every model file in the directory is embedded under its name, byte for
// byte, loads, and is listed in MANIFEST.json: a model the trainer adds
// cannot be left out of the binary.
func TestEveryModelFileIsEmbedded(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile("MANIFEST.json")
	if err != nil {
		t.Fatal(err)
	}
	var listed map[string]json.RawMessage
	if err := json.Unmarshal(manifest, &listed); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".pbm")
		if !ok {
			continue
		}
		n++
		disk, err := os.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(files[name], disk) {
			t.Errorf("%s: not embedded, or not as on disk", e.Name())
			continue
		}
		// Load reads the embedded models without checking their rows
		// (model.Linear.UnmarshalEmbedded): check them all here.
		var full model.Linear
		if err := full.UnmarshalBinary(disk); err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		m, err := Load(name)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if !strings.HasSuffix(name, m.Name) {
			t.Errorf("%s: model calls itself %q", e.Name(), m.Name)
		}
		if _, ok := listed[name]; !ok {
			t.Errorf("%s: not in MANIFEST.json", e.Name())
		}
	}
	if n != len(files) {
		t.Errorf("%d model files on disk, %d embedded", n, len(files))
	}
	if _, err := Load("no-such-model"); err == nil {
		t.Error("loaded a model that does not exist")
	}
}

// VERSION is the fingerprint of the model files embedded beside it: models
// retrained without it rewritten would leave stored analyses claiming the
// old models judged them.
func TestVersionMatchesTheModels(t *testing.T) {
	v := Version()
	day, fp, ok := strings.Cut(v, ".")
	if !ok || len(day) != len("2006-01-02") || fp != Fingerprint(files) {
		t.Fatalf("models/VERSION is %q, want DAY.%s (run go run ./cmd/pushback-train, which writes it)", v, Fingerprint(files))
	}
	changed := map[string][]byte{}
	for n, b := range files {
		changed[n] = b
	}
	changed["moment"] = append([]byte(nil), files["moment"][:len(files["moment"])-1]...)
	if Fingerprint(changed) == fp {
		t.Fatal("the fingerprint does not change with the models' bytes")
	}
}

// BenchmarkStartUp reads every embedded model and lays out the tables a run
// of the command line does: the judge's and tone's bundles, and the tables
// of the moment and roles models.
func BenchmarkStartUp(b *testing.B) {
	for b.Loop() {
		ms := map[string]*model.Linear{}
		for name, data := range files {
			var m model.Linear
			if err := m.UnmarshalEmbedded(data); err != nil {
				b.Fatal(err)
			}
			ms[name] = &m
		}
		for _, group := range [][]string{
			{"response-pushed_back", "response-warning", "response-permission", "response-gave_reason"},
			{"tone-respectful", "tone-calm"},
		} {
			var bundled []*model.Linear
			for _, name := range group {
				bundled = append(bundled, ms[name])
			}
			if _, err := model.NewBundle(bundled...); err != nil {
				b.Fatal(err)
			}
		}
		ms["moment"].Probs(nil, nil)
		ms["roles"].Probs(nil, nil)
		ms["response-letgo"].Probs(nil, nil)
	}
}
