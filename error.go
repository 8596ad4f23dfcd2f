package pushback

import (
	"errors"
	"fmt"
)

// Error codes. The command line maps them to exit codes and the HTTP layer to
// statuses, each in one place.
const (
	EINVALID      = "invalid"      // unusable input: exit 2, HTTP 400
	ENOTFOUND     = "not_found"    // HTTP 404
	ECONFLICT     = "conflict"     // HTTP 409
	ETOOLARGE     = "too_large"    // exit 2, HTTP 413
	EUNAUTHORIZED = "unauthorized" // HTTP 401
	EFORBIDDEN    = "forbidden"    // HTTP 403
	ERATELIMIT    = "rate_limited" // HTTP 429
	EINTERNAL     = "internal"     // exit 1, HTTP 500
)

// Error is an error with a stable code and a message fit for users.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the code of the first *Error or
// *InputError in its chain, else EINTERNAL (nil gives "").
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var ie *InputError
	if errors.As(err, &ie) {
		if ie.Code != "" {
			return ie.Code
		}
		return EINVALID
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors, which may carry details not meant for users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Error()
	}
	return "internal error"
}

// InputError says where in an input file something unexpected was found.
// It prints as "file:line: message", "file: $.path: message" or "file: message".
type InputError struct {
	Code string // EINVALID unless set (ETOOLARGE for size limits)
	File string // the file as the user named it; "-" or "" for stdin
	Line int    // 1-based line, 0 when not known
	Path string // JSON path such as $.results[0].words, "" when not JSON
	Msg  string // what was found and what was expected
}

func (e *InputError) Error() string {
	file := e.File
	if file == "" || file == "-" {
		file = "<stdin>"
	}
	switch {
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", file, e.Line, e.Msg)
	case e.Path != "":
		return fmt.Sprintf("%s: %s: %s", file, e.Path, e.Msg)
	default:
		return fmt.Sprintf("%s: %s", file, e.Msg)
	}
}

// WithFile returns err with the file name set when it is an *InputError
// without one; other errors are wrapped as "file: err".
func WithFile(err error, file string) error {
	if err == nil {
		return nil
	}
	var ie *InputError
	if errors.As(err, &ie) {
		if ie.File == "" {
			c := *ie
			c.File = file
			return &c
		}
		return err
	}
	return err
}
