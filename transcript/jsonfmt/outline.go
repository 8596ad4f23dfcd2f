package jsonfmt

import "bytes"

// outline is what detection looks at: the keys near the top of a document
// and the kinds of their values, found by one quick pass over the bytes
// instead of a full decode. Paths are "segments", "results.channels" (keys
// of an object under a top-level key), "[0].start" (keys of the first element
// of a top-level array) and "sentences[0].speaker_name" (keys of the first
// element of an array under a top-level key). Kinds are the first byte of
// the value: '{', '[', '"', 't', 'f', 'n' or a digit or '-'.
//
// The pass does not validate: on malformed input it returns what it saw, and
// the decoder reports the syntax error afterwards.
type outline struct {
	top   byte            // first byte of the document
	kinds map[string]byte // path -> kind
	order []string        // top-level keys in document order
}

func (o *outline) has(path string) bool        { return o.kinds[path] != 0 }
func (o *outline) is(path string, k byte) bool { return o.kinds[path] == k }

// outlineFrame is an open object or array whose keys, or first element, the
// pass records; the others it steps over.
type outlineFrame struct {
	object bool
	path   string // path of the container
	index  int    // array: index of the current element
	key    string // object: the key whose value comes next
}

func outlineOf(data []byte) *outline {
	o := &outline{kinds: map[string]byte{}}
	var stack []outlineFrame
	i := skipSpace(data, 0)
	if i == len(data) {
		return o
	}
	o.top = data[i]
	for i < len(data) {
		c := data[i]
		switch c {
		case ' ', '\t', '\r', '\n', ':':
			i++
			continue
		case ',':
			if n := len(stack); n > 0 {
				if stack[n-1].object {
					stack[n-1].key = ""
				} else {
					stack[n-1].index++
				}
			}
			i++
			continue
		case '}', ']':
			if len(stack) == 0 {
				return o
			}
			stack = stack[:len(stack)-1]
			i++
			continue
		}
		if n := len(stack); c == '"' && n > 0 && stack[n-1].object && stack[n-1].key == "" {
			end := stringEnd(data, i)
			if end < 0 {
				return o
			}
			stack[n-1].key = string(data[i+1 : end])
			if n == 1 && stack[0].object {
				o.order = append(o.order, stack[n-1].key)
			}
			i = end + 1
			continue
		}
		// A value: record its kind if its container asks, then step into it
		// (when its own keys are recorded) or over it.
		path, record, inside := "", true, true
		if n := len(stack); n > 0 {
			f := &stack[n-1]
			switch {
			case f.object:
				path, inside = join(f.path, f.key), n == 1
			case f.index == 0:
				path, inside = f.path+"[0]", n == 1 || n == 2 && c == '{'
			default:
				record, inside = false, false
			}
		}
		if record && path != "" {
			if _, seen := o.kinds[path]; !seen {
				o.kinds[path] = c
			}
		}
		switch {
		case c == '{' || c == '[':
			if !inside {
				if i = skipValue(data, i); i < 0 {
					return o
				}
				continue
			}
			stack = append(stack, outlineFrame{object: c == '{', path: path})
			i++
		case c == '"':
			end := stringEnd(data, i)
			if end < 0 {
				return o
			}
			i = end + 1
		default:
			j := i + 1
			for j < len(data) && !isDelimiter(data[j]) {
				j++
			}
			if j == i+1 && !isLiteralStart(c) {
				return o // not JSON
			}
			i = j
		}
	}
	return o
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\r', '\n', '"', '{', '[':
		return true
	}
	return false
}

func isLiteralStart(c byte) bool {
	return c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

// stringEnd returns the index of the quote that ends the string starting at
// data[i], or -1.
func stringEnd(data []byte, i int) int {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return -1
		}
		j += k
		backslashes := 0
		for b := j - 1; b > i && data[b] == '\\'; b-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return j
		}
		j++
	}
}

// containerChars are the bytes skipValue stops at.
var containerChars = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// skipValue steps over the object or array starting at data[i] and returns
// the index after it, or -1 when the document ends first.
func skipValue(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		c := data[i]
		if !containerChars[c] {
			i++
			continue
		}
		switch c {
		case '"':
			end := stringEnd(data, i)
			if end < 0 {
				return -1
			}
			i = end + 1
			continue
		case '{', '[':
			depth++
		default:
			depth--
		}
		i++
		if depth == 0 {
			return i
		}
	}
	return -1
}
