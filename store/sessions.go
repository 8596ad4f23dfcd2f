package store

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only the hash of its cookie is stored.
type Session struct {
	IDHash    string
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateSession stores a new session.
func CreateSession(ctx context.Context, h Handle, s Session) error {
	_, err := h.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		s.IDHash, s.UserID, s.CSRFToken, now(), s.ExpiresAt.UTC().Truncate(time.Microsecond))
	return err
}

// GetSession returns the session with the hash if it has not expired.
func GetSession(ctx context.Context, h Handle, idHash string) (Session, error) {
	s := Session{IDHash: idHash}
	err := h.QueryRowContext(ctx, `SELECT user_id, csrf_token, created_at, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?`, idHash, now()).
		Scan(&s.UserID, &s.CSRFToken, timeScan{&s.CreatedAt}, timeScan{&s.ExpiresAt})
	return s, notFound(err, "no session")
}

// DeleteSession signs a session out.
func DeleteSession(ctx context.Context, h Handle, idHash string) error {
	_, err := h.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// DeleteUserSessions signs a user out everywhere (after a password change).
func DeleteUserSessions(ctx context.Context, h Handle, userID int64) error {
	_, err := h.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func DeleteExpiredSessions(ctx context.Context, h Handle) (int64, error) {
	res, err := h.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
