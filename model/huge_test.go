package model

import "testing"

// floats returns a table of exactly n zeroed weights whatever its size, the
// large ones aligned to a huge page on Linux, and a full table can be
// written from end to end without touching its neighbour's memory.
func TestFloatsTables(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 1 << 19, 1<<19 + 3, 1 << 20, 3<<20 + 7} {
		s := floats(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("floats(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, w := range s {
			if w != 0 {
				t.Fatalf("floats(%d)[%d] = %v", n, i, w)
			}
		}
		for i := range s {
			s[i] = float32(i)
		}
		if n > 0 && s[n-1] != float32(n-1) {
			t.Fatalf("floats(%d): last weight %v", n, s[n-1])
		}
	}
}
