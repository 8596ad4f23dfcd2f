package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/auth"
	"github.com/pushback-coach/pushback/playbook"
	"github.com/pushback-coach/pushback/store"
)

// StatusOf is the one place error codes become HTTP statuses; the web
// pages use it too.
func StatusOf(code string) int {
	switch code {
	case pushback.EINVALID:
		return http.StatusBadRequest
	case pushback.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case pushback.EFORBIDDEN:
		return http.StatusForbidden
	case pushback.ENOTFOUND:
		return http.StatusNotFound
	case pushback.ECONFLICT:
		return http.StatusConflict
	case pushback.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case pushback.ERATELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON of every error response:
// {"error": {"code": "invalid", "message": "...", "details": ...}}.
type ErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo is a stable code (see pushback.E*), a message for people, and
// details for some errors: the lines of an invalid playbook, the stored
// call a duplicate upload matches.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// ErrorLine is one problem in an uploaded file.
type ErrorLine struct {
	Line    int    `json:"line,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// WriteError writes err as a JSON error with the status its code maps to.
// Internal errors are logged and shown as "internal error".
func (s *Server) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = pushback.Errorf(pushback.ETOOLARGE, "request body larger than the %d byte limit", mbe.Limit)
	}
	code := pushback.ErrorCode(err)
	info := ErrorInfo{Code: code, Message: pushback.ErrorMessage(err)}
	var pbErrs playbook.Errors
	var dup *store.DuplicateError
	var limited *auth.RateLimitError
	switch {
	case errors.As(err, &pbErrs):
		lines := make([]ErrorLine, len(pbErrs))
		for i, e := range pbErrs {
			lines[i] = ErrorLine{Line: e.Line, Path: e.Path, Message: e.Msg}
		}
		info.Details = lines
	case errors.As(err, &dup):
		info.Details = map[string]int64{"call_id": dup.CallID}
		info.Message = dup.Error()
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", strconv.Itoa(limited.Seconds()))
	}
	if code == pushback.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="pushback"`)
	}
	if code == pushback.EINTERNAL {
		s.Logger.LogAttrs(r.Context(), slog.LevelError, "request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.String("err", err.Error()))
	}
	writeJSON(w, StatusOf(code), ErrorBody{Error: info})
}
