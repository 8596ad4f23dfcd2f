package model

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// The binary form of a model, which loads in milliseconds where JSON takes a
// quarter of a second: the magic "PBM1", a little-endian uint32 length and
// the JSON header (name, classes, bits, bias, meta), a uint32 count of
// buckets, then for each bucket (ascending) its uint32 index and one float32
// weight per class.
var magic = []byte("PBM1")

// MarshalBinary writes the binary form.
func (m *Linear) MarshalBinary() ([]byte, error) {
	type header Linear
	h, err := json.Marshal((*header)(m))
	if err != nil {
		return nil, err
	}
	keys, rows := m.sortedRows()
	var b bytes.Buffer
	b.Write(magic)
	binary.Write(&b, binary.LittleEndian, uint32(len(h)))
	b.Write(h)
	binary.Write(&b, binary.LittleEndian, uint32(len(keys)))
	var word [4]byte
	for i, k := range keys {
		binary.LittleEndian.PutUint32(word[:], k)
		b.Write(word[:])
		for _, w := range rows[i] {
			binary.LittleEndian.PutUint32(word[:], math.Float32bits(w))
			b.Write(word[:])
		}
	}
	return b.Bytes(), nil
}

// UnmarshalBinary reads the binary form. The model keeps a copy of the data
// it needs.
func (m *Linear) UnmarshalBinary(data []byte) error {
	return m.unmarshal(bytes.Clone(data), true)
}

// UnmarshalShared reads the binary form without copying it: the model reads
// its weights from data, which must not change while the model is in use.
// For models embedded in the binary, which then load without a copy and lay
// out only the tables they are used through.
func (m *Linear) UnmarshalShared(data []byte) error { return m.unmarshal(data, true) }

// UnmarshalEmbedded is UnmarshalShared for a model built into the program,
// whose rows a test has already checked (with UnmarshalBinary): it does not
// check again that they ascend, a pass over a million rows at every start of
// the command line. A row out of order still reads as it says, and a bucket
// out of range is folded into the space rather than read out of bounds.
func (m *Linear) UnmarshalEmbedded(data []byte) error { return m.unmarshal(data, false) }

func (m *Linear) unmarshal(data []byte, checkRows bool) error {
	bad := func(what string) error { return fmt.Errorf("model: bad binary form: %s", what) }
	if !bytes.HasPrefix(data, magic) || len(data) < 8 {
		return bad("no PBM1 header")
	}
	data = data[4:]
	hl := int(binary.LittleEndian.Uint32(data))
	data = data[4:]
	if hl > len(data) {
		return bad("header longer than the file")
	}
	type header Linear
	if err := json.Unmarshal(data[:hl], (*header)(m)); err != nil {
		return bad(err.Error())
	}
	data = data[hl:]
	k := len(m.Classes)
	if k < 2 || len(m.Bias) != k || m.Bits == 0 || m.Bits > 24 {
		return bad(fmt.Sprintf("classes %d, bias %d, bits %d", k, len(m.Bias), m.Bits))
	}
	if len(data) < 4 {
		return bad("no bucket count")
	}
	n := int(binary.LittleEndian.Uint32(data))
	data = data[4:]
	row := 4 * (1 + k)
	if n < 0 || n > 1<<m.Bits || len(data) != n*row {
		return bad(fmt.Sprintf("%d buckets in %d bytes", n, len(data)))
	}
	// A small space is kept as the rows read, laid out densely on first use
	// (Linear.table); a large one goes into the map.
	m.dense, m.packed = nil, nil
	if checkRows {
		// Buckets ascend, so only the last can be out of range.
		last := int64(-1)
		for off := 0; off+row <= len(data); off += row {
			bucket := int64(binary.LittleEndian.Uint32(data[off : off+4]))
			if bucket <= last {
				return bad(fmt.Sprintf("bucket %d out of order", bucket))
			}
			last = bucket
		}
		if last >= 1<<m.Bits {
			return bad(fmt.Sprintf("bucket %d out of range", last))
		}
	}
	if m.Bits <= denseBits {
		m.Weights = nil
		m.packed = &packed{raw: data, n: n, mask: 1<<m.Bits - 1}
		return nil
	}
	m.Weights = make(map[uint32][]float32, n)
	flat := make([]float32, n*k)
	p := packed{raw: data, n: n, mask: 1<<m.Bits - 1}
	for i := 0; i < n; i++ {
		w := flat[i*k : i*k+k : i*k+k]
		m.Weights[p.row(i, w)] = w
	}
	return nil
}
