// Package models embeds the trained models shipped in the binary. They are
// written by cmd/pushback-train (see the README: "Training the models") from
// data in this repository; each file's meta records its data and licences.
package models

import (
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/pushback-coach/pushback/model"
)

//go:embed *.json
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
	data, err := files.ReadFile(name + ".json")
	if err != nil {
		return nil, fmt.Errorf("no embedded model %q", name)
	}
	var m model.Linear
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("embedded model %s: %w", name, err)
	}
	cache[name] = &m
	return &m, nil
}
