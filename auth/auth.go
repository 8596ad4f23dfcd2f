package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/store"
)

// How a request was signed in.
const (
	ViaSession = "session" // a browser's session cookie
	ViaToken   = "token"   // an API token in the Authorization header
)

// Principal is who made a request.
type Principal struct {
	User    store.User
	Via     string
	Token   *store.Token   // with ViaToken
	Session *store.Session // with ViaSession
}

// Scope is what the principal may see in the store.
func (p *Principal) Scope() store.Scope { return store.Scope{UserID: p.User.ID, Role: p.User.Role} }

// IngestOnly reports whether the principal is a token that may only upload calls.
func (p *Principal) IngestOnly() bool {
	return p.Via == ViaToken && p.Token != nil && p.Token.Scope == store.ScopeIngest
}

// CSRFToken is the token browser forms must send back, "" for API tokens.
func (p *Principal) CSRFToken() string {
	if p.Session == nil {
		return ""
	}
	return p.Session.CSRFToken
}

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal of the request, or nil when anonymous.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// Defaults.
const (
	DefaultCookieName = "pushback_session"
	DefaultSessionTTL = 14 * 24 * time.Hour
	CSRFHeader        = "X-CSRF-Token"
	CSRFField         = "csrf_token"
	TokenPrefix       = "pbk_"
)

// Authenticator signs requests in. Its zero values are replaced by defaults
// in New.
type Authenticator struct {
	DB         *store.DB
	CookieName string
	SessionTTL time.Duration
	// SecureCookies marks the session cookie Secure always; otherwise it is
	// Secure when the request came over TLS (or, with TrustProxy, when a
	// proxy says X-Forwarded-Proto: https).
	SecureCookies bool
	// TrustProxy takes the client address and scheme from X-Forwarded-For
	// and X-Forwarded-Proto; set it only behind a proxy that sets them.
	TrustProxy bool
	Limiter    *LoginLimiter
	Logger     *slog.Logger
	// Fail writes an error response; the server sets it to its JSON errors.
	Fail func(w http.ResponseWriter, r *http.Request, err error)

	crossOrigin *http.CrossOriginProtection
}

// New returns an Authenticator with the defaults filled in.
func New(db *store.DB) *Authenticator {
	return &Authenticator{DB: db, CookieName: DefaultCookieName, SessionTTL: DefaultSessionTTL,
		Limiter: NewLoginLimiter(DefaultLoginLimit), Logger: slog.Default(), crossOrigin: http.NewCrossOriginProtection(),
		Fail: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, pushback.ErrorMessage(err), http.StatusUnauthorized)
		}}
}

// Middleware identifies the caller from an API token or a session cookie
// and puts the Principal in the context. Anonymous requests pass through
// (RequireUser rejects them); a bad token or an expired cookie is rejected
// or cleared.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.identify(w, r)
		if err != nil {
			a.Fail(w, r, err)
			return
		}
		if p != nil {
			r = r.WithContext(WithPrincipal(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

func (a *Authenticator) identify(w http.ResponseWriter, r *http.Request) (*Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(strings.TrimSpace(secret), TokenPrefix) {
			return nil, pushback.Errorf(pushback.EUNAUTHORIZED, "Authorization: expected Bearer %s... (an API token)", TokenPrefix)
		}
		tok, err := store.GetTokenByHash(ctx, a.DB, HashSecret(strings.TrimSpace(secret)))
		if err != nil {
			if pushback.ErrorCode(err) == pushback.ENOTFOUND {
				return nil, pushback.Errorf(pushback.EUNAUTHORIZED, "unknown or revoked API token")
			}
			return nil, err
		}
		u, err := store.GetUser(ctx, a.DB, tok.UserID)
		if err != nil {
			return nil, err
		}
		if tok.LastUsedAt == nil || time.Since(*tok.LastUsedAt) > time.Minute {
			// Record use at most once a minute, so reads stay reads.
			if err := store.TouchToken(ctx, a.DB, tok.ID); err != nil {
				a.Logger.Warn("record token use", "token", tok.ID, "err", err)
			}
		}
		return &Principal{User: u, Via: ViaToken, Token: &tok}, nil
	}
	c, err := r.Cookie(a.CookieName)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	s, err := store.GetSession(ctx, a.DB, HashSecret(c.Value))
	if pushback.ErrorCode(err) == pushback.ENOTFOUND {
		a.clearCookie(w, r)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := store.GetUser(ctx, a.DB, s.UserID)
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, Via: ViaSession, Session: &s}, nil
}

// RequireUser rejects anonymous requests with 401.
func (a *Authenticator) RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if FromContext(r.Context()) == nil {
			a.Fail(w, r, pushback.Errorf(pushback.EUNAUTHORIZED, "sign in first (POST /api/v1/login) or send an API token"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// CSRF protects cookie-authenticated requests that change something: they
// must come from our own origin (Sec-Fetch-Site / Origin) and carry the
// session's CSRF token in the X-CSRF-Token header or the csrf_token form
// field. API-token requests carry no ambient credentials and are exempt.
func (a *Authenticator) CSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if err := a.crossOrigin.Check(r); err != nil {
			a.Fail(w, r, pushback.Errorf(pushback.EFORBIDDEN, "cross-origin request refused"))
			return
		}
		p := FromContext(r.Context())
		if p == nil || p.Via != ViaSession {
			next.ServeHTTP(w, r)
			return
		}
		got := r.Header.Get(CSRFHeader)
		if got == "" {
			var err error
			if got, err = formToken(r); err != nil {
				a.Fail(w, r, err)
				return
			}
		}
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.Session.CSRFToken)) != 1 {
			a.Fail(w, r, pushback.Errorf(pushback.EFORBIDDEN, "missing or wrong CSRF token: send the session's token in %s or the %s form field", CSRFHeader, CSRFField))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// formToken reads the CSRF field of a browser form. Multipart forms are
// parsed here (spilling large files to disk); handlers then use r.MultipartForm.
func formToken(r *http.Request) (string, error) {
	ct := r.Header.Get("Content-Type")
	var err error
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		err = r.ParseForm()
	case strings.HasPrefix(ct, "multipart/form-data"):
		err = r.ParseMultipartForm(MultipartMemory)
	default:
		return "", nil
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return "", pushback.Errorf(pushback.ETOOLARGE, "request body larger than the %d byte limit", mbe.Limit)
	}
	if err != nil {
		return "", nil // no token: refused below
	}
	return r.PostForm.Get(CSRFField), nil
}

// MultipartMemory is how much of a multipart form is kept in memory; larger
// files go to temporary files.
const MultipartMemory = 8 << 20

// StartSession signs the user in: a new session row and its cookie. It
// returns the session, whose CSRFToken the client needs for changes.
func (a *Authenticator) StartSession(ctx context.Context, w http.ResponseWriter, r *http.Request, u store.User) (store.Session, error) {
	secret, err := randomString(32)
	if err != nil {
		return store.Session{}, err
	}
	csrf, err := randomString(32)
	if err != nil {
		return store.Session{}, err
	}
	s := store.Session{IDHash: HashSecret(secret), UserID: u.ID, CSRFToken: csrf, ExpiresAt: time.Now().Add(a.SessionTTL)}
	if err := store.CreateSession(ctx, a.DB, s); err != nil {
		return store.Session{}, err
	}
	http.SetCookie(w, &http.Cookie{Name: a.CookieName, Value: secret, Path: "/", Expires: s.ExpiresAt,
		MaxAge: int(a.SessionTTL.Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.secure(r)})
	return s, nil
}

// EndSession signs the request's session out and clears the cookie.
func (a *Authenticator) EndSession(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(a.CookieName); err == nil && c.Value != "" {
		if err := store.DeleteSession(ctx, a.DB, HashSecret(c.Value)); err != nil {
			return err
		}
	}
	a.clearCookie(w, r)
	return nil
}

func (a *Authenticator) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: a.CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: a.secure(r)})
}

func (a *Authenticator) secure(r *http.Request) bool {
	if a.SecureCookies || r.TLS != nil {
		return true
	}
	return a.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// Login checks a username and password under the rate limit and, when they
// match, starts a session. Wrong credentials give one message whichever was
// wrong.
func (a *Authenticator) Login(ctx context.Context, w http.ResponseWriter, r *http.Request, username, password string) (*Principal, error) {
	keys := []string{"ip:" + a.ClientIP(r), "user:" + store.NormalizeUsername(username)}
	if wait := a.Limiter.Blocked(keys...); wait > 0 {
		return nil, &RateLimitError{RetryAfter: wait}
	}
	u, err := store.GetUserByUsername(ctx, a.DB, username)
	if err != nil && pushback.ErrorCode(err) != pushback.ENOTFOUND {
		return nil, err
	}
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash()
	}
	if !CheckPassword(hash, password) || err != nil {
		a.Limiter.Fail(keys...)
		a.Logger.Info("login failed", "username", store.NormalizeUsername(username), "ip", a.ClientIP(r))
		return nil, pushback.Errorf(pushback.EUNAUTHORIZED, "wrong username or password")
	}
	a.Limiter.Reset(keys...)
	s, err := a.StartSession(ctx, w, r, u)
	if err != nil {
		return nil, err
	}
	return &Principal{User: u, Via: ViaSession, Session: &s}, nil
}

// ClientIP is the address the request came from.
func (a *Authenticator) ClientIP(r *http.Request) string {
	if a.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// NewToken makes an API token secret and what to store of it.
func NewToken() (secret, prefix, hash string, err error) {
	s, err := randomString(32)
	if err != nil {
		return "", "", "", err
	}
	secret = TokenPrefix + s
	return secret, secret[:len(TokenPrefix)+6], HashSecret(secret), nil
}

// HashSecret is how session ids and API tokens are stored: they are long
// random strings, so a fast hash is enough to make a leaked table useless.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// RandomCode returns a short random code for people to type (first-run setup).
func RandomCode() string {
	s, _ := randomString(9)
	return s
}
