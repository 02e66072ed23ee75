#!/bin/sh
# End-to-end: long waits the provider asks for. The sandbox limits Maildoso
# to 6 requests an hour, so a 429 asks for a wait of about an hour: said once
# on stderr however many workers get it; over --max-wait the run stops
# (exit 3) with its journal, and --resume completes it with nothing doubled.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null 2>&1 || { skip max_wait "no jq"; finish; exit 0; }
awk -v n=10 -f "$ROOT/tests/e2e/export_seed.awk" > "$T/s.json"
cp "$T/s.json" "$T/s2.json"
need_sandbox --state "$T/s.json" --rate maildoso=6/h
MFX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@"; }
{ echo email,first_name; for i in 1 2 3 4 5 6 7 8; do echo "w$i@seed0000.com,W$i"; done; } > "$T/a.csv"

# --- over --max-wait: stop, resumable ------------------------------------
timeout 120 "$MF" --api-url "$MD_URL" --token-file "$T/token" import accounts \
    "$T/a.csv" --batch 1 -j 2 --rate off --max-wait 30 -o "$T/a.out" 2>"$T/a.err"
expect_eq max_wait_exit_3 "$?" 3
check max_wait_says_why grep -Eq '^mailfleet: stopped: rate limited by the provider \(429\): a wait of [0-9]+ s \(until [0-9]{2}:[0-9]{2}:[0-9]{2} UTC\) is over --max-wait 30 s$' "$T/a.err"
expect_eq max_wait_said_once "$(grep -c 'is over --max-wait' "$T/a.err")" 1
check max_wait_how_to_resume grep -q 'to go on: mailfleet import accounts .*--resume' "$T/a.err"
check max_wait_journal_kept test -s "$T/a.out.journal"
check max_wait_rows_skipped grep -q ',skipped,not sent: rate limited by the provider (429)' "$T/a.out"

# The limit is lifted (same port: the journal names the API URL).
kill "$SBX_PID"; wait "$SBX_PID" 2>/dev/null
need_sandbox --state "$T/s.json" --port "$PORT"
MFX import accounts "$T/a.csv" --batch 1 -j 2 --rate off --max-wait 30 \
    -o "$T/a.out" --resume 2>"$T/r.err"
expect_eq resume_exit_0 "$?" 0
expect_eq resume_all_created "$(grep -c ',created,' "$T/a.out")" 8
curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts-lookup?limit=1000" |
    jq -r '.items[].email_account' | grep '^w[0-9]@' | sort | uniq -c | awk '{ print $1 }' | sort | uniq -c > "$T/counts"
expect_eq resume_nothing_doubled "$(cat "$T/counts" | tr -s ' ')" " 8 1"

# --- no --max-wait: the wait is said once, with its end (then SIGTERM) ---
kill "$SBX_PID"; wait "$SBX_PID" 2>/dev/null
need_sandbox --state "$T/s2.json" --rate maildoso=6/h
{ echo email,first_name; for i in 1 2 3 4 5 6 7 8; do echo "v$i@seed0000.com,V$i"; done; } > "$T/b.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" import accounts "$T/b.csv" \
    --batch 1 -j 4 --rate off -o "$T/b.out" 2>"$T/b.err" &
IMP=$!
i=0
while ! grep -q 'waiting' "$T/b.err" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.5	# the other workers' 429s, if any were to be said again
kill -TERM "$IMP"; wait "$IMP"
expect_eq wait_interrupted_130 "$?" 130
check wait_said grep -Eq '^mailfleet: rate limited by the provider \(429\); waiting [0-9]+ s, until [0-9]{2}:[0-9]{2}:[0-9]{2} UTC$' "$T/b.err"
expect_eq wait_said_once "$(grep -c 'waiting' "$T/b.err")" 1

finish
