//go:build linux

package model

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on the platforms Go
// supports on Linux.
const hugePage = 2 << 20

// floats returns a zeroed table of n weights. A table of several
// megabytes is advised into transparent huge pages before it is first
// written: it is then backed by a few 2 MiB pages rather than a thousand
// 4 KiB ones, which makes it quicker to fill at start-up (far fewer page
// faults) and quicker to read at random (far fewer TLB misses). Where the
// kernel does not do huge pages the advice is ignored.
func floats(n int) []float32 {
	if n*4 < hugePage {
		return make([]float32, n)
	}
	// Over-allocate by one huge page to start the table on a huge-page
	// boundary: the slack is address space only and is never touched.
	s := make([]float32, n+hugePage/4)
	start := uintptr(unsafe.Pointer(&s[0]))
	off := int(((start+hugePage-1)&^(hugePage-1) - start) / 4)
	s = s[off : off+n : off+n]
	lo := uintptr(unsafe.Pointer(&s[0]))
	if length := uintptr(n*4) &^ (hugePage - 1); length > 0 {
		_ = madvise(lo, length)
	}
	return s
}

func madvise(addr, length uintptr) error {
	const madvHugepage = 14 // MADV_HUGEPAGE
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, length, madvHugepage)
	if e != 0 {
		return e
	}
	return nil
}
