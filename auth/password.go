// Package auth signs people and machines in to the team server: argon2id
// password hashes, session cookies with a per-session CSRF token, API
// tokens stored hashed, login rate limiting, and the middleware that puts
// the signed-in Principal in each request's context. The JSON API and the
// web pages share it.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/pushback-coach/pushback"
)

// Argon2Params are the argon2id cost settings. A hash records the ones it
// was made with, so changing them affects new hashes only.
type Argon2Params struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// PasswordParams are used for new hashes: the OWASP baseline for argon2id
// (19 MiB, 2 passes, 1 lane). Tests may lower them.
var PasswordParams = Argon2Params{Time: 2, Memory: 19 * 1024, Threads: 1}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

const (
	saltLen = 16
	keyLen  = 32
)

// CheckPasswordRules says what is wrong with a new password, or nil.
func CheckPasswordRules(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return pushback.Errorf(pushback.EINVALID, "password too short: use at least %d characters", MinPasswordLength)
	}
	if len(pw) > 1024 {
		return pushback.Errorf(pushback.EINVALID, "password too long: use at most 1024 bytes")
	}
	return nil
}

// HashPassword returns the argon2id hash of pw in the PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$key).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := PasswordParams
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the hash. An empty or malformed
// hash (a user with no password yet) matches nothing.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a username is unknown, so a wrong
// username takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a real password, only for timing")
	return h
})
