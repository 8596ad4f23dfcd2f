package live

import (
	"bytes"
	"encoding/json"
	"io"
	"time"
)

// Encoder writes events as JSON, stamping each with its latency (the time
// from its input's arrival to now) just before it is encoded.
type Encoder struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

// NewEncoder returns an encoder writing JSON lines to w (nil when only
// Marshal is used).
func NewEncoder(w io.Writer) *Encoder {
	e := &Encoder{w: w}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// Encode writes ev as one line.
func (e *Encoder) Encode(ev *Event) error {
	b, err := e.marshal(ev)
	if err != nil {
		return err
	}
	_, err = e.w.Write(b)
	return err
}

// Marshal returns ev as JSON without the line end; the bytes are valid
// until the next call.
func (e *Encoder) Marshal(ev *Event) ([]byte, error) {
	b, err := e.marshal(ev)
	if err != nil {
		return nil, err
	}
	return b[:len(b)-1], nil
}

func (e *Encoder) marshal(ev *Event) ([]byte, error) {
	if !ev.arrived.IsZero() {
		ev.LatencyUS = max(time.Since(ev.arrived).Microseconds(), 1)
	}
	e.buf.Reset()
	if err := e.enc.Encode(ev); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}
