#!/bin/sh
# tests/bench/run.sh - benchmarks. Figures, never pass/fail timings.
#
#   check: rows/s and peak RSS of `mailfleet check accounts` on a generated
#          1,000,000-row file (goal: >= 1M rows/s, RSS flat, < 16 MB).
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
MF="$BUILD/mailfleet"
W=$(mktemp -d "${TMPDIR:-/tmp}/mf-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
ROWS=${BENCH_ROWS:-1000000}

# peak_rss_kb CMD...: runs CMD, prints "seconds peak_rss_kb".
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
el = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{el:.3f} {ru.ru_maxrss} {ru.ru_utime + ru.ru_stime:.3f} {rc}")
PY
}

gen() {
	awk -v n="$1" 'BEGIN {
		print "email,first_name,last_name,password";
		for (i = 1; i <= n; i++)
			printf "user%d@domain%d.example.com,First%d,Last%d,\n", i, i % 1000, i, i;
	}' > "$2"
}

echo "== check: offline validation"
for n in 100000 $ROWS; do
	gen "$n" "$W/in.csv"
	set -- $(measure "$MF" -q check accounts "$W/in.csv" -o "$W/out.csv")
	awk -v n="$n" -v s="$1" -v rss="$2" -v cpu="$3" 'BEGIN {
		printf "check %8d rows: %.2f s, %.0f rows/s, CPU %.2f s, peak RSS %.1f MB\n",
		    n, s, n / s, cpu, rss / 1024 }'
done
