package main

import "testing"

func TestInSet(t *testing.T) {
	for _, tt := range []struct {
		name, p string
		want    bool
	}{
		{"k01-acme-discovery", "k", true},
		{"ka01-acme-discovery", "k", false},
		{"ka01-acme-discovery", "ka", true},
		{"k01-acme-discovery", "ka", false},
		{"k01-acme-discovery", "k0", true},
		{"k11-acme-discovery", "k0", false},
		{"k11-acme-discovery", "k11-acme", true},
	} {
		if got := inSet(tt.name, tt.p); got != tt.want {
			t.Errorf("inSet(%q, %q) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}
