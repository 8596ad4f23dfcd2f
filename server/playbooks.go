package server

import (
	"context"
	"regexp"
	"sync"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/ingest"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
)

// playbookJSON is a playbook as the API shows it. The stored playbook named
// default is the active one; until one is saved, the embedded default is.
type playbookJSON struct {
	Name      string             `json:"name"`
	Version   string             `json:"version"`
	Active    bool               `json:"active"`
	Builtin   bool               `json:"builtin"`
	YAML      string             `json:"yaml"`
	UpdatedAt *time.Time         `json:"updated_at"`
	UpdatedBy *int64             `json:"updated_by"`
	Playbook  *pushback.Playbook `json:"playbook,omitempty"` // merged over the default
}

// playbookName is compiled on first use, not at every start of the command line.
var playbookName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`) })

func checkPlaybookName(name string) error {
	if !playbookName().MatchString(name) {
		return pushback.Errorf(pushback.EINVALID, "playbook name %q: expected lower-case letters, digits, - and _ (at most 64)", name)
	}
	return nil
}

// loadPlaybook returns the stored playbook with the name, or the embedded
// default for the name default when none is stored.
func loadPlaybook(ctx context.Context, h store.Handle, name string, merged bool) (playbookJSON, error) {
	sp, err := store.GetPlaybook(ctx, h, name)
	if pushback.ErrorCode(err) == pushback.ENOTFOUND && name == ingest.ActivePlaybook {
		def, err := playbook.Default()
		if err != nil {
			return playbookJSON{}, err
		}
		out := playbookJSON{Name: name, Version: def.Version, Active: true, Builtin: true}
		if merged {
			out.Playbook = def
		}
		return out, nil
	}
	if err != nil {
		return playbookJSON{}, err
	}
	out := playbookJSON{Name: sp.Name, Version: sp.Version, Active: sp.Name == ingest.ActivePlaybook, YAML: sp.YAML, UpdatedAt: &sp.UpdatedAt, UpdatedBy: sp.UpdatedBy}
	if merged {
		pb, err := playbook.Parse(sp.Name+".yaml", []byte(sp.YAML))
		if err != nil {
			return playbookJSON{}, err
		}
		out.Playbook = pb
	}
	return out, nil
}
