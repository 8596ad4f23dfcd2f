// Package models embeds the trained models shipped in the binary. They are
// written by cmd/pushback-train (see the README: "Training the models") from
// data in this repository, in the binary form of model.Linear (a JSON header
// with the model's name, classes and meta, which records its data and
// licences, then the weights); MANIFEST.json lists them with their meta.
package models

import (
	"embed"
	"fmt"
	"sync"

	"github.com/pushback-coach/pushback/model"
)

//go:embed *.pbm
var files embed.FS

var (
	mu    sync.Mutex
	cache = map[string]*model.Linear{}
)

// Load returns the embedded model with the given name ("moment", ...).
// Models are read once and shared: callers must not modify them.
func Load(name string) (*model.Linear, error) {
	mu.Lock()
	defer mu.Unlock()
	if m, ok := cache[name]; ok {
		return m, nil
	}
	data, err := files.ReadFile(name + ".pbm")
	if err != nil {
		return nil, fmt.Errorf("no embedded model %q", name)
	}
	var m model.Linear
	if err := m.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("embedded model %s: %w", name, err)
	}
	cache[name] = &m
	return &m, nil
}
