package store

import (
	"context"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Token scopes.
const (
	ScopeIngest = "ingest" // upload calls only: for a recorder's webhook
	ScopeFull   = "full"   // everything its user may do
)

// Token is an API token for machines. Only the hash of the secret is stored;
// Prefix, its first characters, helps people tell tokens apart.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Scope      string     `json:"scope"`
	Prefix     string     `json:"prefix"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// CreateToken stores a token.
func CreateToken(ctx context.Context, h Handle, t Token) (Token, error) {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return Token{}, pushback.Errorf(pushback.EINVALID, "token name required (what it is for, e.g. recorder-webhook)")
	}
	if t.Scope != ScopeIngest && t.Scope != ScopeFull {
		return Token{}, pushback.Errorf(pushback.EINVALID, "token scope %q: expected ingest or full", t.Scope)
	}
	err := h.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, scope, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		t.UserID, t.Name, t.Scope, t.Prefix, t.Hash, now()).Scan(&t.ID)
	if err != nil {
		return Token{}, err
	}
	return GetToken(ctx, h, t.ID)
}

const tokenColumns = `id, user_id, name, scope, prefix, hash, created_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (Token, error) {
	var t Token
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.Prefix, &t.Hash, timeScan{&t.CreatedAt}, nullTimeScan{&t.LastUsedAt}, nullTimeScan{&t.RevokedAt})
	return t, err
}

// GetToken returns the token with the id.
func GetToken(ctx context.Context, h Handle, id int64) (Token, error) {
	t, err := scanToken(h.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
	return t, notFound(err, "no token %d", id)
}

// GetTokenByHash returns the live (not revoked) token with the hash.
func GetTokenByHash(ctx context.Context, h Handle, hash string) (Token, error) {
	t, err := scanToken(h.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`, hash))
	return t, notFound(err, "no such token")
}

// ListTokens returns a user's tokens (all users' with userID 0), newest first.
func ListTokens(ctx context.Context, h Handle, userID int64) ([]Token, error) {
	where, args := "1 = 1", []any{}
	if userID != 0 {
		where, args = "user_id = ?", []any{userID}
	}
	rows, err := h.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE `+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token from working.
func RevokeToken(ctx context.Context, h Handle, id int64) error {
	res, err := h.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no live token %d", id)
	}
	return nil
}

// TouchToken records a token's use, at most once a minute so reads stay reads.
func TouchToken(ctx context.Context, h Handle, id int64) error {
	t := now()
	_, err := h.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
		t, id, t.Add(-time.Minute))
	return err
}
