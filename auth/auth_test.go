package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q: want argon2id with the OWASP parameters", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("right password refused")
	}
	for _, bad := range []string{"correct horse batterY", "", "correct horse battery "} {
		if CheckPassword(h, bad) {
			t.Errorf("wrong password %q accepted", bad)
		}
	}
	for _, hash := range []string{"", "plain", "$argon2id$v=19$m=1,t=0,p=1$AAAA$AAAA", "$bcrypt$x"} {
		if CheckPassword(hash, "anything") {
			t.Errorf("malformed hash %q matched", hash)
		}
	}
	if err := CheckPasswordRules("short"); err == nil {
		t.Error("short password accepted")
	}
}

func TestLoginLimiter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(LoginLimit{Failures: 3, Window: time.Minute})
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if w := l.Blocked("ip:1", "user:dana"); w != 0 {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("ip:1", "user:dana")
	}
	if w := l.Blocked("ip:2", "user:dana"); w != time.Minute {
		t.Errorf("user blocked for %v, want 1m", w)
	}
	if w := l.Blocked("ip:2", "user:omar"); w != 0 {
		t.Errorf("other user from another address blocked for %v", w)
	}
	now = now.Add(61 * time.Second)
	if w := l.Blocked("ip:1", "user:dana"); w != 0 {
		t.Errorf("still blocked after the window: %v", w)
	}
	l.Fail("ip:1")
	l.Reset("ip:1")
	if w := l.Blocked("ip:1"); w != 0 {
		t.Error("blocked after reset")
	}
	e := &RateLimitError{RetryAfter: 1500 * time.Millisecond}
	if e.Seconds() != 2 {
		t.Errorf("Retry-After %d, want 2", e.Seconds())
	}
}

func TestTokens(t *testing.T) {
	secret, prefix, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) < 40 || !strings.HasPrefix(secret, prefix) || hash != HashSecret(secret) || strings.Contains(hash, secret) {
		t.Errorf("token %q prefix %q hash %q", secret, prefix, hash)
	}
	other, _, _, _ := NewToken()
	if other == secret {
		t.Error("two tokens are equal")
	}
}
