#!/bin/sh
# scripts/demo.sh - `make demo`: start the sandbox, buy the sample domains,
# create the sample accounts, print where the result is.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MF="$BUILD/mailfleet"
OUT=${DEMO_DIR:-build/demo}
mkdir -p "$OUT"
# Each demo starts a fresh sandbox: start the files afresh too.
rm -f "$OUT"/*.csv "$OUT"/*.journal "$OUT"/*.journal.prev "$OUT/port"

# Provider time runs 20,000x faster: a 30-minute domain setup takes ~0.1 s.
"$BUILD/mailfleet-sandbox" --port 0 --port-file "$OUT/port" \
    --time-scale 20000 --latency-ms 20 >"$OUT/sandbox.log" 2>&1 &
SBX=$!
trap 'kill $SBX 2>/dev/null; wait $SBX 2>/dev/null' EXIT INT TERM
i=0
while [ ! -s "$OUT/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$OUT/port")
URL="http://127.0.0.1:$PORT/maildoso"
echo "sandbox listening on http://127.0.0.1:$PORT (Maildoso at $URL)"

# The token goes through a file, never argv.
umask 077
printf 'pat_sandbox\n' > "$OUT/token"

cp samples/domains.csv samples/accounts.csv "$OUT/"
echo "== mailfleet check accounts samples/accounts.csv"
"$MF" check accounts "$OUT/accounts.csv" -o "$OUT/accounts.check.csv"
echo "== mailfleet import domains samples/domains.csv"
# the sandbox's money: no need to be asked
"$MF" --api-url "$URL" --token-file "$OUT/token" import domains --yes \
    "$OUT/domains.csv" -o "$OUT/domains.result.csv"
"$MF" --api-url "$URL" --token-file "$OUT/token" wait domains \
    "$OUT/domains.csv" --interval 0.2 --timeout 60 -o "$OUT/domains.wait.csv"
echo "== mailfleet import accounts samples/accounts.csv"
"$MF" --api-url "$URL" --token-file "$OUT/token" import accounts \
    "$OUT/accounts.csv" -o "$OUT/accounts.result.csv"
echo
echo "result: $OUT/accounts.result.csv (mode 0600: it holds the passwords)"
head -n 4 "$OUT/accounts.result.csv" | cut -c1-160
echo
echo "== mailfleet export accounts --from the result --format instantly (no API call)"
"$MF" export accounts --from "$OUT/accounts.result.csv" --format instantly \
    -o "$OUT/accounts.instantly.csv"
echo "ready for Instantly's bulk upload: $OUT/accounts.instantly.csv (mode 0600)"
echo "journal (for --resume after a crash): $OUT/accounts.result.csv.journal"
