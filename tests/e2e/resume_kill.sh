#!/bin/sh
# End-to-end: kill -9 at seeded random moments, --resume each time.
# A 2,000-row account import against a sandbox with latency and faults is
# killed with SIGKILL again and again (at least 10 rounds that really kill
# a running import), resumed until it finishes. Then every account was
# created exactly once (the sandbox's per-key counts), every password in
# the result is the sandbox's, and the result has one terminal row per
# input row, in input order.
. "$(dirname "$0")/lib.sh"

SEED=${RESUME_SEED:-20261122}
need_sandbox --time-scale 100000 --seed 5 --latency-ms 10 \
    --fault 500=0.03,429=0.03,drop=0.01,commit-drop=0.02
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
stats() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats"; }

{
	echo domain
	i=1; while [ $i -le 40 ]; do echo "kill$i.com"; i=$((i + 1)); done
} > "$T/d.csv"
MFX import domains --yes "$T/d.csv" --rate off --retries 10 -o "$T/d.out"
sleep 1
{
	echo "email,first_name"
	i=1
	while [ $i -le 2000 ]; do
		echo "k$i@kill$(( (i % 40) + 1 )).com,K$i"; i=$((i + 1))
	done
} > "$T/a.csv"

# Seeded kill moments between 0.5 s and 1.1 s; at 50 requests/s of 5 rows
# the whole import needs about 8 s, so 12 rounds stop it midway. Each
# resume first looks up the rows sent without an answer (up to 4 x 5).
awk -v s="$SEED" 'BEGIN { srand(s); for (i = 0; i < 12; i++)
	printf "%.2f\n", 0.5 + rand() * 0.6 }' > "$T/moments"
kills=0 round=0 flag=""
while read -r m; do
	round=$((round + 1))
	"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import accounts \
	    "$T/a.csv" --rate 50/s -j 4 --batch 5 --retries 10 \
	    -o "$T/a.out" $flag 2>>"$T/runs.err" &
	pid=$!
	sleep "$m"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	rc=$?
	[ $rc -eq 137 ] && kills=$((kills + 1))
	flag=--resume
done < "$T/moments"
check at_least_10_rounds_killed_a_running_import [ "$kills" -ge 10 ]
done_before=$(grep -c "^[0-9a-f]* O	" "$T/a.out.journal")
echo "  info: $kills kills; $done_before rows had an outcome before the last resume" >&2
check kills_fell_midway sh -c "[ $done_before -gt 0 ] && [ $done_before -lt 2000 ]"
check a_journal_was_left [ -s "$T/a.out.journal" ]
check no_result_after_kill_9 [ ! -e "$T/a.out" ]

# Without --resume the unfinished journal is not overwritten.
MFX import accounts "$T/a.csv" -o "$T/a.out" 2>"$T/refused.err"
expect_eq rerun_without_resume_refused "$?" 64
check refusal_says_how grep -q -- '--resume' "$T/refused.err"

tries=0
while :; do
	tries=$((tries + 1))
	MFX import accounts "$T/a.csv" --rate 40/s -j 4 --batch 10 \
	    --retries 10 -o "$T/a.out" --resume 2>>"$T/runs.err"
	rc=$?
	[ $rc -ne 137 ] && [ $rc -ne 3 ] && break
	[ $tries -ge 5 ] && break
done
expect_eq final_resume_exit_0 "$rc" 0

python3 - "$T/a.csv" "$T/a.out" <<'PY' >"$T/order" 2>&1
import csv, sys
inp = [r["email"] for r in csv.DictReader(open(sys.argv[1]))]
out = list(csv.DictReader(open(sys.argv[2])))
print("rows", len(out))
print("order", [r["email"] for r in out] == inp)
print("statuses", sorted(set(r["status"] for r in out)))
PY
check one_row_per_input_row grep -q '^rows 2000$' "$T/order"
check rows_in_input_order grep -q '^order True$' "$T/order"
check every_row_created grep -q "^statuses \['created'\]$" "$T/order"

s=$(stats)
echo "$s" | python3 -c '
import json, sys
s = json.load(sys.stdin)
acc = {k: v for k, v in s["created"]["maildoso_account"].items()}
print("accounts", len(acc))
print("max_creates_per_key", max(acc.values()))
print("duplicates", s["duplicates"])
f = s["faults"]
print("faults_seen", f["500"] > 0 and f["429"] > 0 and f["commit-drop"] > 0)
' > "$T/stats"
check sandbox_holds_2000_accounts grep -q '^accounts 2000$' "$T/stats"
check each_account_created_exactly_once grep -q '^max_creates_per_key 1$' "$T/stats"
check zero_duplicates grep -q '^duplicates 0$' "$T/stats"
check faults_were_injected grep -q '^faults_seen True$' "$T/stats"

python3 - "$T/a.out" "$MD_URL" <<'PY' >"$T/pw" 2>&1
import csv, json, sys, urllib.request
rows = list(csv.DictReader(open(sys.argv[1])))
req = urllib.request.Request(sys.argv[2] + "/v1/user/accounts-lookup?limit=10000",
    headers={"Authorization": "Bearer pat_sandbox"})
for _ in range(20):
    try:
        items = json.load(urllib.request.urlopen(req))["items"]; break
    except Exception:
        pass
srv = {a["email_account"]: a["password"] for a in items}
print("mismatch", sum(1 for r in rows if not r["password"] or srv.get(r["email"]) != r["password"]))
PY
check every_password_matches_sandbox grep -q '^mismatch 0$' "$T/pw"
check result_is_0600 sh -c "[ \"\$(stat -c %a '$T/a.out')\" = 600 ]"
check journal_is_0600 sh -c "[ \"\$(stat -c %a '$T/a.out.journal')\" = 600 ]"
check no_password_in_stderr sh -c "! python3 - '$T/a.out' '$T/runs.err' <<'PY'
import csv, sys
err = open(sys.argv[2]).read()
sys.exit(0 if any(r['password'] in err for r in csv.DictReader(open(sys.argv[1]))) else 1)
PY"
finish
