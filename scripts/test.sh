#!/usr/bin/env bash
# Runs every test Pushback has, installing and starting what they need.
# Usage: scripts/test.sh [--quick]   (--quick skips the race detector and fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
[ "${1:-}" = "--quick" ] && quick=true

step() { printf '\n== %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

step "go vet"
go vet ./...

if [ -f scripts/services.sh ]; then
  step "services"
  # shellcheck source=/dev/null
  source scripts/services.sh
  start_services
fi

step "go test"
if $quick; then
  go test ./...
else
  go test -race -timeout 20m ./...
fi

if ! $quick; then
  step "fuzz (briefly; run longer by hand: see README)"
  for pkg in $(grep -l '^func Fuzz' $(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go') | xargs -n1 dirname | sort -u); do
    for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$pkg"/*_test.go | sed 's/^func //'); do
      echo "fuzz $pkg $f"
      if ! out=$(go test -run='^$' -fuzz="^$f\$" -fuzztime="${FUZZTIME:-10s}" "./$pkg" 2>&1); then
        echo "$out"; echo "the fuzzer's failing input is in $pkg/testdata/fuzz/$f: keep it there as a regression test"; exit 1
      fi
    done
  done
fi

step "ok"
