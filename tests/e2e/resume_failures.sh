#!/bin/sh
# End-to-end: what can go wrong around the journal gives a clear message
# and loses nothing already recorded.
#   - the result cannot be created: nothing is sent;
#   - the result cannot be committed at the end: the journal has every
#     outcome, --resume writes the result without sending anything again;
#   - a full disk (ulimit -f): the run stops, --resume finishes it;
#   - a torn last journal line: ignored with a warning;
#   - a journal of another input: refused, the journal left as it was;
#   - --restart: the old journal is kept as .prev, existing rows "exists"
#     with the provider's passwords.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
creates() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | python3 -c '
import json, sys
ops = json.load(sys.stdin)["requests"]["by_operation"]
print(sum(ops.get("create_email_accounts", {}).values()))'
}
pw_check() {
	python3 - "$1" "$MD_URL" <<'PY'
import csv, json, sys, urllib.request
rows = list(csv.DictReader(open(sys.argv[1])))
req = urllib.request.Request(sys.argv[2] + "/v1/user/accounts-lookup?limit=10000",
    headers={"Authorization": "Bearer pat_sandbox"})
srv = {a["email_account"]: a["password"] for a in json.load(urllib.request.urlopen(req))["items"]}
bad = sum(1 for r in rows if not r["password"] or srv.get(r["email"]) != r["password"])
print("rows", len(rows), "mismatch", bad)
PY
}

{
	echo domain
	i=1; while [ $i -le 30 ]; do echo "jf$i.com"; i=$((i + 1)); done
} > "$T/d.csv"
MFX import domains --yes "$T/d.csv" --rate off -o "$T/d.out"
sleep 1
gen() {
	echo "email,first_name"
	i=1; while [ $i -le 300 ]; do
		echo "$1$i@jf$(( (i % 10) + $2 )).com,N$i"; i=$((i + 1))
	done
}

# --- the result cannot be created: nothing is sent --------------------
gen a 1 > "$T/a.csv"
MFX import accounts "$T/a.csv" --rate off -o "$T/nodir/a.out" 2>"$T/e1"
expect_eq no_result_dir_exit_74 "$?" 74
check no_result_dir_names_path grep -q "$T/nodir/a.out" "$T/e1"
expect_eq no_result_dir_sent_nothing "$(creates)" 0

# --- a folder where the result goes: refused before anything is sent ---
mkdir "$T/a.out"
MFX import accounts "$T/a.csv" --rate off -o "$T/a.out" 2>"$T/e1d"
expect_eq result_is_a_folder_exit_74 "$?" 74
check result_is_a_folder_says_so grep -q 'is a directory' "$T/e1d"
expect_eq result_is_a_folder_sent_nothing "$(creates)" 0
rmdir "$T/a.out"

# --- the result cannot be committed: the journal has it all ------------
# The folder appears at a.out while the run goes on (once the result's
# temporary file is open; 30 requests at 10/s take 3 s):
# the rename at the end fails.
MFX import accounts "$T/a.csv" --rate 10/s -j 4 --batch 10 -o "$T/a.out" 2>"$T/e2" &
run=$!
i=0
while ! ls "$T"/a.out.tmp.* >/dev/null 2>&1 && [ $i -lt 200 ]; do
	sleep 0.05; i=$((i + 1))
done
mkdir "$T/a.out"
wait $run
expect_eq uncommittable_result_exit_74 "$?" 74
check uncommittable_says_resume grep -q -- '--resume' "$T/e2"
sent=$(creates)
rmdir "$T/a.out"
MFX import accounts "$T/a.csv" --rate off -o "$T/a.out" --resume 2>"$T/e3"
expect_eq rebuilt_exit_0 "$?" 0
expect_eq rebuilt_sent_nothing_more "$(creates)" "$sent"
expect_eq rebuilt_result_all_created "$(grep -c ',created,' "$T/a.out")" 300
expect_eq rebuilt_passwords_are_the_sandboxs "$(pw_check "$T/a.out")" "rows 300 mismatch 0"

# --- a full disk: the run stops cleanly, --resume finishes -------------
gen b 11 > "$T/b.csv"
(ulimit -f 40; exec "$MF" -q --api-url "$MD_URL" --token-file "$T/token" \
    import accounts "$T/b.csv" --rate off -j 2 --batch 5 -o "$T/b.out") 2>"$T/e4"
rc=$?
check full_disk_exit_3_or_74 sh -c "[ $rc -eq 3 ] || [ $rc -eq 74 ]"
check full_disk_says_file_too_large grep -q 'File too large' "$T/e4"
check full_disk_left_a_journal [ -s "$T/b.out.journal" ]
before=$(grep -c '^[0-9a-f]* O	' "$T/b.out.journal")
check full_disk_stopped_midway sh -c "[ $before -gt 0 ] && [ $before -lt 300 ]"
# a torn last line on top (as if killed mid-write)
printf '0badc0de O\t299\tcrea' >> "$T/b.out.journal"
"$MF" --api-url "$MD_URL" --token-file "$T/token" import accounts "$T/b.csv" \
    --rate off -o "$T/b.out" --resume 2>"$T/e5"
expect_eq resume_after_full_disk_exit_0 "$?" 0
check torn_tail_warned grep -q 'ignored its last line' "$T/e5"
expect_eq full_disk_then_resume_passwords "$(pw_check "$T/b.out")" "rows 300 mismatch 0"

# --- a journal of another input is refused and left alone -------------
gen c 21 > "$T/c.csv"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import accounts \
    "$T/c.csv" --rate 20/s -j 2 --batch 5 -o "$T/c.out" 2>/dev/null &
pid=$!
sleep 1
kill -INT $pid
wait $pid
expect_eq interrupted_c_exit_130 "$?" 130
cp "$T/c.out.journal" "$T/c.journal.copy"
echo "extra1@jf21.com,X" >> "$T/c.csv"
MFX import accounts "$T/c.csv" -o "$T/c.out" --resume 2>"$T/e6"
expect_eq other_input_exit_65 "$?" 65
check other_input_message grep -q 'another input' "$T/e6"
check other_input_journal_untouched cmp -s "$T/c.out.journal" "$T/c.journal.copy"

# --- --restart keeps the old journal, existing rows carry their passwords
MFX import accounts "$T/c.csv" --rate off -o "$T/c.out" --restart 2>"$T/e7"
rc=$?
expect_eq restart_exit_0 "$rc" 0
check restart_kept_prev cmp -s "$T/c.out.journal.prev" "$T/c.journal.copy"
check restart_has_exists grep -q ',exists,' "$T/c.out"
expect_eq restart_passwords_are_the_sandboxs "$(pw_check "$T/c.out")" "rows 301 mismatch 0"

# --- a finished run's journal: --resume rewrites the result, sends nothing
cp "$T/c.out" "$T/c.out.first"
sent=$(creates)
MFX import accounts "$T/c.csv" -o "$T/c.out" 2>"$T/e8"
expect_eq finished_journal_refuses_rerun "$?" 64
check finished_refusal_says_so grep -q 'already finished' "$T/e8"
MFX import accounts "$T/c.csv" -o "$T/c.out" --resume
expect_eq finished_journal_resumes_exit_0 "$?" 0
expect_eq finished_resume_sends_nothing "$(creates)" "$sent"
check finished_resume_same_result cmp -s "$T/c.out" "$T/c.out.first"
MFX import accounts "$T/c.csv" --rate off -o "$T/c.out" --restart 2>/dev/null
check second_restart_keeps_first_prev sh -c "[ -e '$T/c.out.journal.prev' ] && [ -e '$T/c.out.journal.prev.2' ]"

# --- update rows with nothing to change end the run (no endless resume)
printf 'email\na1@jf2.com\n' > "$T/u.csv"
MFX update accounts "$T/u.csv" -o "$T/u.out"
check nothing_to_change_is_skipped grep -q ',skipped,' "$T/u.out"
MFX update accounts "$T/u.csv" -o "$T/u.out" 2>"$T/e9"
check nothing_to_change_run_finished grep -q 'already finished' "$T/e9"

# --- resume near the quota: rows sent without an answer are not "over quota"
start_sandbox --time-scale 100000 --quota accounts=5 || fail quota_sandbox "no start"
MD_URL="http://127.0.0.1:$PORT/maildoso"
printf 'domain\nquota1.com\n' > "$T/qd.csv"
MFX import domains --yes "$T/qd.csv" -o "$T/qd.out"
sleep 1
printf 'email\nq1@quota1.com\nq2@quota1.com\nq3@quota1.com\nq4@quota1.com\nq5@quota1.com\n' > "$T/q.csv"
MFX import accounts "$T/q.csv" --batch 1 -j 1 -o "$T/q.out"
expect_eq quota_fills_exactly "$(grep -c ',created,' "$T/q.out")" 5
# as if killed after rows 4 and 5 were sent: their outcomes and the end gone
grep -Ev "$(printf '^[0-9a-f]* (O\t[34]\t|E\t)')" "$T/q.out.journal" > "$T/q.j" &&
    cat "$T/q.j" > "$T/q.out.journal"
expect_eq two_outcomes_removed "$(grep -c "$(printf '^[0-9a-f]* O\t')" "$T/q.out.journal")" 3
MFX import accounts "$T/q.csv" -o "$T/q.out" --resume 2>"$T/e10"
expect_eq resume_at_full_quota_exit_0 "$?" 0
expect_eq resume_at_full_quota_all_created "$(grep -c ',created,' "$T/q.out")" 5
expect_eq resume_at_full_quota_passwords "$(pw_check "$T/q.out")" "rows 5 mismatch 0"
finish
