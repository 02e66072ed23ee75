#!/bin/sh
# tests/bench/export.sh - `mailfleet export accounts` of 100,000 accounts
# from the sandbox: rows/s and peak RSS (figures, never pass/fail).
# Usage: [BUILD=build] [N=100000] [LATENCY=0]
#   tests/bench/export.sh
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
N=${N:-100000}
LATENCY=${LATENCY:-0}
MF="$ROOT/$BUILD/mailfleet"
SBX="$ROOT/$BUILD/mailfleet-sandbox"
T=$(mktemp -d "${TMPDIR:-/tmp}/mf-bench-export.XXXXXX")
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null; rm -rf "$T"' EXIT

# Seeded from a --state file (tests/e2e/export_seed.awk): N accounts, 50
# per domain, loaded at start (about 1 s for 100k).
awk -v n="$N" -f "$ROOT/tests/e2e/export_seed.awk" > "$T/state.json"
"$SBX" --port 0 --port-file "$T/port" --time-scale 100000 -q \
    --state "$T/state.json" --latency-ms "$LATENCY" >/dev/null 2>&1 &
SPID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
URL="http://127.0.0.1:$(cat "$T/port")/maildoso"
(umask 077 && printf 'pat_sandbox\n' > "$T/token")

echo "export accounts: $N accounts, sandbox latency ${LATENCY} ms"
printf '%-34s %10s %8s %12s %10s\n' run rows/s seconds "peak RSS" "client CPU"
one() {
	name=$1; shift
	/usr/bin/time -f '%e %M %U %S' -o "$T/time" "$MF" -q --api-url "$URL" \
	    --token-file "$T/token" export accounts -o "$T/out" --rate off "$@"
	rc=$?
	rows=$(wc -l < "$T/out")
	case "$*" in *jsonl*) ;; *) rows=$((rows - 1)) ;; esac	# header
	read -r secs kb user sys < "$T/time"
	[ "$rc" -eq 0 ] && [ "$rows" -eq "$N" ] || echo "  ($name: exit $rc, $rows rows)"
	awk -v n="$name" -v r="$rows" -v s="$secs" -v k="$kb" -v u="$user" -v y="$sys" \
	    'BEGIN { printf "%-34s %10.0f %8.2f %9.1f MB %7.1f us/row\n", n, r / s, s, k / 1024, (u + y) * 1e6 / r }'
}
one "raw, pages of 500, -j 4" --page-size 500 -j 4
one "raw, pages of 500, -j 1 (default)" --page-size 500 -j 1
one "raw, pages of 500, -j 2" --page-size 500 -j 2
one "raw, pages of 250, -j 4" --page-size 250 -j 4
one "raw, pages of 2000, -j 4" --page-size 2000 -j 4
one "instantly, pages of 500, -j 4" --format instantly --page-size 500 -j 4
one "jsonl, pages of 500, -j 4" --format jsonl --page-size 500 -j 4
