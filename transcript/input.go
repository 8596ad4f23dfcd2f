package transcript

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// headSize is how much of the input detection looks at.
const headSize = 64 << 10

// errTooLarge is returned by limitReader once more than its limit is read.
var errTooLarge = errors.New("input over the size limit")

// limitReader fails with errTooLarge instead of stopping quietly at the limit,
// so a reader never parses a silently truncated file.
type limitReader struct {
	r       io.Reader
	left    int64
	tripped bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		l.tripped = true
		return 0, errTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left+1] // one byte past the limit, to tell "at" from "over"
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.tripped = true
		return n, errTooLarge
	}
	return n, err
}

// encoding names what decode found.
type encoding string

const (
	encUTF8    encoding = "utf-8"
	encUTF16LE encoding = "utf-16le"
	encUTF16BE encoding = "utf-16be"
)

// decode returns a reader of the input as UTF-8 with "\n" line ends and no
// byte order mark, whatever the input's encoding (UTF-8 with or without BOM,
// UTF-16 LE/BE with BOM, or BOM-less UTF-16 that is plainly so).
func decode(r io.Reader) (io.Reader, encoding, error) {
	br := bufio.NewReaderSize(r, headSize)
	head, err := br.Peek(headSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	enc := sniffEncoding(head)
	var out io.Reader = br
	switch enc {
	case encUTF16LE:
		out = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case encUTF16BE:
		out = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	default:
		if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
			_, _ = br.Discard(3)
		}
	}
	return transform.NewReader(out, newlineNormalizer{}), enc, nil
}

func sniffEncoding(head []byte) encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return encUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return encUTF16BE
	}
	// BOM-less UTF-16 of mostly ASCII text: every other byte is zero.
	n := len(head) &^ 1
	if n < 8 {
		return encUTF8
	}
	evenZero, oddZero := 0, 0
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	pairs := n / 2
	switch {
	case oddZero*10 >= pairs*9 && evenZero*10 < pairs:
		return encUTF16LE
	case evenZero*10 >= pairs*9 && oddZero*10 < pairs:
		return encUTF16BE
	}
	return encUTF8
}

// newlineNormalizer turns "\r\n" and lone "\r" into "\n".
type newlineNormalizer struct{ transform.NopResetter }

func (newlineNormalizer) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// Copy up to the next '\r' in one go.
		i := bytes.IndexByte(src[nSrc:], '\r')
		if i < 0 {
			i = len(src) - nSrc
		}
		if i > 0 {
			n := copy(dst[nDst:], src[nSrc:nSrc+i])
			nDst += n
			nSrc += n
			if n < i {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		// src[nSrc] is '\r'.
		if nSrc+1 == len(src) && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		dst[nDst] = '\n'
		nDst++
		nSrc++
		if nSrc < len(src) && src[nSrc] == '\n' {
			nSrc++
		}
	}
	return nDst, nSrc, nil
}

// binaryAt returns the byte offset at which head stops looking like text (a
// NUL, or a run of control bytes or invalid UTF-8), or -1 when it is text.
func binaryAt(head []byte) int {
	bad := 0
	for i := 0; i < len(head); {
		c := head[i]
		if c == 0 {
			return i
		}
		if c < 0x20 && c != '\n' && c != '\t' && c != '\r' && c != '\f' {
			bad++
			if bad > 8 && bad*20 > i+1 {
				return i
			}
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			if len(head)-i < utf8.UTFMax && !utf8.FullRune(head[i:]) {
				break // a rune cut by the head's end
			}
			bad++
			if bad > 8 && bad*20 > i+1 {
				return i
			}
		}
		i += size
	}
	return -1
}
