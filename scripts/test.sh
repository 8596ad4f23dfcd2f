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

# fuzz_one PKG TARGET [again]: fuzz one target briefly. A failure that wrote
# a failing input fails the run. Go 1.26's fuzz coordinator can also report
# its own -fuzztime deadline as "context deadline exceeded" with no failing
# input (golang/go#75804, fixed in Go 1.27): that returns 1 the first time, so
# the target runs again, and is let pass the second time with a note.
fuzz_one() {
  corpus="$1/testdata/fuzz/$2"
  before=$(ls "$corpus" 2>/dev/null || true)
  if out=$(go test -run='^$' -fuzz="^$2\$" -fuzztime="${FUZZTIME:-10s}" -fuzzminimizetime=5s "./$1" 2>&1); then
    return 0
  fi
  after=$(ls "$corpus" 2>/dev/null || true)
  if [ "$before" = "$after" ] && printf '%s\n' "$out" | grep -q 'context deadline exceeded'; then
    if [ "${3:-}" = again ]; then
      echo "  again the fuzz coordinator's deadline race (golang/go#75804) and no failing input: not a failure"
      return 0
    fi
    echo "  the fuzz coordinator's deadline race (golang/go#75804), no failing input: running it again"
    return 1
  fi
  echo "$out"
  echo "the fuzzer's failing input is in $corpus: keep it there as a regression test"
  exit 1
}

if ! $quick; then
  step "fuzz (briefly; run longer by hand: see README)"
  for pkg in $(grep -l '^func Fuzz' $(git ls-files '*_test.go' 2>/dev/null || find . -name '*_test.go') | xargs -n1 dirname | sort -u); do
    for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$pkg"/*_test.go | sed 's/^func //'); do
      echo "fuzz $pkg $f"
      fuzz_one "$pkg" "$f" || fuzz_one "$pkg" "$f" again || exit 1
    done
  done
fi

step "ok"
