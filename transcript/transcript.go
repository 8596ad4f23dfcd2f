// Package transcript turns the transcript files sales teams already have into
// a pushback.Call: it decodes the bytes, detects the format from the content,
// runs that format's reader, merges cues into turns, splits sentences and
// assigns roles.
package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pushback-coach/pushback"
	"github.com/pushback-coach/pushback/lang"
	"github.com/pushback-coach/pushback/roles"
	"github.com/pushback-coach/pushback/transcript/jsonfmt"
	"github.com/pushback-coach/pushback/transcript/srt"
	"github.com/pushback-coach/pushback/transcript/textfmt"
	"github.com/pushback-coach/pushback/transcript/webvtt"
)

// DefaultMaxBytes is the largest input Parse accepts unless told otherwise.
const DefaultMaxBytes = 64 << 20

// DefaultSpeaker names the speaker of a transcript that names none.
const DefaultSpeaker = "Speaker"

// Options says how to read a transcript.
type Options struct {
	Name     string   // the file as the user named it: used in errors, the "source" field and as a format hint
	Format   string   // a format id to force; "" detects it from the content
	Reps     []string // seller-side speakers (--rep); none: guess the roles
	MaxBytes int64    // input size limit in bytes; 0 means DefaultMaxBytes, <0 no limit
}

// family is one reader package: a group of related formats.
type family struct {
	formats []pushback.TranscriptFormat
	sniff   func(head []byte) int
	read    func(r io.Reader, id string, emit func(pushback.Segment) error) (string, error)
	// bytesPerTurn is about the fewest bytes a turn takes in the format,
	// to size the turns up front; 0 when it varies too much to guess
	// (JSON with or without word timings).
	bytesPerTurn int64
	// readClean, when set, is read telling which texts are already clean
	// (see textfmt.ReadClean, webvtt.ReadClean), for the builder to skip
	// cleaning them.
	readClean func(r io.Reader, id string, emit func(pushback.Segment, bool) error) (string, error)
}

var families = []family{
	{webvtt.Formats, webvtt.Sniff, webvtt.Read, 160, webvtt.ReadClean},
	{srt.Formats, srt.Sniff, srt.Read, 160, nil},
	{jsonfmt.Formats, jsonfmt.Sniff, jsonfmt.Read, 0, nil},
	{textfmt.Formats, textfmt.Sniff, textfmt.Read, 128, textfmt.ReadClean},
}

// maxTurnsHint bounds the turns allocated up front.
const maxTurnsHint = 1 << 20

// sizeOf returns the bytes left in r when r knows them (a regular file, a
// bytes or strings reader), else -1.
func sizeOf(r io.Reader) int64 {
	switch v := r.(type) {
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		if off, err := v.Seek(0, io.SeekCurrent); err == nil {
			return st.Size() - off
		}
		return -1
	case interface{ Len() int }:
		return int64(v.Len())
	}
	return -1
}

// Formats lists every format Pushback reads, in a stable order.
func Formats() []pushback.TranscriptFormat {
	var all []pushback.TranscriptFormat
	for _, f := range families {
		all = append(all, f.formats...)
	}
	return all
}

// FormatIDs lists the ids of Formats.
func FormatIDs() []string {
	var ids []string
	for _, f := range Formats() {
		ids = append(ids, f.ID)
	}
	return ids
}

// ParseFile reads the transcript at path ("-" reads standard input).
func ParseFile(path string, opts Options) (*pushback.Call, error) {
	if opts.Name == "" {
		opts.Name = path
	}
	if path == "-" {
		return Parse(os.Stdin, opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &pushback.InputError{File: path, Msg: openMessage(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, &pushback.InputError{File: path, Msg: "is a directory, expected a transcript file"}
	}
	return Parse(f, opts)
}

func openMessage(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// Parse reads one transcript from r.
func Parse(r io.Reader, opts Options) (*pushback.Call, error) { return parse(r, opts, nil) }

// Stream reads one transcript from r, handing each turn to each as soon as
// it is complete instead of keeping it: memory stays bounded however long the
// call. The roles must be known up front (opts.Reps is required); the call
// returned has everything but its turns.
func Stream(r io.Reader, opts Options, each func(*pushback.Turn) error) (*pushback.Call, error) {
	if len(opts.Reps) == 0 {
		return nil, pushback.Errorf(pushback.EINVALID, "streaming a transcript needs the reps (--rep): guessing roles needs the whole call")
	}
	return parse(r, opts, each)
}

func parse(r io.Reader, opts Options, each func(*pushback.Turn) error) (*pushback.Call, error) {
	name := opts.Name
	if name == "" {
		name = "-"
	}
	limit := opts.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	size := sizeOf(r)
	lr := &limitReader{r: r, left: limit}
	if limit < 0 {
		lr.left = 1<<63 - 1
	}
	fail := func(err error) (*pushback.Call, error) {
		if lr.tripped || errors.Is(err, errTooLarge) {
			return nil, &pushback.InputError{Code: pushback.ETOOLARGE, File: name,
				Msg: fmt.Sprintf("larger than the %s size limit (--max-size changes it)", humanBytes(limit))}
		}
		return nil, pushback.WithFile(err, name)
	}

	text, _, err := decode(lr)
	if err != nil {
		return fail(err)
	}
	br := bufio.NewReaderSize(text, headSize)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF {
		return fail(err)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		if lr.tripped {
			return fail(errTooLarge)
		}
		return fail(&pushback.InputError{Msg: "empty transcript: expected the text of a call"})
	}
	if at := binaryAt(head); at >= 0 {
		return fail(&pushback.InputError{Msg: fmt.Sprintf("binary data at byte %d: expected a text transcript (WebVTT, SRT, text or JSON)", at)})
	}

	fam, id, err := choose(head, opts.Format, name)
	if err != nil {
		return fail(err)
	}
	b := newBuilder()
	if each != nil {
		b.emit = each
		b.role = repMatcher(opts.Reps)
	} else if size > 64<<10 && fam.bytesPerTurn > 0 {
		// A long call: size the turns once instead of growing them.
		b.turns = make([]pushback.Turn, 0, min(size/fam.bytesPerTurn, maxTurnsHint))
	}
	var got string
	if fam.readClean != nil {
		got, err = fam.readClean(br, id, b.addText)
	} else {
		got, err = fam.read(br, id, b.add)
	}
	if err == nil {
		err = b.finish()
	}
	if err != nil {
		return fail(err)
	}
	if lr.tripped {
		return fail(errTooLarge)
	}
	call := b.call()
	call.Source = opts.Name
	call.Format = got
	if each != nil {
		if b.n == 0 {
			return fail(&pushback.InputError{Msg: fmt.Sprintf("no speech found in this %s file: expected at least one cue or line with text", got)})
		}
		reps := map[string]bool{}
		for _, s := range call.Speakers {
			if b.role(s.Name) == pushback.RoleRep {
				reps[s.Name] = true
			}
		}
		call.SetRoles(reps, false)
		// Every --rep must name someone, as Parse insists.
		if err := roles.Assign(&pushback.Call{Speakers: append([]pushback.Speaker(nil), call.Speakers...)}, opts.Reps); err != nil {
			return fail(err)
		}
		return call, nil
	}
	if len(call.Turns) == 0 {
		return fail(&pushback.InputError{Msg: fmt.Sprintf("no speech found in this %s file: expected at least one cue or line with text", got)})
	}
	if len(opts.Reps) == 0 && len(b.sides) > 0 {
		// The format says who is on which side (Gong's affiliation).
		reps := map[string]bool{}
		for name, r := range b.sides {
			if r == pushback.RoleRep {
				reps[name] = true
			}
		}
		if len(reps) > 0 {
			call.SetRoles(reps, false)
			return call, nil
		}
	}
	if err := roles.Assign(call, opts.Reps); err != nil {
		return fail(err)
	}
	return call, nil
}

// choose picks the reader family and format id: the forced one, else the
// family whose sniffer scores the head highest, the file extension breaking ties.
func choose(head []byte, forced, name string) (family, string, error) {
	if forced != "" {
		for _, f := range families {
			for _, ff := range f.formats {
				if ff.ID == forced {
					return f, forced, nil
				}
			}
		}
		return family{}, "", pushback.Errorf(pushback.EINVALID, "unknown input format %q (known: %s)", forced, strings.Join(FormatIDs(), ", "))
	}
	ext := strings.ToLower(filepath.Ext(name))
	best, bestScore := -1, 0
	for i, f := range families {
		s := f.sniff(head)
		if s > 0 && hasExt(f, ext) {
			s += 5
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return family{}, "", &pushback.InputError{Line: 1, Msg: "not a transcript format Pushback reads (see pushback formats)"}
	}
	return families[best], "", nil
}

func hasExt(f family, ext string) bool {
	for _, ff := range f.formats {
		for _, e := range ff.Exts {
			if e == ext {
				return true
			}
		}
	}
	return false
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// repMatcher returns the role of a speaker by the --rep names.
func repMatcher(reps []string) func(string) pushback.Role {
	memo := map[string]pushback.Role{}
	return func(speaker string) pushback.Role {
		if r, ok := memo[speaker]; ok {
			return r
		}
		one := &pushback.Call{Speakers: []pushback.Speaker{{Name: speaker}}}
		r := pushback.RoleProspect
		for _, rep := range reps {
			if len(roles.Match(one, rep)) > 0 {
				r = pushback.RoleRep
			}
		}
		memo[speaker] = r
		return r
	}
}

// builder merges segments into turns as they arrive.
type builder struct {
	// streaming: each complete turn goes to emit, with its role from role,
	// and is not kept; n counts the turns.
	emit    func(*pushback.Turn) error
	role    func(string) pushback.Role
	n       int
	emitErr error

	turns    []pushback.Turn
	speakers []pushback.Speaker
	seen     map[string]bool
	text     strings.Builder // the open turn's text, once a second segment joins it
	first    string          // the open turn's first segment
	open     bool
	duration pushback.Seconds
	sides    map[string]pushback.Role // roles the format gave
	names    map[string]string        // interned speaker names
	recent   [4]recentSpeaker         // the last speakers seen, most recent first
}

// recentSpeaker is a segment's speaker as given and as the turns name it.
type recentSpeaker struct{ raw, name string }

func newBuilder() *builder {
	return &builder{seen: map[string]bool{}, names: map[string]string{}, duration: pushback.NoTime}
}

func (b *builder) add(s pushback.Segment) error { return b.addText(s, false) }

// addText is add for a segment whose text is known to be clean (see
// textfmt.ReadClean) when clean is true: it is not cleaned again.
func (b *builder) addText(s pushback.Segment, clean bool) error {
	text := s.Text
	if !clean {
		text = lang.CleanSpace(text)
	}
	if text == "" {
		return nil
	}
	// Most segments come from one of the last few speakers: their names
	// need no cleaning, interning or first-seen check again.
	speaker, known := "", false
	for i := range b.recent {
		if r := &b.recent[i]; r.name != "" && r.raw == s.Speaker {
			speaker, known = r.name, true
			break
		}
	}
	if !known {
		speaker = lang.CleanSpace(s.Speaker)
		if speaker == "" {
			speaker = DefaultSpeaker
		}
		if name, ok := b.names[speaker]; ok {
			speaker = name // one copy of each name, however many turns
		} else {
			b.names[speaker] = speaker
		}
	}
	if s.End.Known() && s.End > b.duration {
		b.duration = s.End
	} else if s.Start.Known() && s.Start > b.duration {
		b.duration = s.Start
	}
	if b.open && b.turns[len(b.turns)-1].Speaker == speaker {
		t := &b.turns[len(b.turns)-1]
		if b.text.Len() == 0 {
			b.text.WriteString(b.first)
		}
		b.text.WriteByte(' ')
		b.text.WriteString(text)
		if s.End.Known() {
			t.End = s.End
		}
		if !t.Start.Known() && s.Start.Known() {
			t.Start = s.Start
		}
		return nil
	}
	b.flush()
	if b.emitErr != nil {
		return b.emitErr
	}
	if !known {
		if !b.seen[speaker] {
			b.seen[speaker] = true
			b.speakers = append(b.speakers, pushback.Speaker{Name: speaker, Role: pushback.RoleProspect})
		}
		copy(b.recent[1:], b.recent[:])
		b.recent[0] = recentSpeaker{raw: s.Speaker, name: speaker}
	}
	if s.Role != "" && b.sides[speaker] == "" {
		if b.sides == nil {
			b.sides = map[string]pushback.Role{}
		}
		b.sides[speaker] = s.Role
	}
	// Fill the new turn field by field: appending a whole Turn copies it
	// with a bulk write barrier while the GC runs, which costs more.
	n := len(b.turns)
	if n < cap(b.turns) {
		b.turns = b.turns[:n+1]
	} else {
		b.turns = append(b.turns, pushback.Turn{})
	}
	t := &b.turns[n]
	t.Index, t.Speaker, t.Role, t.Start, t.End = b.n, speaker, pushback.RoleProspect, s.Start, s.End
	t.Text, t.Sentences = "", nil // a streamed call reuses the slot
	b.n++
	// Most turns are one segment: keep its text as it is, and copy into the
	// builder only when a second segment joins it.
	b.first = text
	b.open = true
	return nil
}

func (b *builder) flush() {
	if !b.open {
		return
	}
	t := &b.turns[len(b.turns)-1]
	if b.text.Len() == 0 {
		t.Text = b.first
	} else {
		t.Text = b.text.String()
		b.text.Reset()
	}
	b.first = ""
	b.open = false
	if b.emit != nil {
		t.Role = b.role(t.Speaker)
		if err := b.emit(t); err != nil && b.emitErr == nil {
			b.emitErr = err
		}
		b.turns = b.turns[:0]
	}
}

// finish flushes the last turn and reports an error from emit.
func (b *builder) finish() error {
	b.flush()
	return b.emitErr
}

func (b *builder) call() *pushback.Call {
	b.flush()
	if b.speakers == nil {
		b.speakers = []pushback.Speaker{}
	}
	if b.turns == nil {
		b.turns = []pushback.Turn{}
	}
	return &pushback.Call{
		Schema:   pushback.CallSchema,
		Duration: b.duration,
		Speakers: b.speakers,
		Turns:    b.turns,
	}
}
