// Package models embeds the trained models shipped in the binary. They are
// written by cmd/pushback-train (see the README: "Training the models") from
// data in this repository, in the binary form of model.Linear (a JSON header
// with the model's name, classes and meta, which records its data and
// licences, then the weights); MANIFEST.json lists them with their meta.
package models

import (
	"crypto/sha256"
	_ "embed" // the models' bytes
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/pushback-coach/pushback/model"
)

// Each model is embedded as a byte slice of its own rather than in an
// embed.FS: the bytes are then read where the binary maps them, with no copy
// at start-up.
var (
	//go:embed moment.pbm
	moment []byte
	//go:embed response-pushed_back.pbm
	pushedBack []byte
	//go:embed response-warning.pbm
	warning []byte
	//go:embed response-permission.pbm
	permission []byte
	//go:embed response-gave_reason.pbm
	gaveReason []byte
	//go:embed response-letgo.pbm
	letGo []byte
	//go:embed tone-respectful.pbm
	respectful []byte
	//go:embed tone-calm.pbm
	calm []byte
	//go:embed roles.pbm
	roles []byte
)

// version is models/VERSION: the fingerprint of the model files, written by
// the trainer with them (a test checks it still matches them).
//
//go:embed VERSION
var version string

// Version names the embedded models: "2026-11-26.<fingerprint>", the day they
// were trained and a hash of their bytes, so it changes whenever they do and
// stored analyses can say which models judged them.
func Version() string { return strings.TrimSpace(version) }

// Fingerprint is the first 12 hex digits of the SHA-256 of the models' names
// and bytes, in name order.
func Fingerprint(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

var files = map[string][]byte{
	"moment": moment, "response-pushed_back": pushedBack, "response-warning": warning,
	"response-permission": permission, "response-gave_reason": gaveReason, "response-letgo": letGo,
	"tone-respectful": respectful, "tone-calm": calm, "roles": roles,
}

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
	data, ok := files[name]
	if !ok {
		return nil, fmt.Errorf("no embedded model %q", name)
	}
	var m model.Linear
	if err := m.UnmarshalEmbedded(data); err != nil {
		return nil, fmt.Errorf("embedded model %s: %w", name, err)
	}
	cache[name] = &m
	return &m, nil
}
