#!/bin/sh
# End-to-end (issue 17): fleets at ColdSend. A ColdSend sheet (8 rows over
# 2 domains): plan reads one listing and changes nothing; apply adds both
# domains, activates them (wait --activate) and creates the 8 native
# inboxes in one bulk request per domain: each inbox in the sandbox's
# ColdSend state once, every row ready, the result 0600 with the inbox
# ids; a second apply: "nothing to do", no write. Maildoso-only cells on a
# ColdSend sheet make their rows invalid, saying why. A Maildoso sheet with
# apply --send-from coldsend: the ready inboxes connected at ColdSend as
# SMTP accounts (the bridge), once; a second apply connects none.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --rate coldsend=none
export COLDSEND_API_KEY=cs_live_sandbox
CSX() { "$MF" --provider coldsend --api-url "$CS_URL" "$@" --rate off \
    --interval 0.05 --timeout 60 </dev/null; }
CSP() { "$MF" --provider coldsend --api-url "$CS_URL" "$@" --rate off </dev/null; }
MDX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off \
    --interval 0.05 --timeout 60 </dev/null; }
# every write either provider saw: "operation=count ..."
writes() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq -r '[.requests.by_operation |
	    to_entries[] | select(.key | test("^(coldsend[.])?(create|add|activate|restart|update|delete|export|patch)")) |
	    "\(.key)=\([.value[]] | add)"] | join(" ")'
}
# ColdSend's inboxes: "address/display name/type" sorted, of a domain
cs_inboxes() {
	{ cs GET '/sender-accounts?limit=100&page=1' >/dev/null; cat "$T/body"; echo
	  cs GET '/sender-accounts?limit=100&page=2' >/dev/null; cat "$T/body"; } |
	    jq -r ".sender_accounts[]? | select(.email_address | endswith(\"@$1\")) |
	    \"\(.email_address)/\(.display_name)/\(.inbox_type)\"" | sort | tr '\n' ' '
}
# the same, answered 2xx (an activation before the name servers
# propagated is refused, 400, and tried again the next round)
writes_ok() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq -r '[.requests.by_operation |
	    to_entries[] | select(.key | test("^(coldsend[.])?(create|add|activate|restart|update|delete|export|patch)")) |
	    "\(.key)=\([.value | to_entries[] | select(.key | test("^2")) | .value] | add)"] | join(" ")'
}
LOG="$T/all.log"
: > "$LOG"

# --- a ColdSend sheet: plan --------------------------------------------------
{
echo 'email,first_name,last_name'
for n in ann bob cy di; do echo "$n@cs1.example.com,${n}y,One"; done
for n in ed flo gus hal; do echo "$n@cs2.example.com,${n}y,Two"; done
} > "$T/cs.csv"
CSP plan "$T/cs.csv" 2>"$T/p.err"
expect_eq cs_plan_exit_0 "$?" 0
cat "$T/p.err" >> "$LOG"
check cs_plan_domains grep -q 'plan: domains: 0 active, 0 to activate, 0 pending, 2 to add, 0 to retry, 0 failed$' "$T/p.err"
check cs_plan_inboxes grep -q 'plan: inboxes: 8 to create, 0 there, 0 over_limit, 0 unavailable, 0 held by their domain, 0 invalid$' "$T/p.err"
check cs_plan_no_prices grep -q 'plan: total cost: not published by ColdSend$' "$T/p.err"
expect_eq cs_plan_steps "$(csv_col "$T/cs.plan.csv" plan_domain)/$(csv_col "$T/cs.plan.csv" plan_inbox)" \
    "add add add add add add add add/create create create create create create create create"
# one listing (the domains; no domain there holds an inbox), no write
expect_eq cs_plan_one_listing_no_write "$(sbx_ops coldsend.list_domains)/$(sbx_ops coldsend.list_sender_accounts)/$(writes)" 1/0/
# --json names each domain action once (ColdSend's activate among them)
expect_eq cs_plan_json_domains "$(CSP plan "$T/cs.csv" --json 2>/dev/null | jq -c .domains)" \
    '{"active":0,"moving":0,"buy":0,"unavailable":0,"blocked":0,"external":2,"restart":0,"activate":0,"failed":0}'
# ColdSend sells nothing: the plan spends nothing (apply_fleet sets no cap)
expect_eq cs_plan_json_spends_nothing "$(CSP plan "$T/cs.csv" --json 2>/dev/null | jq -c .spends)" false

# --- apply: domains added, activated, inboxes created in bulk ----------------
R="$T/cs.result.csv"
CSX apply "$T/cs.csv" 2>"$T/a.err"
expect_eq cs_apply_exit_0 "$?" 0
cat "$T/a.err" >> "$LOG"
sed 's/^/    /' "$T/a.err" >&2
expect_eq cs_apply_all_ready "$(counts "$R")" "ready=8"
expect_eq cs_result_0600 "$(stat -c %a "$R")" 600
expect_eq cs_inboxes_once_cs1 "$(cs_inboxes cs1.example.com)" \
    "ann@cs1.example.com/anny One/COLDSEND_NATIVE bob@cs1.example.com/boby One/COLDSEND_NATIVE cy@cs1.example.com/cyy One/COLDSEND_NATIVE di@cs1.example.com/diy One/COLDSEND_NATIVE "
expect_eq cs_inboxes_once_cs2 "$(cs_inboxes cs2.example.com)" \
    "ed@cs2.example.com/edy Two/COLDSEND_NATIVE flo@cs2.example.com/floy Two/COLDSEND_NATIVE gus@cs2.example.com/gusy Two/COLDSEND_NATIVE hal@cs2.example.com/haly Two/COLDSEND_NATIVE "
# the result's ids are ColdSend's, each row its own inbox's
cs GET '/sender-accounts?limit=100' >/dev/null
expect_eq cs_result_ids "$(python3 -c 'import csv,json,sys
ids = {x["email_address"]: x["inbox_id"] for x in json.load(open(sys.argv[2]))["sender_accounts"]}
print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r["id"] and ids.get(r["email"]) == r["id"]))' "$R" "$T/body")" 8
expect_eq cs_domains_active "$(cs GET '/domains?limit=100' >/dev/null; jq -r '[.domains[] | "\(.domain_name)=\(.status)"] | sort | join(" ")' "$T/body")" \
    "cs1.example.com=ACTIVE cs2.example.com=ACTIVE"
# each write once: two adds, two activations, one bulk request per domain
expect_eq cs_writes "$(writes_ok)" \
    "coldsend.activate_domain=2 coldsend.add_domain=2 coldsend.create_native_bulk=2"
check cs_phases grep -q 'apply: coldsend-inboxes: 8 rows' "$T/a.err"
check cs_state_dir_gone sh -c "[ -s '$R' ] && [ ! -e '$T/cs.apply' ]"

# --- a converged sheet: nothing to do, no write -------------------------------
w0=$(writes)
CSX apply "$T/cs.csv" 2>"$T/c.err"
expect_eq cs_converged_exit_0 "$?" 0
check cs_converged_nothing_to_do grep -q 'apply: nothing to do (2 read requests)' "$T/c.err"
check cs_converged_plan grep -q 'plan: inboxes: 0 to create, 8 there' "$T/c.err"
check cs_converged_no_write sh -c "[ -n '$w0' ] && [ '$(writes)' = '$w0' ]"
expect_eq cs_converged_ready "$(counts "$R")" "ready=8"

# --- Maildoso-only cells on a ColdSend sheet: invalid rows ----------------------
cat > "$T/bad.csv" <<'EOF'
email,first_name,last_name,forwarding,password,provider,redirect_to,sequencer,domain_source
ok@cs1.example.com,Ok,Row,,,,,,external
f@cs3.example.com,F,Row,fwd1@maildoso.email,,,,,
p@cs3.example.com,P,Row,,Pw-Given-123!x,,,,
g@cs3.example.com,G,Row,,,google,,,
r@cs3.example.com,R,Row,,,,https://x.example/,,
s@cs3.example.com,S,Row,,,,,instantly,
b@cs3.example.com,B,Row,,,,,,buy
EOF
CSP plan "$T/bad.csv" 2>"$T/b.err"
expect_eq unused_plan_exit_2 "$?" 2
cat "$T/b.err" >> "$LOG"
check unused_counts grep -q 'plan: inboxes: 1 to create, 0 there, 0 over_limit, 0 unavailable, 0 held by their domain, 6 invalid$' "$T/b.err"
check unused_forwarding grep -q 'bad.csv:3: column 4 (forwarding): ColdSend has no forwarding inboxes' "$T/b.err"
check unused_password grep -q 'bad.csv:4: column 5 (password): ColdSend sets its native inboxes. passwords itself' "$T/b.err"
check unused_provider grep -q 'bad.csv:5: column 6 (provider): ColdSend makes its own native inboxes' "$T/b.err"
check unused_redirect grep -q 'bad.csv:6: column 7 (redirect_to): ColdSend has no domain redirects' "$T/b.err"
check unused_sequencer grep -q 'bad.csv:7: column 8 (sequencer): ColdSend sends itself' "$T/b.err"
check unused_buy grep -q 'bad.csv:8: column 9 (domain_source): ColdSend sells no domains' "$T/b.err"
check unused_password_not_shown sh -c "grep -q 'column 5 (password)' '$T/b.err' && ! grep -q 'Pw-Given' '$T/b.err'"
# the domain only invalid rows name is not to be added
check unused_domain_not_planned grep -q 'plan: domains: 1 active, 0 to activate, 0 pending, 0 to add, 0 to retry, 0 failed$' "$T/b.err"

# --- Maildoso with --send-from coldsend: the bridge, once ------------------------
printf 'email,first_name,last_name\nm1@bridge7.com,Mae,One\nm2@bridge7.com,Max,Two\nm3@bridge7.com,Mo,Three\n' > "$T/md.csv"
M="$T/md.result.csv"
b0=$(sbx_ops coldsend.create_smtp_bulk)/$(sbx_ops coldsend.create_smtp)
MDX apply "$T/md.csv" --yes --send-from coldsend --send-from-url "$CS_URL" 2>"$T/s.err"
expect_eq send_from_exit_0 "$?" 0
cat "$T/s.err" >> "$LOG"
sed 's/^/    /' "$T/s.err" >&2
expect_eq send_from_ready "$(counts "$M")" "ready=3"
check send_from_planned grep -q 'plan: --send-from coldsend: 3 inboxes to connect, 0 connected$' "$T/s.err"
expect_eq send_from_connected_once "$(cs_inboxes bridge7.com)" \
    "m1@bridge7.com/Mae One/CUSTOM_SMTP m2@bridge7.com/Max Two/CUSTOM_SMTP m3@bridge7.com/Mo Three/CUSTOM_SMTP "
expect_eq send_from_one_bulk "$(sbx_ops coldsend.create_smtp_bulk)/$(sbx_ops coldsend.create_smtp)" "$(( ${b0%/*} + 1 ))/${b0#*/}"
# the Maildoso passwords: in the 0600 result, in no log
sed 1d "$M" | cut -d, -f7 > "$T/secrets"
found=0
while read -r s; do grep -qF -- "$s" "$LOG" && found=1; done < "$T/secrets"
expect_eq send_from_3_passwords_none_logged "$(grep -c '.\{8\}' "$T/secrets")/$found" 3/0
w0=$(writes)
MDX -v apply "$T/md.csv" --yes --send-from coldsend --send-from-url "$CS_URL" 2>"$T/s2.err"
expect_eq send_from_rerun_exit_0 "$?" 0
check send_from_rerun_connected grep -q 'plan: --send-from coldsend: 0 inboxes to connect, 3 connected$' "$T/s2.err"
# the sheet's --rate (off) is Maildoso's: ColdSend's session keeps its own
# limits, and --send-from-rate reaches it
check send_from_own_rate grep -q '^mailfleet: debug: ColdSend: requests at [0-9].* (the provider.s limits)$' "$T/s2.err"
check send_from_no_sheet_rate sh -c "! grep -q '^mailfleet: debug: ColdSend: requests at off' '$T/s2.err'"
MDX apply "$T/md.csv" --yes --send-from coldsend --send-from-url "$CS_URL" --send-from-rate bogus 2>"$T/s3.err"
check send_from_rate_reaches_coldsend grep -q -- '--rate: ' "$T/s3.err"
check send_from_rerun_nothing grep -q 'apply: nothing to do' "$T/s2.err"
check send_from_rerun_no_write sh -c "echo '$w0' | grep -q 'coldsend.create_smtp_bulk=1' && [ '$(writes)' = '$w0' ]"
expect_eq send_from_rerun_still_once "$(cs_inboxes bridge7.com)" \
    "m1@bridge7.com/Mae One/CUSTOM_SMTP m2@bridge7.com/Max Two/CUSTOM_SMTP m3@bridge7.com/Mo Three/CUSTOM_SMTP "

# --- usage ------------------------------------------------------------------------
"$MF" --provider coldsend --api-url "$CS_URL" apply "$T/cs.csv" --send-from coldsend --rate off </dev/null 2>"$T/u.err"
expect_eq send_from_to_itself_64 "$?" 64
check send_from_to_itself_says grep -q "send-from coldsend: the sheet's inboxes are coldsend's already" "$T/u.err"
# an input an interrupted apply --send-from left (it would hold passwords):
# an apply without --send-from says so and leaves it to the one that can
# go on from its journal
mkdir -m 700 "$T/md.apply"
(umask 077; printf 'email\nx@y.example\n' > "$T/md.apply/send-from-coldsend.csv")
MDX apply "$T/md.csv" 2>"$T/l.err"
check send_from_leftover_said grep -q "md.apply/send-from-coldsend.csv is left by an interrupted apply --send-from coldsend" "$T/l.err"
check send_from_leftover_kept [ -f "$T/md.apply/send-from-coldsend.csv" ]
rm -rf "$T/md.apply"
MDX apply "$T/md.csv" --send-from-url "$CS_URL" 2>"$T/u2.err"
expect_eq send_from_url_alone_64 "$?" 64
check send_from_url_alone_says grep -q 'go with --send-from' "$T/u2.err"
# --- a domain waiting for its name servers (DNS_PENDING, time at its own
# pace): every apply, not only the one that added it, says them and keeps
# them in the result (GET /domains/{id}: the listing lacks them) ----------
kill "$SBX_PID" 2>/dev/null; wait "$SBX_PID" 2>/dev/null
need_sandbox --time-scale 1 --rate coldsend=none
printf 'email,first_name\nns1@csns.example.com,Nia\n' > "$T/ns.csv"
CSX apply "$T/ns.csv" --no-wait 2>"$T/ns1.err"
expect_eq ns_first_apply_waits "$(counts "$T/ns.result.csv")" "waiting_for_domain=1"
ns1=$(csv_col "$T/ns.result.csv" name_servers)
check ns_first_apply_has_them sh -c "echo '$ns1' | grep -q '^[a-z0-9.-]*;[a-z0-9.-]*\$'"
g0=$(sbx_ops coldsend.get_domain)
CSX apply "$T/ns.csv" --no-wait 2>"$T/ns2.err"
expect_eq ns_later_apply_keeps_them "$(csv_col "$T/ns.result.csv" name_servers)" "$ns1"
check ns_later_apply_says_them grep -q "apply: csns.example.com (DNS_PENDING): set its name servers at its registrar: $ns1\$" "$T/ns2.err"
expect_eq ns_one_detail_read "$(($(sbx_ops coldsend.get_domain) - g0))" 1
finish
