#!/bin/sh
# Times `pushback analyze` end to end on two 20 MB transcripts and prints MB
# per CPU-second (user + system) of the process: the per-core figure, which
# holds steady when other work shares the machine.
#  - a `Name: text` call built from the labelled calls' text (the same text as
#    `go test ./engine -bench Analyze`): the fewest bytes per word, a moment
#    every 1.1 KB;
#  - the shipped example call (examples/discovery-call.vtt) repeated as WebVTT.
# Usage: scripts/speed.sh [RUNS]   (default 7; prints the best and the median)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-7}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/pushback" ./cmd/pushback
PUSHBACK_BENCH_CALL="$dir/call.txt" PUSHBACK_BENCH_VTT="$dir/example.vtt" \
	go test ./engine -run '^TestWriteBench(Call|VTT)$' -count=1 >/dev/null

measure() { # measure LABEL FILE REP
	size=$(wc -c <"$2")
	: >"$dir/times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%U %S %M' -o "$dir/time" "$dir/pushback" analyze --rep "$3" --format json "$2" >/dev/null
		cat "$dir/time" >>"$dir/times"
		i=$((i + 1))
	done
	awk '{ print $1 + $2, $3 }' "$dir/times" | sort -n | awk -v size="$size" -v label="$1" '
		{ cpu[NR] = $1; if ($2 > rss) rss = $2 }
		END {
			med = cpu[int((NR + 1) / 2)]
			printf "analyze, %.1f MB %s, %d runs: best %.2f CPU-s (%.1f MB/cpu-s), median %.2f CPU-s (%.1f MB/cpu-s), peak RSS %.0f MiB\n",
				size / 1e6, label, NR, cpu[1], size / 1e6 / cpu[1], med, size / 1e6 / med, rss / 1024
		}'
}

measure "name-colon transcript" "$dir/call.txt" Rep
measure "WebVTT (the example call repeated)" "$dir/example.vtt" "Dana Reyes"

# Start-up: most calls are small, and then loading the models is most of the
# work. The shipped example call (2.5 KB), 30 runs in a row.
n=30
/usr/bin/time -f '%e %U %S' -o "$dir/time" sh -c "i=0; while [ \$i -lt $n ]; do \"$dir/pushback\" analyze --format json examples/discovery-call.vtt >/dev/null; i=\$((i + 1)); done"
awk -v n="$n" '{ printf "analyze, the 2.5 KB example call, %d runs: %.1f ms per run (wall), %.1f ms CPU per run\n", n, $1 * 1000 / n, ($2 + $3) * 1000 / n }' "$dir/time"
