package live

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Run feeds the input lines of r to s, one message per line, and passes the
// events of each to emit, until r ends, an "end" message comes or ctx is
// done; then it ends the session, and End's events go to emit too. A line
// that cannot be read is an error event; the session goes on.
func Run(ctx context.Context, r io.Reader, s *Session, emit func([]Event) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lines := make(chan inputLine, 16)
	go readLines(ctx, r, lines)
	var dec Decoder
	for {
		var l inputLine
		var ok bool
		select {
		case <-ctx.Done():
			return emit(s.End(0, time.Time{}))
		case l, ok = <-lines:
		}
		if !ok {
			return emit(s.End(0, time.Time{}))
		}
		arrived := time.Now()
		if l.err != nil {
			if err := emit(s.End(0, time.Time{})); err != nil {
				return err
			}
			return fmt.Errorf("reading the input: %w", l.err)
		}
		var events []Event
		if l.tooLong {
			events = s.InputError(l.n, fmt.Errorf("line longer than %d bytes: skipped", MaxLine), arrived)
		} else if msg, err := dec.Decode(l.data); err != nil {
			events = s.InputError(l.n, err, arrived)
		} else {
			events = s.Handle(msg, l.n, arrived)
			if msg.Kind == End {
				return emit(events)
			}
		}
		if err := emit(events); err != nil {
			return err
		}
	}
}

type inputLine struct {
	n       int
	data    []byte
	tooLong bool
	err     error
}

// readLines sends r's lines (without line ends) to out, closing it at EOF.
func readLines(ctx context.Context, r io.Reader, out chan<- inputLine) {
	defer close(out)
	br := bufio.NewReaderSize(r, 64<<10)
	n := 0
	for {
		l, err := readLine(br)
		if len(l.data) > 0 || l.tooLong || err == nil {
			n++
			l.n = n
			select {
			case out <- l:
			case <-ctx.Done():
				return
			}
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				select {
				case out <- inputLine{err: err}:
				case <-ctx.Done():
				}
			}
			return
		}
	}
}

// readLine reads one line of at most MaxLine bytes; a longer one is read to
// its end and reported as tooLong.
func readLine(br *bufio.Reader) (inputLine, error) {
	var l inputLine
	for {
		chunk, err := br.ReadSlice('\n')
		if !l.tooLong {
			if len(l.data)+len(chunk) > MaxLine+1 {
				l.tooLong, l.data = true, nil
			} else {
				l.data = append(l.data, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		l.data = bytes.TrimRight(l.data, "\r\n")
		return l, err
	}
}
