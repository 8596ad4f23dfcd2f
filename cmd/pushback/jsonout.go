package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/transcript"
)

// writeCall writes a pushback.call/v1 document, one line; with sentences,
// each turn also lists its sentences (parse shows how turns were split).
func writeCall(w io.Writer, call *pushback.Call, sentences bool) error {
	return spliceTurns(w, call, call.Turns, sentences)
}

// writeAnalysis writes a pushback.analysis/v1 document, one line.
func writeAnalysis(w io.Writer, a *pushback.Analysis) error {
	return spliceTurns(w, a, a.Turns, false)
}

// spliceMoments writes head (a document whose moments are null) to bw with
// the moments written by hand in their place.
func spliceMoments(bw *bufio.Writer, head []byte, moments []pushback.Moment) {
	const hole = `"moments":null`
	i := bytes.Index(head, []byte(hole))
	if i < 0 {
		bw.Write(head)
		return
	}
	bw.Write(head[:i])
	bw.WriteString(`"moments":[`)
	var buf []byte
	for k := range moments {
		if k > 0 {
			bw.WriteByte(',')
		}
		buf = appendMoment(buf[:0], &moments[k])
		bw.Write(buf)
	}
	bw.WriteByte(']')
	bw.Write(head[i+len(hole):])
}

// spliceTurns writes v as JSON with its turns written by hand: a long call's
// turns are most of the document, and writing them directly, turn by turn,
// costs a fraction of reflection and needs no buffer the size of the call.
func spliceTurns(w io.Writer, v any, turns []pushback.Turn, sentences bool) error {
	var head []byte
	var err error
	var moments []pushback.Moment
	switch x := v.(type) {
	case *pushback.Call:
		c := *x
		c.Turns = nil
		head, err = json.Marshal(&c)
	case *pushback.Analysis:
		a := *x
		a.Turns = nil
		moments = a.Moments
		if moments != nil {
			a.Moments = nil
		}
		head, err = json.Marshal(&a)
	}
	if err != nil {
		return err
	}
	const hole = `"turns":null`
	i := bytes.Index(head, []byte(hole))
	if i < 0 {
		return writeJSON(w, v)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(head[:i])
	bw.WriteString(`"turns":[`)
	var buf []byte
	for k := range turns {
		if k > 0 {
			bw.WriteByte(',')
		}
		buf = appendTurn(buf[:0], &turns[k], sentences)
		bw.Write(buf)
	}
	bw.WriteByte(']')
	if moments != nil {
		spliceMoments(bw, head[i+len(hole):], moments)
	} else {
		bw.Write(head[i+len(hole):])
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

func appendTurn(b []byte, t *pushback.Turn, sentences bool) []byte {
	b = append(b, `{"index":`...)
	b = strconv.AppendInt(b, int64(t.Index), 10)
	b = append(b, `,"speaker":`...)
	b = appendString(b, t.Speaker)
	switch t.Role { // the two roles, written out
	case pushback.RoleRep:
		b = append(b, `,"role":"rep","start_s":`...)
	case pushback.RoleProspect:
		b = append(b, `,"role":"prospect","start_s":`...)
	default:
		b = append(b, `,"role":`...)
		b = appendString(b, string(t.Role))
		b = append(b, `,"start_s":`...)
	}
	b = appendSeconds(b, t.Start)
	b = append(b, `,"end_s":`...)
	b = appendSeconds(b, t.End)
	b = append(b, `,"text":`...)
	b = appendString(b, t.Text)
	if sentences {
		b = append(b, `,"sentences":[`...)
		sents := t.Sentences
		if sents == nil {
			sents = lang.Sentences(t.Text)
		}
		for i, s := range sents {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendSeconds appends s as Seconds.MarshalJSON writes it, without the
// slice MarshalJSON allocates (two per turn).
func appendSeconds(b []byte, s pushback.Seconds) []byte {
	if !s.Known() {
		return append(b, "null"...)
	}
	return appendFloat(b, math.Round(float64(s)*1000)/1000)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string, escaping as encoding/json does
// with HTML escaping off (quotes, backslashes, control characters, invalid
// UTF-8, U+2028 and U+2029).
func appendString(b []byte, s string) []byte {
	// A short string (a name, a key, a verdict) that needs no escaping is
	// copied at once.
	if len(s) <= 16 && shortPlain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Thirty-two, then eight plain bytes at a time: most text needs no
		// escaping.
		for i+32 <= len(s) {
			w := s[i : i+32]
			if special(load64(w[:8]))|special(load64(w[8:16]))|special(load64(w[16:24]))|special(load64(w[24:])) != 0 {
				break
			}
			i += 32
		}
		for i+8 <= len(s) {
			if !plainWord(load64(s[i : i+8])) {
				break
			}
			i += 8
		}
		// Fewer than eight bytes left, all after plain ones: when the
		// string's last eight bytes are plain, so are they.
		if len(s)-i < 8 && len(s) >= 8 && plainWord(load64(s[len(s)-8:])) {
			i = len(s)
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if plainASCII[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// shortPlain reports whether s, of at most sixteen bytes, needs no
// escaping: from eight bytes on, its first and last eight (overlapping)
// are tested at once.
func shortPlain(s string) bool {
	if n := len(s); n >= 8 {
		return special(load64(s[:8]))|special(load64(s[n-8:])) == 0
	}
	for i := 0; i < len(s); i++ {
		if !plainASCII[s[i]] {
			return false
		}
	}
	return true
}

// plainASCII marks the bytes appendString copies as they are.
var plainASCII = func() (a [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		a[c] = c != '"' && c != '\\'
	}
	return
}()

func appendMoment(b []byte, m *pushback.Moment) []byte {
	b = append(b, `{"turn":`...)
	b = strconv.AppendInt(b, int64(m.Turn), 10)
	b = append(b, `,"quote":`...)
	b = appendString(b, m.Quote)
	b = append(b, `,"category":`...)
	b = appendString(b, string(m.Category))
	b = append(b, `,"topics":[`...)
	for i, t := range m.Topics {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, string(t))
	}
	b = append(b, `],"confidence":`...)
	b = appendFloat(b, m.Confidence)
	b = append(b, `,"reasons":`...)
	b = appendStrings(b, m.Reasons)
	b = append(b, `,"fact":`...)
	if m.Fact == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"id":`...)
		b = appendString(b, m.Fact.ID)
		b = append(b, `,"claim":`...)
		b = appendString(b, m.Fact.Claim)
		b = append(b, '}')
	}
	b = append(b, `,"response":`...)
	b = appendResponse(b, m.Response)
	b = append(b, `,"suggestion":`...)
	if m.Suggestion == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"script":`...)
		b = appendString(b, m.Suggestion.Script)
		b = append(b, `,"then_share":`...)
		b = appendString(b, m.Suggestion.ThenShare)
		b = append(b, '}')
	}
	b = append(b, `,"feedback":`...)
	b = appendString(b, m.Feedback)
	return append(b, '}')
}

func appendResponse(b []byte, r *pushback.Response) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"turns":[`...)
	for i, t := range r.Turns {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(t), 10)
	}
	b = append(b, `],"pushed_back":`...)
	b = strconv.AppendBool(b, r.PushedBack)
	b = append(b, `,"how":`...)
	b = appendString(b, string(r.How))
	for _, f := range [...]struct {
		name string
		v    bool
	}{{"warning", r.Warning}, {"permission", r.Permission}, {"permission_first", r.PermissionFirst}, {"waited_for_answer", r.WaitedForAnswer}} {
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = strconv.AppendBool(b, f.v)
	}
	b = append(b, `,"respectful":`...)
	b = appendOptBool(b, r.Respectful)
	b = append(b, `,"calm":`...)
	b = appendOptBool(b, r.Calm)
	b = append(b, `,"gave_reason":`...)
	b = strconv.AppendBool(b, r.GaveReason)
	b = append(b, `,"used_name":`...)
	b = strconv.AppendBool(b, r.UsedName)
	b = append(b, `,"scores":`...)
	b = appendFloatMap(b, r.Scores)
	b = append(b, `,"evidence":`...)
	b = appendStringMap(b, r.Evidence)
	if len(r.Reasons) > 0 {
		b = append(b, `,"reasons":`...)
		b = appendStrings(b, r.Reasons)
	}
	return append(b, '}')
}

func appendOptBool(b []byte, v *bool) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendBool(b, *v)
}

// load64 reads the first eight bytes of s little-endian. Callers slice s to
// a constant length first, so that the compiler checks bounds once and reads
// the eight bytes with a single load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plainWord reports whether none of eight bytes, read little-endian into x,
// needs escaping in a JSON string: no control byte, quote, backslash or
// non-ASCII byte.
func plainWord(x uint64) bool {
	return special(x) == 0
}

// special sets the high bit of each byte of x that needs escaping in a JSON
// string, and perhaps of bytes above one that does, never of bytes when none
// does. x's own high bits flag non-ASCII bytes; for ASCII bytes, subtracting
// sets a byte's high bit when it is below the value subtracted (or a borrow
// comes from a byte below it that was).
func special(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := x - ones*0x20          // bytes below 0x20
	quote := (x ^ ones*'"') - ones  // '"' bytes
	slash := (x ^ ones*'\\') - ones // '\\' bytes
	return (x | below | quote | slash) & highs
}

func appendStrings(b []byte, xs []string) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, x)
	}
	return append(b, ']')
}

// appendFloatMap and appendStringMap write maps with sorted keys, as
// encoding/json does. A response's maps hold a few keys: they are sorted
// in an array on the stack, with their values, rather than in a slice
// made for the purpose and then looked up again.
func appendFloatMap(b []byte, m map[string]float64) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	if len(m) > smallMap {
		b = append(b, '{')
		for i, k := range sortedKeys(m) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendFloat(b, m[k])
		}
		return append(b, '}')
	}
	var kv [smallMap]struct {
		k string
		v float64
	}
	n := 0
	for k, v := range m {
		j := n
		for ; j > 0 && kv[j-1].k > k; j-- {
			kv[j] = kv[j-1]
		}
		kv[j].k, kv[j].v = k, v
		n++
	}
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, kv[i].k)
		b = append(b, ':')
		b = appendFloat(b, kv[i].v)
	}
	return append(b, '}')
}

func appendStringMap(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	if len(m) > smallMap {
		b = append(b, '{')
		for i, k := range sortedKeys(m) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, m[k])
		}
		return append(b, '}')
	}
	var kv [smallMap][2]string
	n := 0
	for k, v := range m {
		j := n
		for ; j > 0 && kv[j-1][0] > k; j-- {
			kv[j] = kv[j-1]
		}
		kv[j] = [2]string{k, v}
		n++
	}
	b = append(b, '{')
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, kv[i][0])
		b = append(b, ':')
		b = appendString(b, kv[i][1])
	}
	return append(b, '}')
}

// smallMap is the most keys appendFloatMap and appendStringMap sort on the
// stack (a response has at most eight).
const smallMap = 8

// appendFloat is strconv.AppendFloat(b, v, 'f', -1, 64). Scores and
// confidences are rounded to thousandths: for v = k/1000 (the double
// nearest to it), the shortest decimal that reads back as v is k/1000
// itself, written here directly.
func appendFloat(b []byte, v float64) []byte {
	if v >= 0 && v < 1e6 && !math.Signbit(v) {
		k := int64(v*1000 + 0.5)
		if float64(k)/1000 == v {
			// The digits are written right to left into d (k < 1e9: at
			// most ten digits and a point), without strconv.AppendInt's
			// general path, as every turn's two times come here.
			var d [12]byte
			i := len(d)
			q := uint64(k)
			if f := q % 1000; f != 0 {
				n := 3 // fraction digits, trailing zeros dropped
				for f%10 == 0 {
					f /= 10
					n--
				}
				for ; n > 0; n-- {
					i--
					d[i] = byte('0' + f%10)
					f /= 10
				}
				i--
				d[i] = '.'
			}
			q /= 1000
			for {
				i--
				d[i] = byte('0' + q%10)
				q /= 10
				if q == 0 {
					break
				}
			}
			return append(b, d[i:]...)
		}
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// streamCall writes a pushback.call/v1 document as the transcript is read,
// each turn as soon as it is complete, so a call of any length parses in
// bounded memory. The turns come first, the fields known only at the end
// (format, duration, speakers) after them; JSON objects have no order.
func streamCall(w io.Writer, r io.Reader, opts transcript.Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	buf = append(buf, `{"schema":"pushback.call/v1","source":`...)
	buf = appendString(buf, opts.Name)
	buf = append(buf, `,"turns":[`...)
	bw.Write(buf)
	first := true
	call, err := transcript.Stream(r, opts, func(t *pushback.Turn) error {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		buf = appendTurn(buf[:0], t, true)
		_, err := bw.Write(buf)
		return err
	})
	if err != nil {
		if !first {
			bw.Flush() // what was read so far; the error says where it stopped
		}
		return err
	}
	tail, err := json.Marshal(struct {
		Format       string             `json:"format"`
		Duration     pushback.Seconds   `json:"duration_s"`
		RolesGuessed bool               `json:"roles_guessed"`
		Speakers     []pushback.Speaker `json:"speakers"`
	}{call.Format, call.Duration, call.RolesGuessed, call.Speakers})
	if err != nil {
		return err
	}
	bw.WriteString("],")
	bw.Write(tail[1:])
	bw.WriteByte('\n')
	return bw.Flush()
}
