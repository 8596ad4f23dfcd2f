package jsonfmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
)

// maxSeconds bounds the times Pushback believes: a call offset beyond it
// (about 31 years) is a corrupt value, not a time, and is treated as unknown.
const maxSeconds = 1e9

// number is a JSON number that services also write as a string ("0.49" in
// Amazon Transcribe, start_time in Fireflies) or leave null. Anything else,
// and any value that is not finite, is an error.
type number struct {
	v  float64
	ok bool // the document gave a value
}

func (n *number) UnmarshalJSON(b []byte) error {
	n.ok = false
	switch b[0] {
	case 'n':
		return nil
	case '"':
		s, err := unquote(b)
		if err != nil {
			return typeError("string", n)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return typeError("string "+strconv.Quote(clip(s)), n)
		}
		n.v, n.ok = v, true
		return nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.IsInf(v, 0) {
			return typeError("number "+clip(string(b)), n)
		}
		n.v, n.ok = v, true
		return nil
	}
	return typeError(kindName(b[0]), n)
}

// seconds reads the number as a time in seconds.
func (n number) seconds() pushback.Seconds { return toSeconds(n.v, n.ok) }

// millis reads the number as a time in milliseconds.
func (n number) millis() pushback.Seconds { return toSeconds(n.v/1000, n.ok) }

func toSeconds(v float64, ok bool) pushback.Seconds {
	if !ok || v < 0 || v > maxSeconds || math.IsNaN(v) {
		return pushback.NoTime
	}
	return pushback.Seconds(v)
}

// label is a speaker or channel label: services write it as a string ("A",
// "spk_0"), an integer (Deepgram's speaker 0) or null.
type label struct {
	s  string
	ok bool
}

func (l *label) UnmarshalJSON(b []byte) error {
	l.s, l.ok = "", false
	switch b[0] {
	case 'n':
		return nil
	case '"':
		s, err := unquote(b)
		if err != nil {
			return typeError("string", l)
		}
		l.s, l.ok = strings.TrimSpace(s), true
		return nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if len(b) > 40 {
			return typeError("number "+clip(string(b)), l)
		}
		l.s, l.ok = string(b), true
		return nil
	}
	return typeError(kindName(b[0]), l)
}

// present records that a key exists and the kind of its value, without
// decoding it: shape detection looks at keys only.
type present struct{ kind byte }

func (p *present) UnmarshalJSON(b []byte) error {
	p.kind = b[0]
	return nil
}

// exists reports whether the key was there, even with a null value.
func (p present) exists() bool { return p.kind != 0 }

// unquote decodes a JSON string literal, cheaply when it has no escapes.
func unquote(b []byte) (string, error) {
	if len(b) >= 2 && bytes.IndexByte(b, '\\') < 0 {
		return string(b[1 : len(b)-1]), nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

func typeError(found string, v any) error {
	return &json.UnmarshalTypeError{Value: found, Type: reflect.TypeOf(v).Elem()}
}

func kindName(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// clip shortens a value quoted in an error message.
func clip(s string) string { return clipTo(s, 24) }

func clipTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// unmarshal decodes data into v and turns the decoder's errors into
// *pushback.InputError: syntax errors carry the line, type errors the JSON path
// of the offending value.
func unmarshal(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	return inputError(data, err)
}

func inputError(data []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return syntaxError(data, syn)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		path := pathOf(data, typ)
		return &pushback.InputError{Path: path, Msg: fmt.Sprintf("expected %s, found %s", want(typ.Type), found(typ.Value))}
	}
	return &pushback.InputError{Msg: "invalid JSON: " + err.Error()}
}

func syntaxError(data []byte, syn *json.SyntaxError) error {
	at := int(syn.Offset) - 1
	if at < 0 {
		at = 0
	}
	if at > len(data) {
		at = len(data)
	}
	line := 1 + bytes.Count(data[:at], []byte{'\n'})
	col := at - bytes.LastIndexByte(data[:at], '\n')
	if syn.Offset >= int64(len(data)) && strings.Contains(syn.Error(), "end of JSON input") {
		return &pushback.InputError{Line: line, Msg: "unexpected end of JSON: the file looks truncated (expected the rest of the document)"}
	}
	msg := syn.Error()
	if strings.Contains(msg, "max depth") {
		msg = "JSON nested too deeply"
	}
	return &pushback.InputError{Line: line, Msg: fmt.Sprintf("invalid JSON at column %d: %s", col, msg)}
}

func want(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[number]():
		return "a number (or a number in a string)"
	case reflect.TypeFor[label]():
		return "a label (string or integer)"
	}
	switch t.Kind() {
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Pointer:
		return want(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	}
	return t.String()
}

func found(v string) string {
	switch v {
	case "object", "array":
		return "an " + v
	case "string", "bool", "number":
		return "a " + v
	}
	return v
}

// pathOf finds the JSON path (with array indices) of the value a type error
// is about. The decoder names the field ("results.items.start_time") but not
// the array indices, so walk the document to the first value at that field
// that does not decode into the expected type: values are decoded in
// document order, so the first failing one is the one reported.
func pathOf(data []byte, typ *json.UnmarshalTypeError) string {
	var field []string
	if typ.Field != "" {
		field = strings.Split(typ.Field, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	w := walker{dec: dec, field: field, typ: typ.Type}
	if p, ok := w.value("$", 0); ok {
		return p
	}
	if typ.Field == "" {
		return "$"
	}
	return "$." + typ.Field
}

type walker struct {
	dec   *json.Decoder
	field []string
	typ   reflect.Type
}

// value walks the next value, at path p, which matches field[:depth]. It
// reports the path of the failing value when it is found inside.
func (w *walker) value(p string, depth int) (string, bool) {
	if depth == len(w.field) {
		var raw json.RawMessage
		if err := w.dec.Decode(&raw); err != nil {
			return "", false
		}
		if w.typ == nil || json.Unmarshal(raw, reflect.New(w.typ).Interface()) != nil {
			return p, true
		}
		return "", false
	}
	tok, err := w.dec.Token()
	if err != nil {
		return "", false
	}
	switch tok {
	case json.Delim('{'):
		for w.dec.More() {
			kt, err := w.dec.Token()
			if err != nil {
				return "", false
			}
			key, _ := kt.(string)
			if strings.EqualFold(key, w.field[depth]) {
				if q, ok := w.value(p+"."+key, depth+1); ok {
					return q, true
				}
				continue
			}
			var skip json.RawMessage
			if w.dec.Decode(&skip) != nil {
				return "", false
			}
		}
		w.dec.Token()
	case json.Delim('['):
		for i := 0; w.dec.More(); i++ {
			if q, ok := w.value(p+"["+strconv.Itoa(i)+"]", depth); ok {
				return q, true
			}
		}
		w.dec.Token()
	}
	return "", false
}
