package playbook

import (
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite world.json from world.yaml and default_gen.go from the default playbook")

// world.yaml is where the facts about the world are written; the binary
// embeds world.json, which must say the same.
func TestWorldJSONIsWorldYAML(t *testing.T) {
	data, err := os.ReadFile("world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Facts []factFile `yaml:"facts"`
	}
	if errs := decode("world.yaml", data, &wf, nil); len(errs) > 0 {
		t.Fatal(errs)
	}
	if *update {
		out, err := json.MarshalIndent(wf.Facts, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("world.json", append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		worldJSON = append(out, '\n')
	}
	got, err := worldFacts()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, wf.Facts) {
		t.Fatalf("world.json (%d facts) is not world.yaml (%d facts): run go test ./playbook -run WorldJSON -update", len(got), len(wf.Facts))
	}
}
