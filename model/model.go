// Package model holds Pushback's learned models: linear models (multinomial
// logistic regression) over hashed features, trained in pure Go by
// cmd/pushback-train from data committed in the repository, saved as JSON and
// embedded in the binary. Training is deterministic: the same data and
// options give the same weights.
package model

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"sync"
	"unsafe"
)

// Feature is one input of a linear model: a hashed name and a value.
type Feature struct {
	ID    uint32
	Value float32
}

// Hash maps a feature name to its id (FNV-1a, 32 bits).
func Hash(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()
}

// HashString is Hash without allocating: FNV-1a over s.
func HashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// Word n-gram features hash each word once (WordHash) and combine word
// hashes with a namespace (Namespace("w:")), so a text's unigrams and
// bigrams cost one pass over its bytes.

// WordHash hashes a word (FNV-1a).
func WordHash(w string) uint32 { return HashString(w) }

// Namespace is the seed of a family of n-gram features ("w:", "b:", ...).
func Namespace(prefix string) uint32 { return HashString(prefix) }

// Unigram is the feature id of a word hash in a namespace.
func Unigram(ns, w uint32) uint32 { return mix(ns ^ w*0x9e3779b1) }

// Bigram is the feature id of two consecutive word hashes in a namespace.
func Bigram(ns, a, b uint32) uint32 { return mix(ns + (a*0x85ebca6b ^ b*0xc2b2ae35)) }

// mix is the murmur3 finaliser: it spreads the bits of h.
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// Linear is a multinomial logistic regression over hashed features. With
// two classes it is a plain logistic regression.
type Linear struct {
	Name    string               `json:"name"`
	Classes []string             `json:"classes"`
	Bits    uint                 `json:"bits"` // the feature space has 1<<Bits buckets
	Bias    []float32            `json:"bias"`
	Weights map[uint32][]float32 `json:"-"` // bucket -> weight per class
	Meta    Meta                 `json:"meta"`

	dense []float32 // Weights laid out densely when the space is small enough
	// packed is a model read from its binary form with a small space: its
	// rows as read, laid out densely on first use. A model read only to be
	// bundled (model.Bundle) never needs its own table.
	packed *packed
}

// packed holds the rows of a model read from its binary form, as they are
// laid out there: for each bucket, ascending, its uint32 index and one
// float32 weight per class, little-endian.
type packed struct {
	raw   []byte
	n     int    // rows
	mask  uint32 // 1<<Bits - 1: buckets are read through it, so rows never checked (UnmarshalEmbedded) cannot index out of the table
	once  sync.Once
	dense []float32
}

// row returns the bucket of row i and decodes its weights into w.
func (p *packed) row(i int, w []float32) uint32 {
	r := p.raw[i*4*(1+len(w)):]
	for c := range w {
		w[c] = math.Float32frombits(binary.LittleEndian.Uint32(r[4+4*c:]))
	}
	return binary.LittleEndian.Uint32(r) & p.mask
}

// fill writes each row's weights, less base when base is not negative (the
// weight of class base), at out[bucket*stride+offset+c] for class c (c
// other than base; one column when base is set).
func (p *packed) fill(out []float32, k, stride, offset, base int) {
	size := 4 * (1 + k)
	raw := p.raw[:p.n*size]
	le := binary.LittleEndian
	mask := p.mask
	// The models' own shapes have loops of their own: they run over a
	// million rows at every start of the command line.
	switch {
	case base == 0 && k == 2:
		fillDiff(rowsOf[[12]byte](raw), out, mask, stride, offset)
		return
	case base < 0 && k == 2:
		fill2(rowsOf[[12]byte](raw), out, mask, stride, offset)
		return
	case base < 0 && k == 4:
		fill4(rowsOf[[20]byte](raw), out, mask, stride, offset)
		return
	}
	for off := 0; off+size <= len(raw); off += size {
		r := raw[off : off+size : off+size]
		at := int(le.Uint32(r)&mask)*stride + offset
		if base >= 0 {
			w0 := math.Float32frombits(le.Uint32(r[4+4*base:]))
			w1 := math.Float32frombits(le.Uint32(r[4+4*(1-base):]))
			out[at] = w1 - w0
			continue
		}
		d := out[at : at+k : at+k]
		for c := range d {
			d[c] = math.Float32frombits(le.Uint32(r[4+4*c:]))
		}
	}
}

// rowsOf views raw as rows of a fixed size (its length a multiple of the
// size), without copying. A loop over the rows then reads each at constant
// offsets with no bounds check, about two thirds of the instructions of
// slicing raw a row at a time.
func rowsOf[R [12]byte | [20]byte](raw []byte) []R {
	var r R
	if len(raw) < len(r) {
		return nil
	}
	return unsafe.Slice((*R)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/len(r))
}

// fillDiff is fill for a two-class model in a bundle: class 1 less class 0.
func fillDiff(rows [][12]byte, out []float32, mask uint32, stride, offset int) {
	le := binary.LittleEndian
	for i := range rows {
		r := &rows[i]
		at := int(le.Uint32(r[0:4])&mask)*stride + offset
		out[at] = math.Float32frombits(le.Uint32(r[8:12])) - math.Float32frombits(le.Uint32(r[4:8]))
	}
}

// fill2 is fill for a two-class model's own table (the roles model).
func fill2(rows [][12]byte, out []float32, mask uint32, stride, offset int) {
	le := binary.LittleEndian
	for i := range rows {
		r := &rows[i]
		at := int(le.Uint32(r[0:4])&mask)*stride + offset
		d := out[at : at+2 : at+2]
		d[0] = math.Float32frombits(le.Uint32(r[4:8]))
		d[1] = math.Float32frombits(le.Uint32(r[8:12]))
	}
}

// fill4 is fill for a four-class model's own table (the moment model).
func fill4(rows [][20]byte, out []float32, mask uint32, stride, offset int) {
	le := binary.LittleEndian
	for i := range rows {
		r := &rows[i]
		at := int(le.Uint32(r[0:4])&mask)*stride + offset
		d := out[at : at+4 : at+4]
		d[0] = math.Float32frombits(le.Uint32(r[4:8]))
		d[1] = math.Float32frombits(le.Uint32(r[8:12]))
		d[2] = math.Float32frombits(le.Uint32(r[12:16]))
		d[3] = math.Float32frombits(le.Uint32(r[16:20]))
	}
}

// table returns the model's dense table, building it from the packed rows
// on first use; nil when the model has none (a large space, kept as a map).
func (m *Linear) table() []float32 {
	if m.dense != nil || m.packed == nil {
		return m.dense
	}
	p := m.packed
	p.once.Do(func() {
		k := len(m.Classes)
		dense := floats((1 << m.Bits) * k)
		p.fill(dense, k, k, 0, -1)
		p.dense = dense
	})
	return p.dense
}

// eachRow calls fn with every non-zero row of the model, by bucket (in no
// set order), without building the dense table of a packed model. w is valid
// only during the call.
func (m *Linear) eachRow(fn func(bucket uint32, w []float32)) {
	k := len(m.Classes)
	switch {
	case m.packed != nil && m.dense == nil:
		w := make([]float32, k)
		for i := 0; i < m.packed.n; i++ {
			fn(m.packed.row(i, w), w)
		}
	case m.dense != nil:
		for b := 0; b*k < len(m.dense); b++ {
			row := m.dense[b*k : b*k+k : b*k+k]
			for _, w := range row {
				if w != 0 {
					fn(uint32(b), row)
					break
				}
			}
		}
	default:
		for b, w := range m.Weights {
			fn(b, w)
		}
	}
}

// Meta records where a model came from.
type Meta struct {
	Trained    string             `json:"trained,omitempty"` // the command that trained it
	Data       []string           `json:"data,omitempty"`    // data sets, with licences
	Examples   int                `json:"examples,omitempty"`
	Options    map[string]string  `json:"options,omitempty"`
	Thresholds map[string]float64 `json:"thresholds,omitempty"` // decision thresholds chosen by cross-validation
}

// Bucket maps a feature id into the model's space.
func (m *Linear) Bucket(id uint32) uint32 { return id & (1<<m.Bits - 1) }

// Weight returns the weight of feature id for class c.
func (m *Linear) Weight(id uint32, c int) float32 {
	b := m.Bucket(id)
	if dense := m.table(); dense != nil {
		return dense[int(b)*len(m.Classes)+c]
	}
	if w, ok := m.Weights[b]; ok {
		return w[c]
	}
	return 0
}

// Logits computes the per-class scores of a feature vector into out.
func (m *Linear) Logits(fs []Feature, out []float64) []float64 {
	k := len(m.Classes)
	out = out[:0]
	for c := 0; c < k; c++ {
		out = append(out, float64(m.Bias[c]))
	}
	dense := m.table()
	if dense != nil && k == 4 {
		// The moment model's four classes.
		out[0], out[1], out[2], out[3] = dot4(dense, uint32(1)<<m.Bits-1, fs, out[0], out[1], out[2], out[3])
		return out
	}
	if dense != nil {
		for _, f := range fs {
			row := dense[int(m.Bucket(f.ID))*k:]
			for c := 0; c < k; c++ {
				out[c] += float64(row[c] * f.Value)
			}
		}
		return out
	}
	for _, f := range fs {
		w, ok := m.Weights[m.Bucket(f.ID)]
		if !ok {
			continue
		}
		for c := 0; c < k; c++ {
			out[c] += float64(w[c] * f.Value)
		}
	}
	return out
}

// dot4 adds to a0..a3 each feature's value times its row of four weights in
// dense, the rows laid out one after another by bucket (id&mask). The sums
// stay in registers, so each row is an independent load and the cache
// misses overlap.
func dot4(dense []float32, mask uint32, fs []Feature, a0, a1, a2, a3 float64) (float64, float64, float64, float64) {
	for _, f := range fs {
		i := int(f.ID&mask) * 4
		row := dense[i : i+4 : i+4]
		v := f.Value
		a0 += float64(row[0] * v)
		a1 += float64(row[1] * v)
		a2 += float64(row[2] * v)
		a3 += float64(row[3] * v)
	}
	return a0, a1, a2, a3
}

// Probs returns the class probabilities (softmax of the logits) into out.
func (m *Linear) Probs(fs []Feature, out []float64) []float64 {
	out = m.Logits(fs, out)
	softmax(out)
	return out
}

func softmax(z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = max(mx, v)
	}
	sum := 0.0
	for i, v := range z {
		z[i] = math.Exp(v - mx)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

// Class returns the index of a class name, or -1.
func (m *Linear) Class(name string) int {
	for i, c := range m.Classes {
		if c == name {
			return i
		}
	}
	return -1
}

// file is the JSON form: weights as parallel arrays, sorted by bucket.
type file struct {
	Linear
	Buckets []uint32    `json:"buckets"`
	Values  [][]float32 `json:"values"`
}

// MarshalJSON writes the model with its weights sorted by bucket, rounded to
// six significant digits, so the file is stable and diffable.
func (m *Linear) MarshalJSON() ([]byte, error) {
	type plain Linear
	keys, vals := m.sortedRows()
	for i := range vals {
		for c := range vals[i] {
			vals[i][c] = round6(vals[i][c])
		}
	}
	for c := range m.Bias {
		m.Bias[c] = round6(m.Bias[c])
	}
	return json.Marshal(struct {
		*plain
		Buckets []uint32    `json:"buckets"`
		Values  [][]float32 `json:"values"`
	}{(*plain)(m), keys, vals})
}

func round6(f float32) float32 {
	if f == 0 {
		return 0
	}
	return float32(math.Round(float64(f)*1e6) / 1e6)
}

// UnmarshalJSON reads a model written by MarshalJSON.
func (m *Linear) UnmarshalJSON(b []byte) error {
	type plain Linear
	var f struct {
		*plain
		Buckets []uint32    `json:"buckets"`
		Values  [][]float32 `json:"values"`
	}
	f.plain = (*plain)(m)
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	if len(f.Buckets) != len(f.Values) {
		return fmt.Errorf("model %s: %d buckets but %d weight rows", m.Name, len(f.Buckets), len(f.Values))
	}
	if len(m.Classes) < 2 || len(m.Bias) != len(m.Classes) || m.Bits == 0 || m.Bits > 24 {
		return fmt.Errorf("model %s: bad header (classes %d, bias %d, bits %d)", m.Name, len(m.Classes), len(m.Bias), m.Bits)
	}
	m.Weights = make(map[uint32][]float32, len(f.Buckets))
	for i, k := range f.Buckets {
		if len(f.Values[i]) != len(m.Classes) {
			return fmt.Errorf("model %s: bucket %d has %d weights, want %d", m.Name, k, len(f.Values[i]), len(m.Classes))
		}
		m.Weights[k] = f.Values[i]
	}
	m.densify()
	return nil
}

// denseBits is the largest feature space kept as one dense table.
const denseBits = 20

// Rows returns the model's non-zero weight rows by bucket. A model read from
// its binary form keeps a small space only as a dense table; Rows rebuilds
// the map from it (the rows share the table's memory).
func (m *Linear) Rows() map[uint32][]float32 {
	if m.Weights != nil || (m.dense == nil && m.packed == nil) {
		return m.Weights
	}
	rows := map[uint32][]float32{}
	m.eachRow(func(b uint32, w []float32) { rows[b] = append([]float32(nil), w...) })
	return rows
}

// sortedRows is Rows sorted by bucket.
func (m *Linear) sortedRows() ([]uint32, [][]float32) {
	rows := m.Rows()
	keys := make([]uint32, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	vals := make([][]float32, len(keys))
	for i, k := range keys {
		vals[i] = rows[k]
	}
	return keys, vals
}

// densify lays the weights out in one slice for fast lookups when the
// feature space is at most 2^20 buckets.
func (m *Linear) densify() {
	if m.Bits > denseBits {
		m.dense = nil
		return
	}
	k := len(m.Classes)
	m.dense = floats((1 << m.Bits) * k)
	for b, w := range m.Weights {
		copy(m.dense[int(b)*k:], w)
	}
}
