#!/bin/sh
# End-to-end (issue 16): `mailfleet apply FLEET.csv` against the sandbox.
# A 20-row sheet: a forwarding inbox to create, three domains to buy (one
# whose first set-up fails: restarted once by the wait), a taken name, an
# invalid row, a redirect and a password given. Checked: refused without
# a terminal and without --yes, and over --max-cost, before any write;
# apply --yes: rows ready, the taken name's rows domain_unavailable, the
# result 0600 with every password, three rows pushed to a sequencer, each
# write made once, each phase's
# requests within 1.2 x minimum + 3; a second apply: "nothing to do",
# only reads; a SIGKILL in the inbox phase, then apply again: the phase
# resumed from its journal, no inbox created twice, every password there.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --taken-domain taken.com \
    --fail-domain bad.com
MFX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off \
    --interval 0.05 --timeout 60 </dev/null; }
writes() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq -r '[.requests.by_operation |
	    to_entries[] | select(.key | test("^(create|restart|update|delete|export|patch)")) |
	    "\(.key)=\([.value[]] | add)"] | join(" ")'
}
in_use() { md GET /v1/user/stats >/dev/null; jq .maildoso_accounts.in_use "$T/body"; }
within() {	# NAME USED MINIMUM
	if [ $(($2 * 10)) -le $((12 * $3 + 30)) ]; then ok "$1 ($2 requests, minimum $3)"
	else fail "$1" "$2 requests, minimum $3, goal <= 1.2 x $3 + 3"; fi
}

printf 'platform,sequencer_login,sequencer_password,api_key\ninstantly,ops@acme.example,SeqPw!1x,inst_key\n' > "$T/s.csv"
MFX -q import sequencers "$T/s.csv" -o "$T/s.out"
expect_eq setup_sequencer "$(csv_col "$T/s.out" status)" created
{
echo 'email,first_name,last_name,password,forwarding,redirect_to,sequencer,team'
echo 'a1@new1.com,Ann,One,Given-Pw-71x!,fwd1@maildoso.email,https://x.example/,,red'
for i in 2 3 4 5 6; do echo "a$i@new1.com,Ann,N$i,,fwd1@maildoso.email,,,red"; done
for i in 1 2 3; do echo "b$i@new2.com,Bo,N$i,,,,instantly,blue"; done
for i in 4 5 6 7; do echo "b$i@new2.com,Bo,N$i,,,,,blue"; done
for i in 1 2 3 4; do echo "r$i@bad.com,Rae,N$i,,,,,green"; done
echo 't1@taken.com,Tia,One,,,,,x'
echo 't2@taken.com,Tia,Two,,,,,x'
echo 'not-an-address,Nim,One,,,,,x'
} > "$T/fleet.csv"
expect_eq sheet_rows "$(($(wc -l < "$T/fleet.csv") - 1))" 20
R="$T/fleet.result.csv"

# --- consent before money ---------------------------------------------------------
setsid -w "$MF" --api-url "$MD_URL" --token-file "$T/token" apply "$T/fleet.csv" \
    --rate off </dev/null 2>"$T/n.err"
expect_eq no_terminal_refused "$?" 64
check no_terminal_says_yes grep -q 'give --yes' "$T/n.err"
MFX apply "$T/fleet.csv" --yes --max-cost 1 2>"$T/m.err"
expect_eq max_cost_refused "$?" 64
check max_cost_says_so grep -q 'over --max-cost \$1.00: nothing was bought' "$T/m.err"
expect_eq refused_nothing_written "$(writes)" ""
check refused_no_result [ ! -e "$R" ]

# --- apply ----------------------------------------------------------------------------
me0=$(sbx_ops get_user_profile); pr0=$(sbx_ops get_pricing)
MFX apply "$T/fleet.csv" --yes 2>"$T/a.err"
expect_eq apply_exit_2_some_rows_not_ready "$?" 2
# five phases open a session each; who the token is and the price list
# are asked once for the whole apply (read_memo)
expect_eq token_checked_once "$(($(sbx_ops get_user_profile) - me0))" 1
expect_eq price_list_read_once "$(($(sbx_ops get_pricing) - pr0))" 1
cat "$T/a.err" | sed 's/^/    /' >&2
expect_eq statuses "$(csv_col "$R" status)" \
    "ready ready ready ready ready ready ready ready ready ready ready ready ready ready ready ready ready domain_unavailable domain_unavailable invalid"
expect_eq result_0600 "$(stat -c %a "$R")" 600
expect_eq every_ready_row_has_a_password "$(python3 -c 'import csv,sys
print(sum(1 for x in csv.DictReader(open(sys.argv[1])) if x["status"] == "ready" and len(x["password_2"]) >= 8))' "$R")" 17
expect_eq given_password_kept "$(python3 -c 'import csv,sys
print([x["password_2"] for x in csv.DictReader(open(sys.argv[1]))][0])' "$R")" 'Given-Pw-71x!'
expect_eq inboxes_made "$(in_use)" 17
# each write once: one forwarding inbox, one purchase (3 names), one
# restart of bad.com's failed set-up, one batch of 17 inboxes, one export
# of 3 to the sequencer
expect_eq writes_once "$(writes)" \
    "create_email_accounts=1 create_forwarding_account=1 create_user_domains=1 export_to_sequencer_v1_sequencers_export_post=1 restart_domain_setup_v1_user_domains_restart_setup_post=1"
check pushed_three grep -q 'push: 3 of 3 rows exported' "$T/a.err"
check bad_com_restarted grep -q '1 failed domain taken up again' "$T/a.err"
check phase_lines sh -c "grep -c '^mailfleet: apply: [a-z0-9-]*: ' '$T/a.err' | grep -qx 8"
check state_dir_gone [ ! -e "$T/fleet.apply" ]
# minimums: forwarding: the token check, the forwarding listing, the
# create = 3; domains: token, domain list, search, stats, price list,
# purchase = 6; accounts: token, domain list, stats, create = 4
within forwarding_phase_requests "$(phase_requests forwarding "$T/a.err")" 3
within domains_phase_requests "$(phase_requests domains "$T/a.err")" 6
within accounts_phase_requests "$(phase_requests accounts "$T/a.err")" 4

# --- converged ------------------------------------------------------------------------
b=$(sbx_requests); w0=$(writes)
MFX apply "$T/fleet.csv" 2>"$T/c.err"
expect_eq converged_exit_2 "$?" 2
check converged_nothing_to_do grep -q 'apply: nothing to do' "$T/c.err"
expect_eq converged_no_writes "$(writes)" "$w0"
# domains, forwarding, sequencers, accounts-lookup, search (taken.com),
# stats = 6
within converged_requests "$(($(sbx_requests) - b))" 6
expect_eq converged_statuses_same "$(counts "$R")" \
    "domain_unavailable=2 invalid=1 ready=17"
expect_eq converged_passwords_there "$(python3 -c 'import csv,sys
print(sum(1 for x in csv.DictReader(open(sys.argv[1])) if len(x["password_2"]) >= 8))' "$R")" 17

# --- SIGKILL in the inbox phase, then apply again ------------------------------------
kill "$SBX_PID" 2>/dev/null; wait "$SBX_PID" 2>/dev/null
need_sandbox --time-scale 100000 --latency-ms 150
{ echo 'email,first_name,last_name'
  i=1; while [ $i -le 12 ]; do echo "k$i@kill1.com,K,N$i"; i=$((i + 1)); done; } > "$T/k.csv"
J="$T/k.apply/accounts.result.csv.journal"
"$MF" --api-url "$MD_URL" --token-file "$T/token" apply "$T/k.csv" --yes \
    -j 1 --batch 1 --rate off --interval 0.05 --timeout 60 </dev/null 2>"$T/k1.err" &
pid=$!
i=0
while [ $i -lt 400 ] && ! grep -q "^[0-9a-f]* O	" "$J" 2>/dev/null; do
	sleep 0.02; i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid
expect_eq killed "$?" 137
done_at_kill=$(grep -c "^[0-9a-f]* O	" "$J" 2>/dev/null)
check killed_midway sh -c "[ ${done_at_kill:-0} -ge 1 ] && [ ${done_at_kill:-0} -lt 12 ]"
check no_result_after_kill [ ! -e "$T/k.result.csv" ]
MFX apply "$T/k.csv" --yes -j 1 --batch 1 2>"$T/k2.err"
expect_eq resumed_exit_0 "$?" 0
check resumed_from_journal grep -q 'apply: accounts: resuming the interrupted phase' "$T/k2.err"
# the pipeline's own --resume: the rows the journal had are not sent again
check journal_rows_restored grep -q "resuming from .*accounts.result.csv.journal: $done_at_kill rows done" "$T/k2.err"
expect_eq resumed_all_ready "$(counts "$T/k.result.csv")" "ready=12"
expect_eq no_inbox_twice "$(in_use)" 12
# every row sent once: 12 creates (batch 1) over both runs
expect_eq each_inbox_sent_once "$(sbx_ops create_email_accounts)" 12
expect_eq resumed_passwords_there "$(python3 -c 'import csv,sys
print(sum(1 for x in csv.DictReader(open(sys.argv[1])) if len(x["password"]) >= 8))' "$T/k.result.csv")" 12
expect_eq resumed_result_0600 "$(stat -c %a "$T/k.result.csv")" 600

# --- --no-wait: rows on a new domain wait; the next apply finishes them ------------
printf 'email,first_name\nw1@nw1.com,Wu\nw2@nw1.com,Wa\n' > "$T/w.csv"
MFX apply "$T/w.csv" --yes --no-wait 2>"$T/w1.err"
expect_eq no_wait_exit_2 "$?" 2
expect_eq no_wait_rows_waiting "$(counts "$T/w.result.csv")" "waiting_for_domain=2"
check no_wait_skipped_the_wait sh -c "! grep -q 'apply: wait:' '$T/w1.err'"
MFX apply "$T/w.csv" --yes 2>"$T/w2.err"
expect_eq later_apply_exit_0 "$?" 0
expect_eq later_apply_ready "$(counts "$T/w.result.csv")" "ready=2"

# --- an external domain: added, its name servers printed and kept ---------------
printf 'email,first_name,domain_source\ne1@ext1.com,Ed,external\ne2@ext1.com,Eve,external\n' > "$T/x.csv"
MFX apply "$T/x.csv" --yes --no-wait 2>"$T/x1.err"
expect_eq external_no_wait_exit_2 "$?" 2
expect_eq external_rows_waiting "$(counts "$T/x.result.csv")" "waiting_for_domain=2"
check external_prints_name_servers grep -q '^mailfleet: apply: ext1.com ([A-Z_]*): set its name servers at its registrar: [a-z0-9.-]*;[a-z0-9.-]*$' "$T/x1.err"
expect_eq external_result_keeps_name_servers "$(python3 -c 'import csv,sys
print(sum(1 for x in csv.DictReader(open(sys.argv[1])) if x["name_servers"].count(";") == 1 and x["name_servers"] in open(sys.argv[2]).read()))' "$T/x.result.csv" "$T/x1.err")" 2
MFX apply "$T/x.csv" --yes 2>"$T/x2.err"
expect_eq external_later_apply_exit_0 "$?" 0
expect_eq external_later_ready "$(counts "$T/x.result.csv")" "ready=2"
expect_eq external_added_once "$(sbx_ops create_external_domains_v1_user_domains_external_post)" 1
check external_ready_not_printed sh -c "! grep -q 'set its name servers' '$T/x2.err'"

# --- SIGTERM during the wait (after a pipeline phase ran in this process) ----------
# ends the apply: run_write's handler, left in place with no job to stop,
# would swallow it, and apply would wait out its --timeout
kill "$SBX_PID" 2>/dev/null; wait "$SBX_PID" 2>/dev/null
need_sandbox
printf 'email\ni1@int1.com\n' > "$T/i.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" apply "$T/i.csv" --yes \
    --rate off --interval 0.05 --timeout 20 </dev/null 2>"$T/i.err" &
pid=$!
i=0
while [ $i -lt 500 ] && ! grep -q 'apply: wait: ' "$T/i.err"; do
	sleep 0.02; i=$((i + 1))
done
kill -TERM $pid
wait $pid
expect_eq sigterm_in_wait_ends_apply "$?" 143
check sigterm_after_domains_bought grep -q 'import domains: 1 created' "$T/i.err"
finish
