package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

// Role is what a user may do on the server.
type Role string

const (
	RoleAdmin   Role = "admin"   // everything
	RoleManager Role = "manager" // the reps and calls of the teams they manage
	RoleRep     Role = "rep"     // their own calls and practice
)

// Roles lists the roles from most to least powerful.
var Roles = []Role{RoleAdmin, RoleManager, RoleRep}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleManager || r == RoleRep }

// User is an account that can sign in.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	RepID        *int64    `json:"rep_id"`   // the rep record of a rep user
	TeamIDs      []int64   `json:"team_ids"` // teams a manager manages, or a rep's team
}

// NewUser is what CreateUser needs.
type NewUser struct {
	Username     string
	Name         string
	Role         Role
	PasswordHash string
}

// NormalizeUsername is the form usernames are stored and looked up in.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// CreateUser adds a user. A rep user gets (or is linked to) the rep record
// with their name, so calls naming them become theirs.
func CreateUser(ctx context.Context, tx *Tx, nu NewUser) (User, error) {
	nu.Username = NormalizeUsername(nu.Username)
	if nu.Username == "" || strings.ContainsAny(nu.Username, " \t\r\n") {
		return User{}, pushback.Errorf(pushback.EINVALID, "username %q: expected one word such as dana or dana@acme.com", nu.Username)
	}
	if !nu.Role.Valid() {
		return User{}, pushback.Errorf(pushback.EINVALID, "role %q: expected admin, manager or rep", nu.Role)
	}
	if strings.TrimSpace(nu.Name) == "" {
		nu.Name = nu.Username
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id`,
		nu.Username, strings.TrimSpace(nu.Name), string(nu.Role), nu.PasswordHash, now()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, pushback.Errorf(pushback.ECONFLICT, "user %q already exists", nu.Username)
	}
	if err != nil {
		return User{}, err
	}
	if nu.Role == RoleRep {
		rep, err := EnsureRep(ctx, tx, nu.Name, nil)
		if err != nil {
			return User{}, err
		}
		if rep.UserID != nil && *rep.UserID != id {
			return User{}, pushback.Errorf(pushback.ECONFLICT, "rep %q already belongs to another user", rep.Name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reps SET user_id = ? WHERE id = ?`, id, rep.ID); err != nil {
			return User{}, err
		}
	}
	return GetUser(ctx, tx, id)
}

const userColumns = `u.id, u.username, u.name, u.role, u.password_hash, u.created_at, r.id`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var role string
	var repID sql.NullInt64
	if err := row.Scan(&u.ID, &u.Username, &u.Name, &role, &u.PasswordHash, timeScan{&u.CreatedAt}, &repID); err != nil {
		return User{}, err
	}
	u.Role = Role(role)
	if repID.Valid {
		u.RepID = &repID.Int64
	}
	return u, nil
}

// GetUser returns the user with the id.
func GetUser(ctx context.Context, h Handle, id int64) (User, error) {
	u, err := scanUser(h.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN reps r ON r.user_id = u.id WHERE u.id = ?`, id))
	if err != nil {
		return User{}, notFound(err, "no user %d", id)
	}
	return u, fillTeams(ctx, h, &u)
}

// GetUserByUsername returns the user with the username (any case).
func GetUserByUsername(ctx context.Context, h Handle, username string) (User, error) {
	username = NormalizeUsername(username)
	u, err := scanUser(h.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN reps r ON r.user_id = u.id WHERE u.username = ?`, username))
	if err != nil {
		return User{}, notFound(err, "no user %q", username)
	}
	return u, fillTeams(ctx, h, &u)
}

func fillTeams(ctx context.Context, h Handle, u *User) error {
	var q string
	var arg int64
	switch {
	case u.Role == RoleManager:
		q, arg = `SELECT team_id FROM team_managers WHERE user_id = ? ORDER BY team_id`, u.ID
	case u.RepID != nil:
		q, arg = `SELECT team_id FROM reps WHERE id = ? AND team_id IS NOT NULL`, *u.RepID
	default:
		u.TeamIDs = []int64{}
		return nil
	}
	ids, err := queryIDs(ctx, h, q, arg)
	u.TeamIDs = ids
	return err
}

// ListUsers returns the users the scope may see, by username: an admin sees
// everyone, a manager themself and the rep users of their teams, a rep themself.
func ListUsers(ctx context.Context, h Handle, s Scope) ([]User, error) {
	where, args := "1 = 1", []any{}
	switch s.Role {
	case RoleAdmin:
	case RoleManager:
		where = `u.id = ? OR r.team_id IN (SELECT team_id FROM team_managers WHERE user_id = ?)`
		args = []any{s.UserID, s.UserID}
	default:
		where, args = `u.id = ?`, []any{s.UserID}
	}
	rows, err := h.QueryContext(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN reps r ON r.user_id = u.id WHERE `+where+` ORDER BY u.username`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range users {
		if err := fillTeams(ctx, h, &users[i]); err != nil {
			return nil, err
		}
	}
	return users, nil
}

// UserUpdate changes the fields that are set.
type UserUpdate struct {
	Name         *string
	Role         *Role
	PasswordHash *string
}

// UpdateUser changes a user. Changing a role away from rep keeps the rep
// record (and its calls) but unlinks it.
func UpdateUser(ctx context.Context, tx *Tx, id int64, up UserUpdate) (User, error) {
	u, err := GetUser(ctx, tx, id)
	if err != nil {
		return User{}, err
	}
	if up.Name != nil && strings.TrimSpace(*up.Name) != "" {
		u.Name = strings.TrimSpace(*up.Name)
	}
	if up.PasswordHash != nil {
		u.PasswordHash = *up.PasswordHash
	}
	oldRole := u.Role
	if up.Role != nil {
		if !up.Role.Valid() {
			return User{}, pushback.Errorf(pushback.EINVALID, "role %q: expected admin, manager or rep", *up.Role)
		}
		u.Role = *up.Role
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, password_hash = ? WHERE id = ?`,
		u.Name, string(u.Role), u.PasswordHash, id); err != nil {
		return User{}, err
	}
	if oldRole == RoleRep && u.Role != RoleRep {
		if _, err := tx.ExecContext(ctx, `UPDATE reps SET user_id = NULL WHERE user_id = ?`, id); err != nil {
			return User{}, err
		}
	}
	if oldRole == RoleManager && u.Role != RoleManager {
		if _, err := tx.ExecContext(ctx, `DELETE FROM team_managers WHERE user_id = ?`, id); err != nil {
			return User{}, err
		}
	}
	if u.Role == RoleRep && oldRole != RoleRep {
		rep, err := EnsureRep(ctx, tx, u.Name, nil)
		if err != nil {
			return User{}, err
		}
		if rep.UserID != nil && *rep.UserID != id {
			return User{}, pushback.Errorf(pushback.ECONFLICT, "rep %q already belongs to another user", rep.Name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reps SET user_id = ? WHERE id = ?`, id, rep.ID); err != nil {
			return User{}, err
		}
	}
	return GetUser(ctx, tx, id)
}

// DeleteUser removes a user with their sessions and tokens. Their calls stay.
func DeleteUser(ctx context.Context, h Handle, id int64) error {
	res, err := h.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pushback.Errorf(pushback.ENOTFOUND, "no user %d", id)
	}
	return nil
}

// CountUsers returns how many users there are (0 before first-run setup).
func CountUsers(ctx context.Context, h Handle) (int, error) {
	var n int
	err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// CountAdmins returns how many admins there are.
func CountAdmins(ctx context.Context, h Handle) (int, error) {
	var n int
	err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin'`).Scan(&n)
	return n, err
}

func queryIDs(ctx context.Context, h Handle, q string, args ...any) ([]int64, error) {
	rows, err := h.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
