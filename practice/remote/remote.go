// Package remote keeps practice attempts on a team server: it is the client
// of POST /api/v1/practice/attempts and GET /api/v1/practice/progress (the
// shapes are in the practice package's documentation).
package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/practice"
)

// maxResponse bounds what is read from the server: a rep's whole history
// fits many times over.
const maxResponse = 64 << 20

// Client is a practice.Store on a team server.
type Client struct {
	base  *url.URL
	token string
	hc    *http.Client
}

var _ practice.Store = (*Client)(nil)

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (the default times out after 20s).
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// New returns a client of the server at baseURL (http or https, with any
// path prefix the server lives under); token is sent as a bearer token.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, pushback.Errorf(pushback.EINVALID, "server %q: expected a URL such as https://pushback.example.com", baseURL)
	}
	u.RawQuery, u.Fragment = "", ""
	c := &Client{base: u, token: strings.TrimSpace(token), hc: &http.Client{Timeout: 20 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Record sends one attempt to the server.
func (c *Client) Record(ctx context.Context, a practice.Attempt) error {
	if err := a.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, "api/v1/practice/attempts", nil, body, nil)
}

// Attempts fetches the rep's attempts, oldest first.
func (c *Client) Attempts(ctx context.Context, rep string) ([]practice.Attempt, error) {
	var p practice.Progress
	if err := c.do(ctx, http.MethodGet, "api/v1/practice/progress", url.Values{"rep": {rep}}, nil, &p); err != nil {
		return nil, err
	}
	for i, a := range p.Attempts {
		if !a.Category.Valid() || a.ScenarioID == "" {
			return nil, c.errorf(pushback.EINTERNAL, "progress: $.attempts[%d]: expected scenario_id and a category", i)
		}
	}
	// The API promises oldest first; sort anyway, the schedule depends on it.
	slices.SortStableFunc(p.Attempts, func(a, b practice.Attempt) int { return a.At.Compare(b.At) })
	return p.Attempts, nil
}

func (c *Client) do(ctx context.Context, method, path string, query url.Values, body []byte, out any) error {
	u := c.base.JoinPath(path)
	u.RawQuery = query.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return c.errorf(pushback.EINTERNAL, "%s: %v", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return c.errorf(pushback.EINTERNAL, "%s: reading the answer: %v", path, err)
	}
	if len(data) > maxResponse {
		return c.errorf(pushback.ETOOLARGE, "%s: answer larger than %d MiB", path, maxResponse>>20)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.statusError(path, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return c.errorf(pushback.EINTERNAL, "%s: expected JSON %s: %v", path, shapeOf(out), err)
	}
	return nil
}

// statusError maps an HTTP status to an error code, with the server's message.
func (c *Client) statusError(path string, status int, body []byte) error {
	var e struct {
		Error string `json:"error"`
	}
	msg := http.StatusText(status)
	if json.Unmarshal(body, &e) == nil && strings.TrimSpace(e.Error) != "" {
		msg = strings.TrimSpace(e.Error)
	}
	code := pushback.EINTERNAL
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		code = pushback.EINVALID
	case http.StatusUnauthorized:
		code, msg = pushback.EUNAUTHORIZED, msg+" (check --token or PUSHBACK_TOKEN)"
	case http.StatusForbidden:
		code = pushback.EFORBIDDEN
	case http.StatusNotFound:
		code = pushback.ENOTFOUND
	case http.StatusTooManyRequests:
		code = pushback.ERATELIMIT
	case http.StatusRequestEntityTooLarge:
		code = pushback.ETOOLARGE
	}
	return c.errorf(code, "%s: %d %s", path, status, msg)
}

func (c *Client) errorf(code, format string, args ...any) error {
	return pushback.Errorf(code, "team server %s: %s", c.base.Redacted(), fmt.Sprintf(format, args...))
}

func shapeOf(v any) string {
	if _, ok := v.(*practice.Progress); ok {
		return `{"attempts": [...]}`
	}
	return "object"
}
