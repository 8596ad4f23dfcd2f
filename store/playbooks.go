package store

import (
	"context"
	"database/sql"
	"time"
)

// StoredPlaybook is a team's playbook YAML as saved on the server.
type StoredPlaybook struct {
	Name      string    `json:"name"`
	YAML      string    `json:"yaml"`
	Version   string    `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy *int64    `json:"updated_by"`
}

// GetPlaybook returns the stored playbook with the name, or a not-found error.
func GetPlaybook(ctx context.Context, h Handle, name string) (StoredPlaybook, error) {
	var p StoredPlaybook
	var by sql.NullInt64
	err := h.QueryRowContext(ctx, `SELECT name, yaml, version, updated_at, updated_by FROM playbooks WHERE name = ?`, name).
		Scan(&p.Name, &p.YAML, &p.Version, timeScan{&p.UpdatedAt}, &by)
	if err != nil {
		return StoredPlaybook{}, notFound(err, "no playbook %q", name)
	}
	if by.Valid {
		p.UpdatedBy = &by.Int64
	}
	return p, nil
}

// ListPlaybooks returns the stored playbooks by name.
func ListPlaybooks(ctx context.Context, h Handle) ([]StoredPlaybook, error) {
	rows, err := h.QueryContext(ctx, `SELECT name, yaml, version, updated_at, updated_by FROM playbooks ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StoredPlaybook{}
	for rows.Next() {
		var p StoredPlaybook
		var by sql.NullInt64
		if err := rows.Scan(&p.Name, &p.YAML, &p.Version, timeScan{&p.UpdatedAt}, &by); err != nil {
			return nil, err
		}
		if by.Valid {
			p.UpdatedBy = &by.Int64
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PutPlaybook saves a validated playbook under its name.
func PutPlaybook(ctx context.Context, h Handle, p StoredPlaybook) error {
	_, err := h.ExecContext(ctx, `INSERT INTO playbooks (name, yaml, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET yaml = excluded.yaml, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		p.Name, p.YAML, p.Version, now(), p.UpdatedBy)
	return err
}
