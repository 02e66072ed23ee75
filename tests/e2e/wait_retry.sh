#!/bin/sh
# End-to-end: `wait domains` taking failed set-ups up again. ColdSend:
# --activate retries FAILED domains once each (N times with
# --max-activations N), and the result carries the set-up progress (GET
# /domains/{id}/progress, for domains not ready only) and the name servers
# (GET /domains/{id}, once a domain). Maildoso: --restart-failed restarts
# each failed domain once, those of a round in one POST restart-setup. A
# run on a sandbox where every set-up fails (--fail-rate 1) shows the
# retries failing again; the same state on a sandbox where none fails
# shows them recovered. Request counts from /_sandbox/stats.
. "$(dirname "$0")/lib.sh"

export COLDSEND_API_KEY=cs_live_sandbox
# ops NAME...: how many requests the sandbox answered for these operations.
ops() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq --args \
	    '[$ARGS.positional[] as $o | .requests.by_operation[$o][]?] | add // 0' "$@"
}
# accepted NAME: how many of those it answered 200.
accepted() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq --arg o "$1" \
	    '.requests.by_operation[$o]["200"] // 0'
}
# absent METHOD PATH [BODY]: the sandbox has no such route (its generic 404).
absent() {
	[ "$(curl -s -X "$1" -H 'X-API-Key: cs_live_sandbox' \
	    -H 'Authorization: Bearer pat_sandbox' -H 'Content-Type: application/json' \
	    ${3:+-d "$3"} "http://127.0.0.1:$PORT$2")" = '{"detail":"Not Found"}' ]
}
# col FILE NAME: the column NAME of FILE's rows (no header), one a line.
col() {
	awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
	    { print $c }' "$1"
}
restart_sandbox() {
	kill -TERM "$SBX_PID"
	wait "$SBX_PID" 2>/dev/null
	need_sandbox "$@"
}
CSX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@"; }
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
W="--interval 0.2 --timeout 120 --rate off"

# --- options that do not belong together --------------------------------
"$MF" --provider coldsend wait domains --restart-failed 2>"$T/u1.err"
expect_eq restart_failed_is_maildosos "$?" 64
check restart_failed_says_activate grep -q 'here --activate retries FAILED' "$T/u1.err"
"$MF" --provider coldsend wait domains --max-activations 2 2>/dev/null
expect_eq max_activations_needs_activate "$?" 64
"$MF" wait domains --activate --max-activations 2 2>/dev/null
expect_eq max_activations_is_coldsends "$?" 64
"$MF" --provider coldsend wait domains --activate --max-activations 101 2>/dev/null
expect_eq max_activations_range "$?" 64

# --- ColdSend: every set-up fails -----------------------------------------
need_sandbox --time-scale 1000 --rate coldsend=none --fail-rate 1 \
    --state "$T/cs.json"
if absent POST /coldsend/domains/x/activate || absent GET /coldsend/domains/x/progress ||
    absent GET /coldsend/domains/x; then
	skip coldsend_retry "the sandbox lacks POST /domains/{id}/activate, GET /domains/{id}/progress or GET /domains/{id}"
else
printf 'domain\nmail.r1.com\nmail.r2.com\n' > "$T/c.csv"
CSX import domains "$T/c.csv" --rate off -o "$T/c.out"
a0=$(accepted coldsend.activate_domain) g0=$(ops coldsend.get_domain)
p0=$(ops coldsend.domain_progress) l0=$(ops coldsend.list_domains)
CSX wait domains "$T/c.csv" --activate $W -o "$T/c1.out"
expect_eq cs_failed_exit_2 "$?" 2
if grep -q 'activate refused: HTTP 409' "$T/c1.out"; then
	skip cs_failed_retried "the sandbox refuses POST /domains/{id}/activate from FAILED (coldsend.md: FAILED can be retried)"
else
expect_eq cs_failed_retried_once "$(col "$T/c1.out" retries | tr '\n' ' ')" "1 1 "
expect_eq cs_failed_again "$(col "$T/c1.out" status | tr '\n' ' ')" "failed failed "
check cs_failed_again_said grep -q ',failed again after 1 retry,' "$T/c1.out"
# 2 activations from DNS_PENDING, 2 retries accepted (the 400s before the
# name servers propagated are not activations)
expect_eq cs_activations_2_plus_2 "$(($(accepted coldsend.activate_domain) - a0))" 4
# once a domain each: 2 name server reads, 2 progress reads (none ready)
expect_eq cs_name_servers_once_a_domain "$(($(ops coldsend.get_domain) - g0))" 2
expect_eq cs_progress_of_not_ready "$(($(ops coldsend.domain_progress) - p0))" 2
# name servers and progress as the API has them
id=$(col "$T/c1.out" id | head -n 1)
ns=$(curl -s -H 'X-API-Key: cs_live_sandbox' "$CS_URL/domains/$id" | jq -r '.nameservers | join(";")')
check cs_name_servers_read test -n "$ns"
expect_eq cs_name_servers_as_api "$(col "$T/c1.out" name_servers | head -n 1)" "$ns"
pr=$(curl -s -H 'X-API-Key: cs_live_sandbox' "$CS_URL/domains/$id/progress" |
    jq -r '"\(.progress_percentage),\(.status_message)"')
expect_eq cs_progress_as_api \
    "$(col "$T/c1.out" progress | head -n 1),$(col "$T/c1.out" progress_message | head -n 1)" "$pr"
echo "  requests (ColdSend, 2 domains failing twice): $(($(ops coldsend.list_domains) - l0)) listings, $(($(accepted coldsend.activate_domain) - a0)) activations, 2 domain reads, 2 progress reads" >&2

a0=$(ops coldsend.activate_domain)
CSX wait domains "$T/c.csv" --activate --max-activations 3 $W -o "$T/c3.out"
expect_eq cs_max3_exit_2 "$?" 2
expect_eq cs_max3_retries "$(col "$T/c3.out" retries | tr '\n' ' ')" "3 3 "
expect_eq cs_max3_activations "$(($(ops coldsend.activate_domain) - a0))" 6
check cs_max3_said grep -q ',failed again after 3 retries,' "$T/c3.out"
a0=$(ops coldsend.activate_domain) l0=$(ops coldsend.list_domains)
CSX wait domains "$T/c.csv" --activate --max-activations 0 $W -o "$T/c0.out"
expect_eq cs_max0_exit_2 "$?" 2
expect_eq cs_max0_no_activation "$(($(ops coldsend.activate_domain) - a0))" 0
expect_eq cs_max0_one_listing "$(($(ops coldsend.list_domains) - l0))" 1

# --- ColdSend: the same FAILED domains where set-ups succeed --------------
restart_sandbox --time-scale 1000 --rate coldsend=none --state "$T/cs.json"
CSX wait domains "$T/c.csv" --activate $W -o "$T/c4.out"
expect_eq cs_recovered_exit_0 "$?" 0
expect_eq cs_recovered_ready "$(col "$T/c4.out" status | tr '\n' ' ')" "ready ready "
expect_eq cs_recovered_after_one "$(col "$T/c4.out" retries | tr '\n' ' ')" "1 1 "
expect_eq cs_recovered_progress_100 "$(col "$T/c4.out" progress | tr '\n' ' ')" "100 100 "
expect_eq cs_recovered_activations "$(ops coldsend.activate_domain)" 2
expect_eq cs_ready_no_progress_read "$(ops coldsend.domain_progress)" 0
expect_eq cs_ready_name_servers_once "$(ops coldsend.get_domain)" 2
check cs_recovered_name_servers sh -c "awk -F, 'NR > 1 && \$6 !~ /ns\\.cloudflare\\.com;/ { bad = 1 } END { exit bad }' '$T/c4.out'"
echo "  requests (ColdSend, 2 FAILED domains recovering): $(ops coldsend.list_domains) listings, 2 activations, 2 domain reads, 0 progress reads" >&2
fi
fi

# --- Maildoso: every set-up fails -----------------------------------------
restart_sandbox --time-scale 1000 --fail-rate 1 --state "$T/md.json"
if absent POST /maildoso/v1/user/domains/restart-setup '{"domain_ids":[1]}'; then
	skip maildoso_restart "the sandbox lacks POST /v1/user/domains/restart-setup"
	finish
	exit 0
fi
printf 'domain\nrestart1.com\nrestart2.com\nrestart3.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
r0=$(ops restart_domain_setup_v1_user_domains_restart_setup_post)
MFX wait domains "$T/d.csv" --restart-failed --interval 0.1 --timeout 120 -o "$T/m1.out"
expect_eq md_failed_exit_2 "$?" 2
expect_eq md_failed_again "$(col "$T/m1.out" status | tr '\n' ' ')" "failed failed failed "
expect_eq md_restarted_once "$(col "$T/m1.out" retries | tr '\n' ' ')" "1 1 1 "
check md_failed_again_said grep -q ',failed again after 1 retry,' "$T/m1.out"
# batched: at most one request a round with new failures, never one a domain
nr=$(($(ops restart_domain_setup_v1_user_domains_restart_setup_post) - r0))
check "md_restart_requests_batched ($nr for 3 domains)" test "$nr" -ge 1 -a "$nr" -le 3
echo "  requests (Maildoso, 3 domains, all failing): $nr restart-setup, $(ops list_user_domains) listings" >&2
# without --restart-failed nothing is restarted
MFX wait domains "$T/d.csv" --interval 0.1 --timeout 5 -o "$T/m0.out"
expect_eq md_no_restart_by_default "$(($(ops restart_domain_setup_v1_user_domains_restart_setup_post) - r0))" "$nr"
expect_eq md_no_restart_retries_0 "$(col "$T/m0.out" retries | tr '\n' ' ')" "0 0 0 "

# --- Maildoso: the same failed domains where set-ups succeed --------------
restart_sandbox --time-scale 1000 --state "$T/md.json"
MFX wait domains "$T/d.csv" --restart-failed --interval 0.1 --timeout 120 -o "$T/m2.out"
expect_eq md_recovered_exit_0 "$?" 0
expect_eq md_recovered_ready "$(col "$T/m2.out" status | tr '\n' ' ')" "ready ready ready "
expect_eq md_recovered_after_one "$(col "$T/m2.out" retries | tr '\n' ' ')" "1 1 1 "
expect_eq md_one_restart_for_all "$(ops restart_domain_setup_v1_user_domains_restart_setup_post)" 1
check md_recovered_active sh -c "grep -c ',ready,,.*,ACTIVE,' '$T/m2.out' | grep -qx 3"
echo "  requests (Maildoso, 3 failed domains recovering): 1 restart-setup, $(ops list_user_domains) listings" >&2

# --- Maildoso: a restart taken up late (--restart-lag: the failed status
# listed for 10 provider minutes after the accepted restart-setup) is not
# "failed again": the same failed status counts as moving for a while ----
restart_sandbox --time-scale 1000 --fail-domain lag1.com --restart-lag 600
printf 'domain\nlag1.com\n' > "$T/lag.csv"
MFX import domains --yes "$T/lag.csv" -o "$T/lag.out"
MFX wait domains "$T/lag.csv" --restart-failed --interval 0.05 --timeout 120 -o "$T/lag1.out"
expect_eq md_late_restart_exit_0 "$?" 0
expect_eq md_late_restart_ready "$(col "$T/lag1.out" status)" ready
expect_eq md_late_restart_once "$(col "$T/lag1.out" retries)/$(ops restart_domain_setup_v1_user_domains_restart_setup_post)" 1/1
finish
