//go:build !linux

package model

// floats returns a zeroed table of n weights.
func floats(n int) []float32 { return make([]float32, n) }
