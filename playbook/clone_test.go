package playbook

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pushback-coach/pushback"
)

// jsonClone is what clone replaced: a round trip through JSON.
func jsonClone(t *testing.T, pb *pushback.Playbook) *pushback.Playbook {
	t.Helper()
	b, err := json.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	var c pushback.Playbook
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

// clone gives what a JSON round trip gives, on the default playbook, on
// every playbook of the labelled calls and the examples, and on one with
// every field set and lists both empty and nil; and the copy shares nothing
// with the original.
func TestCloneIsADeepCopyLikeJSON(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	pbs := []*pushback.Playbook{def}
	files, _ := filepath.Glob("../testdata/calls/*.playbook.yaml")
	more, _ := filepath.Glob("../examples/*.playbook.yaml")
	if len(files) < 100 {
		t.Fatalf("found %d playbooks to clone", len(files))
	}
	// Every seventh of the labelled calls' playbooks: they differ in kind
	// little, and reading them all takes seconds.
	var some []string
	for i := 0; i < len(files); i += 7 {
		some = append(some, files[i])
	}
	for _, f := range append(some, more...) {
		pb, err := Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		pbs = append(pbs, pb)
	}
	odd := &pushback.Playbook{
		Name: "odd", Aliases: []string{}, Reps: []string{"Dana"}, Competitors: nil,
		Facts:     []pushback.Fact{{ID: "a", About: []string{}, Misconceptions: []string{"x y"}, Topics: []pushback.Topic{}}},
		Cues:      map[string][]string{"empty": {}, "nil": nil, "one": {"a"}},
		Topics:    map[pushback.Topic][]string{},
		Scripts:   pushback.Scripts{Warnings: []string{}, Share: map[pushback.Category][]string{"incorrect_fact": {}}},
		Scenarios: []pushback.Scenario{{ID: "s", Topics: []pushback.Topic{"price"}}, {ID: "t", Topics: []pushback.Topic{}}},
	}
	pbs = append(pbs, odd, &pushback.Playbook{})
	for _, pb := range pbs {
		got, want := clone(pb), jsonClone(t, pb)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: clone differs from the JSON round trip", pb.Name)
		}
	}
	// Nothing shared: changing the copy leaves the original as it was.
	c := clone(odd)
	c.Reps[0] = "changed"
	c.Facts[0].Misconceptions[0] = "changed"
	c.Cues["one"][0] = "changed"
	c.Scenarios[0].Topics[0] = "changed"
	if odd.Reps[0] != "Dana" || odd.Facts[0].Misconceptions[0] != "x y" || odd.Cues["one"][0] != "a" || odd.Scenarios[0].Topics[0] != "price" {
		t.Fatal("the clone shares memory with the original")
	}
	d := clone(def)
	d.Facts[0].About = append(d.Facts[0].About[:0], "changed")
	if reflect.DeepEqual(d.Facts[0].About, def.Facts[0].About) {
		t.Fatal("the clone of the default playbook shares its facts")
	}
}

func BenchmarkClone(b *testing.B) {
	def, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		clone(def)
	}
}
