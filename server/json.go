package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pushback-coach/pushback"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// readJSON decodes a JSON request body strictly: unknown fields and
// trailing data are errors that say what was expected.
func readJSON(r *http.Request, into any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		var mbe *http.MaxBytesError
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.Is(err, io.EOF):
			return pushback.Errorf(pushback.EINVALID, "empty body: expected a JSON object")
		case errors.As(err, &syn):
			return pushback.Errorf(pushback.EINVALID, "body: invalid JSON at byte %d: %v", syn.Offset, err)
		case errors.As(err, &typ):
			return pushback.Errorf(pushback.EINVALID, "body: $.%s: expected %s, got %s", typ.Field, typ.Type, typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return pushback.Errorf(pushback.EINVALID, "body: %s", strings.TrimPrefix(err.Error(), "json: "))
		}
		return pushback.Errorf(pushback.EINVALID, "body: %v", err)
	}
	if dec.More() {
		return pushback.Errorf(pushback.EINVALID, "body: expected one JSON object")
	}
	return nil
}

// pathID reads the {id} of the route; a malformed id names nothing, so it is not found.
func pathID(r *http.Request, what string) (int64, error) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, pushback.Errorf(pushback.ENOTFOUND, "no %s %q", what, v)
	}
	return id, nil
}

// query reads filters from the query string, remembering the first error.
type query struct {
	r   *http.Request
	err error
}

func (q *query) str(name string) string { return strings.TrimSpace(q.r.URL.Query().Get(name)) }

func (q *query) id(name string) int64 {
	v := q.str(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		q.fail("?%s=%q: expected a positive id", name, v)
	}
	return n
}

func (q *query) int(name string) int {
	v := q.str(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		q.fail("?%s=%q: expected a number", name, v)
	}
	return n
}

func (q *query) boolPtr(name string) *bool {
	v := q.str(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.fail("?%s=%q: expected true or false", name, v)
		return nil
	}
	return &b
}

// time reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func (q *query) time(name string) time.Time {
	v := q.str(name)
	if v == "" {
		return time.Time{}
	}
	t, err := parseTime(v)
	if err != nil {
		q.fail("?%s=%q: %v", name, v, err)
	}
	return t
}

func (q *query) oneOf(name string, allowed ...string) string {
	v := q.str(name)
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	q.fail("?%s=%q: expected one of %s", name, v, strings.Join(allowed, ", "))
	return ""
}

func (q *query) fail(format string, args ...any) {
	if q.err == nil {
		q.err = pushback.Errorf(pushback.EINVALID, format, args...)
	}
}

func parseTime(v string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("expected a date (2025-03-01) or an RFC 3339 time (2025-03-01T14:00:00Z)")
}

// page is how lists are returned: the items and the cursor of the next page.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}
