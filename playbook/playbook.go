// Package playbook loads the YAML playbooks that tell Pushback about a sales
// team's company: facts prospects get wrong, the names they use for the
// seller, and the cue lexicons, coaching scripts and practice scenarios.
// Loading validates strictly: unknown keys and bad values are errors naming
// the file and line. The embedded default playbook works on its own; a team's
// playbook is merged over it.
package playbook

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
)

//go:embed default.yaml
var defaultYAML []byte

//go:embed scenarios.yaml
var scenariosYAML []byte

//go:embed starter.yaml
var starterYAML []byte

// worldJSON holds the built-in facts about the world that prospects commonly
// get wrong (ids "world-..."); they are part of the default playbook. They
// are written in world.yaml and kept as JSON too, which reads some twenty
// times faster: every run of the command line loads them. A test keeps the
// two the same (go test ./playbook -run WorldJSON -update rewrites the JSON).
//
//go:embed world.json
var worldJSON []byte

// Starter is the commented playbook `pushback playbook init` writes.
func Starter() []byte { return slices.Clone(starterYAML) }

// file is the YAML shape of a playbook.
type file struct {
	Name        string              `yaml:"name"`
	Company     string              `yaml:"company"`
	Product     string              `yaml:"product"`
	Aliases     []string            `yaml:"aliases"`
	Reps        []string            `yaml:"reps"`
	Competitors []string            `yaml:"competitors"`
	Facts       []factFile          `yaml:"facts"`
	Cues        map[string][]string `yaml:"cues"`
	Topics      map[string][]string `yaml:"topics"`
	Scripts     scriptsFile         `yaml:"scripts"`
	Scenarios   []scenarioFile      `yaml:"scenarios"`
	Sensitivity string              `yaml:"sensitivity"`
	Replace     []string            `yaml:"replace"`
}

type factFile struct {
	ID             string   `yaml:"id" json:"id"`
	Claim          string   `yaml:"claim" json:"claim"`
	About          []string `yaml:"about" json:"about"`
	Misconceptions []string `yaml:"misconceptions" json:"misconceptions"`
	Topics         []string `yaml:"topics" json:"topics"`
}

type scriptsFile struct {
	Warnings    []string            `yaml:"warnings"`
	Permissions []string            `yaml:"permissions"`
	Share       map[string][]string `yaml:"share"`
}

type scenarioFile struct {
	ID            string   `yaml:"id"`
	Category      string   `yaml:"category"`
	Industry      string   `yaml:"industry"`
	Persona       string   `yaml:"persona"`
	Prospect      string   `yaml:"prospect"`
	Difficulty    string   `yaml:"difficulty"`
	Statement     string   `yaml:"statement"`
	WhyWrong      string   `yaml:"why_wrong"`
	ModelPushback string   `yaml:"model_pushback"`
	Topics        []string `yaml:"topics"`
	Fact          string   `yaml:"fact"`
}

// Errors are the problems found in one playbook file, each with its line.
type Errors []*pushback.InputError

func (e Errors) Error() string {
	if len(e) == 1 {
		return e[0].Error()
	}
	return fmt.Sprintf("%s (and %d more problems: pushback playbook check %s)", e[0].Error(), len(e)-1, e[0].File)
}

// Unwrap lets errors.As find the first *pushback.InputError, so the command
// line exits 2.
func (e Errors) Unwrap() []error {
	out := make([]error, len(e))
	for i, x := range e {
		out[i] = x
	}
	return out
}

//go:generate go test -run WorldJSON -update .
//go:generate go test -run DefaultGenerated -update .

// Default returns the embedded default playbook. It is shared: callers must
// not modify it (Merge copies).
//
// It is defaultPlaybook, which default_gen.go holds ready-made as a Go
// literal: reading it from its YAML (decodeDefault) took some 120 million
// instructions, half the start of a run of the command line. A test keeps
// the two the same.
func Default() (*pushback.Playbook, error) { return defaultPlaybook, nil }

// decodeDefault reads the default playbook from default.yaml, scenarios.yaml
// and world.json, the files default_gen.go is generated from.
func decodeDefault() (*pushback.Playbook, error) {
	var f file
	if errs := decode("default.yaml", defaultYAML, &f, nil); len(errs) > 0 {
		return nil, errs
	}
	var sf struct {
		Scenarios []scenarioFile `yaml:"scenarios"`
	}
	if errs := decode("scenarios.yaml", scenariosYAML, &sf, nil); len(errs) > 0 {
		return nil, errs
	}
	f.Scenarios = append(f.Scenarios, sf.Scenarios...)
	world, err := worldFacts()
	if err != nil {
		return nil, err
	}
	f.Facts = append(f.Facts, world...)
	pb := &pushback.Playbook{}
	if errs := apply(pb, &f, "default.yaml", nil, nil); len(errs) > 0 {
		return nil, errs
	}
	if pb.Name == "" {
		pb.Name = "default"
	}
	pb.Version = version(pb)
	return pb, nil
}

// worldFacts decodes the embedded facts about the world (world.json).
func worldFacts() ([]factFile, error) {
	var facts []factFile
	dec := json.NewDecoder(bytes.NewReader(worldJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&facts); err != nil {
		return nil, &pushback.InputError{File: "world.json", Msg: err.Error()}
	}
	return facts, nil
}

// Load reads the playbook at path and merges it over the default. An empty
// path returns the default.
func Load(path string) (*pushback.Playbook, error) {
	if path == "" {
		return Default()
	}
	data, err := os.ReadFile(path)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, os.ErrNotExist) {
			msg = "no such playbook file"
		}
		return nil, &pushback.InputError{File: path, Msg: msg}
	}
	return Parse(path, data)
}

// Parse reads a playbook from data (name is used in errors and as the
// playbook's name when it sets none) and merges it over the default.
func Parse(name string, data []byte) (*pushback.Playbook, error) {
	def, err := Default()
	if err != nil {
		return nil, err
	}
	var f file
	var root yaml.Node
	strict := decode(name, data, &f, &root)
	if len(strict) > 0 {
		// Unknown keys or wrong types: read what can be read, so every
		// problem in the file is reported at once, not one per run.
		f = file{}
		if yaml.Unmarshal(data, &f) != nil || yaml.Unmarshal(data, &root) != nil {
			return nil, strict
		}
	}
	pb := clone(def)
	pb.Name = ""
	if errs := append(strict, apply(pb, &f, name, &root, def)...); len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	if pb.Name == "" {
		pb.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), ".playbook")
	}
	pb.Version = version(pb)
	return pb, nil
}

// decode reads YAML strictly: unknown keys and wrong types are errors with lines.
func decode(name string, data []byte, into any, root *yaml.Node) Errors {
	if len(bytes.TrimSpace(data)) == 0 {
		return Errors{{File: name, Msg: "empty playbook: expected YAML with company, facts, ..."}}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return yamlErrors(name, err)
	}
	if root != nil {
		if err := yaml.Unmarshal(data, root); err != nil {
			return yamlErrors(name, err)
		}
	}
	return nil
}

// yamlLine is compiled on first use, not at every start of the command line.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`) })

func yamlErrors(name string, err error) Errors {
	var te *yaml.TypeError
	var lines []string
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	var out Errors
	for _, l := range lines {
		e := &pushback.InputError{File: name, Msg: strings.TrimPrefix(l, "yaml: ")}
		if m := yamlLine().FindStringSubmatch(l); m != nil {
			fmt.Sscanf(m[1], "%d", &e.Line)
			e.Msg = friendlyYAML(m[2])
		}
		out = append(out, e)
	}
	return out
}

// unknownField is compiled on first use, not at every start of the command line.
var unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^field (\S+) not found in type (\S+)$`) })

func friendlyYAML(msg string) string {
	if m := unknownField().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown key %q (keys here: %s)", m[1], strings.Join(knownKeys(m[2]), ", "))
	}
	return msg
}

func knownKeys(typ string) []string {
	switch strings.TrimPrefix(typ, "playbook.") {
	case "file":
		return []string{"name", "company", "product", "aliases", "reps", "competitors", "facts", "cues", "topics", "scripts", "scenarios", "sensitivity", "replace"}
	case "factFile":
		return []string{"id", "claim", "about", "misconceptions", "topics"}
	case "scriptsFile":
		return []string{"warnings", "permissions", "share"}
	case "scenarioFile":
		return []string{"id", "category", "industry", "persona", "prospect", "difficulty", "statement", "why_wrong", "model_pushback", "topics", "fact"}
	}
	return nil
}

// idPattern is compiled on first use, not at every start of the command line.
var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`) })

// apply merges f into pb, validating as it goes. def is the playbook being
// extended (nil while building the default itself): cue lexicon names must
// be ones it knows.
func apply(pb *pushback.Playbook, f *file, name string, root *yaml.Node, def *pushback.Playbook) Errors {
	var errs Errors
	at := func(path ...any) int { return lineOf(root, path...) }
	bad := func(line int, format string, args ...any) {
		errs = append(errs, &pushback.InputError{File: name, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	// patterns reports each entry of a list of patterns (cue lexicons,
	// topics, a fact's about words) that does not compile, at its own line.
	patterns := func(ps []string, prefix string, path ...any) {
		for j, p := range ps {
			if _, err := lang.CompilePattern(p); err != nil {
				bad(at(append(path, j)...), "%s%v", prefix, err)
			}
		}
	}
	replace := map[string]bool{}
	for i, r := range f.Replace {
		replace[r] = true
		if !slices.Contains([]string{"facts", "aliases", "competitors", "scenarios", "warnings", "permissions"}, r) &&
			!strings.HasPrefix(r, "cues.") && !strings.HasPrefix(r, "topics.") && !strings.HasPrefix(r, "share.") {
			bad(at("replace", i), "replace %q: expected facts, aliases, competitors, scenarios, warnings, permissions, cues.NAME, topics.NAME or share.CATEGORY", r)
		}
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = strings.TrimSpace(v)
		}
	}
	set(&pb.Name, f.Name)
	set(&pb.Company, f.Company)
	set(&pb.Product, f.Product)
	if f.Sensitivity != "" {
		if s, ok := parseSensitivity(f.Sensitivity); ok {
			pb.Sensitivity = s
		} else {
			bad(at("sensitivity"), "sensitivity %q: expected low, medium or high", f.Sensitivity)
		}
	}
	pb.Aliases = extend(pb.Aliases, f.Aliases, replace["aliases"])
	pb.Reps = extend(pb.Reps, f.Reps, false)
	pb.Competitors = extend(pb.Competitors, f.Competitors, replace["competitors"])

	if replace["facts"] {
		pb.Facts = nil
	}
	seen := map[string]bool{}
	for i, ff := range f.Facts {
		line := at("facts", i)
		id := strings.TrimSpace(ff.ID)
		switch {
		case id == "":
			bad(line, "fact %d has no id: expected a short id such as crm-integration", i+1)
			continue
		case !idPattern().MatchString(id):
			bad(at("facts", i, "id"), "fact id %q: expected lower-case letters, digits, '-', '_' or '.'", id)
		case seen[id]:
			bad(at("facts", i, "id"), "fact id %q is used twice in this file", id)
		}
		seen[id] = true
		if strings.TrimSpace(ff.Claim) == "" {
			bad(line, "fact %q has no claim: expected the truth, as the rep would say it", id)
		}
		if len(ff.About) == 0 && len(ff.Misconceptions) == 0 {
			bad(line, "fact %q has neither about words nor misconceptions: nothing would ever match it", id)
		}
		patterns(ff.About, fmt.Sprintf("fact %q: ", id), "facts", i, "about")
		fact := pushback.Fact{ID: id, Claim: strings.TrimSpace(ff.Claim), About: ff.About, Misconceptions: ff.Misconceptions}
		for j, t := range ff.Topics {
			if !validTopic(t) {
				bad(at("facts", i, "topics", j), "unknown topic %q (topics: %s)", t, topicList())
			}
			fact.Topics = append(fact.Topics, pushback.Topic(t))
		}
		if k := slices.IndexFunc(pb.Facts, func(x pushback.Fact) bool { return x.ID == id }); k >= 0 {
			pb.Facts[k] = fact
		} else {
			pb.Facts = append(pb.Facts, fact)
		}
	}

	if pb.Cues == nil {
		pb.Cues = map[string][]string{}
	}
	for _, k := range sortedKeys(f.Cues) {
		if def != nil {
			if _, ok := def.Cues[k]; !ok {
				bad(at("cues", k), "unknown cue lexicon %q (lexicons: %s)", k, strings.Join(sortedKeys(def.Cues), ", "))
				continue
			}
		}
		patterns(f.Cues[k], "", "cues", k)
		pb.Cues[k] = extend(pb.Cues[k], f.Cues[k], replace["cues."+k])
	}
	if pb.Topics == nil {
		pb.Topics = map[pushback.Topic][]string{}
	}
	for _, k := range sortedKeys(f.Topics) {
		if !validTopic(k) {
			bad(at("topics", k), "unknown topic %q (topics: %s)", k, topicList())
			continue
		}
		patterns(f.Topics[k], "", "topics", k)
		t := pushback.Topic(k)
		pb.Topics[t] = extend(pb.Topics[t], f.Topics[k], replace["topics."+k])
	}

	pb.Scripts.Warnings = extend(pb.Scripts.Warnings, f.Scripts.Warnings, replace["warnings"])
	pb.Scripts.Permissions = extend(pb.Scripts.Permissions, f.Scripts.Permissions, replace["permissions"])
	if pb.Scripts.Share == nil {
		pb.Scripts.Share = map[pushback.Category][]string{}
	}
	for _, k := range sortedKeys(f.Scripts.Share) {
		c := pushback.Category(k)
		if !c.Valid() {
			bad(at("scripts", "share", k), "unknown category %q (categories: incorrect_fact, unfounded_conclusion, forward_looking)", k)
			continue
		}
		pb.Scripts.Share[c] = extend(pb.Scripts.Share[c], f.Scripts.Share[k], replace["share."+k])
	}
	for _, group := range [][]string{f.Scripts.Warnings, f.Scripts.Permissions} {
		for _, s := range group {
			if err := checkTemplate(s); err != nil {
				bad(at("scripts"), "%v", err)
			}
		}
	}

	if replace["scenarios"] {
		pb.Scenarios = nil
	}
	seenSc := map[string]bool{}
	for i, sf := range f.Scenarios {
		line := at("scenarios", i)
		sc := pushback.Scenario{
			ID: strings.TrimSpace(sf.ID), Category: pushback.Category(sf.Category), Industry: sf.Industry,
			Persona: sf.Persona, Prospect: sf.Prospect, Difficulty: pushback.Difficulty(sf.Difficulty),
			Statement: strings.TrimSpace(sf.Statement), WhyWrong: strings.TrimSpace(sf.WhyWrong),
			ModelPushback: strings.TrimSpace(sf.ModelPushback), Fact: sf.Fact,
		}
		switch {
		case sc.ID == "":
			bad(line, "scenario %d has no id", i+1)
		case !idPattern().MatchString(sc.ID):
			bad(at("scenarios", i, "id"), "scenario id %q: expected lower-case letters, digits, '-', '_' or '.'", sc.ID)
		case seenSc[sc.ID]:
			bad(at("scenarios", i, "id"), "scenario id %q is used twice", sc.ID)
		}
		seenSc[sc.ID] = true
		if !sc.Category.Valid() {
			bad(at("scenarios", i, "category"), "scenario %q: category %q: expected incorrect_fact, unfounded_conclusion or forward_looking", sc.ID, sf.Category)
		}
		if sc.Difficulty == "" {
			sc.Difficulty = pushback.Medium
		}
		if sc.Difficulty != pushback.Easy && sc.Difficulty != pushback.Medium && sc.Difficulty != pushback.Hard {
			bad(at("scenarios", i, "difficulty"), "scenario %q: difficulty %q: expected easy, medium or hard", sc.ID, sf.Difficulty)
		}
		if sc.Statement == "" {
			bad(line, "scenario %q has no statement: expected what the prospect says", sc.ID)
		}
		for j, t := range sf.Topics {
			if !validTopic(t) {
				bad(at("scenarios", i, "topics", j), "unknown topic %q (topics: %s)", t, topicList())
			}
			sc.Topics = append(sc.Topics, pushback.Topic(t))
		}
		if k := slices.IndexFunc(pb.Scenarios, func(x pushback.Scenario) bool { return x.ID == sc.ID }); k >= 0 {
			pb.Scenarios[k] = sc
		} else {
			pb.Scenarios = append(pb.Scenarios, sc)
		}
	}
	for i, sc := range f.Scenarios {
		if sc.Fact != "" && !slices.ContainsFunc(pb.Facts, func(x pushback.Fact) bool { return x.ID == sc.Fact }) {
			bad(at("scenarios", i, "fact"), "scenario %q: no fact with id %q", sc.ID, sc.Fact)
		}
	}
	return errs
}

// checkTemplate rejects placeholders the coach does not fill.
func checkTemplate(s string) error {
	rest := s
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return fmt.Errorf("script %q: unclosed '{'", s)
		}
		switch ph := rest[i+1 : i+j]; ph {
		case "name", "paraphrase", "topic", "company", "product":
		default:
			return fmt.Errorf("script %q: unknown placeholder {%s} (use {name}, {paraphrase}, {topic}, {company}, {product})", s, ph)
		}
		rest = rest[i+j+1:]
	}
}

// extend appends the new entries not already present (case-insensitive), or
// replaces the list.
func extend(base, add []string, replaceAll bool) []string {
	if replaceAll {
		base = nil
	}
	out := slices.Clone(base)
	for _, a := range add {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, a) }) {
			out = append(out, a)
		}
	}
	return out
}

func validTopic(t string) bool { return slices.Contains(pushback.Topics, pushback.Topic(t)) }

func topicList() string {
	var s []string
	for _, t := range pushback.Topics {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lineOf finds the line of the node at path (map keys and sequence indexes)
// in a YAML document, or the nearest line found on the way; 0 without a root.
func lineOf(root *yaml.Node, path ...any) int {
	if root == nil {
		return 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || k >= len(n.Content) {
				return line
			}
			n = n.Content[k]
			line = n.Line
		}
	}
	return line
}

// clone deep-copies a playbook. Empty lists and maps come back nil, as a
// JSON round trip would give them (the fields are omitempty); copying rather
// than encoding matters because every playbook read is a clone of the default
// one, with its four hundred facts about the world.
func clone(pb *pushback.Playbook) *pushback.Playbook {
	c := *pb
	c.Aliases = cloneList(pb.Aliases)
	c.Reps = cloneList(pb.Reps)
	c.Competitors = cloneList(pb.Competitors)
	c.Facts = nil
	if len(pb.Facts) > 0 {
		c.Facts = make([]pushback.Fact, len(pb.Facts))
		for i, f := range pb.Facts {
			f.About = cloneList(f.About)
			f.Misconceptions = cloneList(f.Misconceptions)
			f.Topics = cloneList(f.Topics)
			c.Facts[i] = f
		}
	}
	c.Cues = cloneLists(pb.Cues)
	c.Topics = cloneLists(pb.Topics)
	c.Scripts = pushback.Scripts{
		Warnings:    cloneList(pb.Scripts.Warnings),
		Permissions: cloneList(pb.Scripts.Permissions),
		Share:       cloneLists(pb.Scripts.Share),
	}
	c.Scenarios = nil
	if len(pb.Scenarios) > 0 {
		c.Scenarios = make([]pushback.Scenario, len(pb.Scenarios))
		for i, sc := range pb.Scenarios {
			sc.Topics = cloneList(sc.Topics)
			c.Scenarios[i] = sc
		}
	}
	return &c
}

// cloneList copies a list, nil when it is empty.
func cloneList[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return slices.Clone(xs)
}

// cloneLists copies a map of lists, nil when it is empty; a list in it keeps
// whether it was nil or empty, as in JSON (null or []).
func cloneLists[K comparable, V any](m map[K][]V) map[K][]V {
	if len(m) == 0 {
		return nil
	}
	out := make(map[K][]V, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// version is the sha256 of the playbook's canonical JSON.
func version(pb *pushback.Playbook) string {
	c := *pb
	c.Version = ""
	b, _ := json.Marshal(&c)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// WithSensitivity returns a copy of pb with its sensitivity set to s (low,
// medium or high; "" leaves pb as it is), as the --sensitivity flag sets it.
func WithSensitivity(pb *pushback.Playbook, s string) (*pushback.Playbook, error) {
	if s == "" {
		return pb, nil
	}
	v, ok := parseSensitivity(s)
	if !ok {
		return nil, pushback.Errorf(pushback.EINVALID, "sensitivity %q: expected low, medium or high", s)
	}
	c := clone(pb)
	c.Sensitivity = v
	c.Version = version(c)
	return c, nil
}

// parseSensitivity reads low, medium or high, in any case.
func parseSensitivity(s string) (pushback.Sensitivity, bool) {
	switch v := pushback.Sensitivity(strings.ToLower(strings.TrimSpace(s))); v {
	case pushback.SensitivityLow, pushback.SensitivityMedium, pushback.SensitivityHigh:
		return v, true
	}
	return "", false
}
