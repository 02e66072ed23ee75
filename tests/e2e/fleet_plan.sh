#!/bin/sh
# End-to-end (issue 16): `mailfleet plan FLEET.csv` against the sandbox. A
# 30-row sheet over 9 domains: some there already (made first with
# import), two to buy, one taken name, one blocked TLD, Google rows on a
# --no-google domain, a full domain (accounts_limit 50), external rows, a
# failed set-up to restart, forwarding inboxes present and missing, a
# sequencer push, two invalid rows. Checked: the plan file's per-row
# columns, the summary's counts and exact total (--price tiers), nothing
# written at the provider (stats: only GETs and the search POST), the
# request count within 1.2 x minimum + 3, --detailed-exitcode 2 then 0 on
# a converged sheet, ColdSend refused (64).
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --taken-domain taken.com \
    --fail-domain bad.com --no-google nog.com \
    --price domains=1000:5,800 --price maildoso_accounts=300:60,200 \
    --price google_accounts=700
MFX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off </dev/null; }
stats() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats"; }
# ops: "operation=count ..." of every request so far (the stats reads
# left out); ops_since OLD: those made after OLD was taken
ops() {
	stats | jq -r '.requests.by_operation | to_entries[] |
	    select(.key != "sandbox.stats") | "\(.key)=\([.value[]] | add)"'
}
ops_since() {
	ops | awk -v old="$1" 'BEGIN { n = split(old, o, " ");
	    for (i = 1; i <= n; i++) { split(o[i], kv, "="); had[kv[1]] = kv[2] } }
	    { split($0, kv, "="); d = kv[2] - had[kv[1]]; if (d > 0) printf "%s=%d ", kv[1], d }'
}

# --- the account before the plan ------------------------------------------------
printf 'domain\nown.com\nbad.com\nnog.com\nfull.com\n' > "$T/d.csv"
MFX -q import domains --yes "$T/d.csv" -o "$T/d.out"
expect_eq setup_domains "$(grep -c ',created,' "$T/d.out")" 4
MFX -q wait domains "$T/d.csv" -o "$T/w.out" --interval 0.05 --timeout 30
expect_eq setup_bad_failed "$(csv_col "$T/w.out" status)" "ready failed ready ready"
printf 'email\nfwd1@maildoso.email\n' > "$T/f.csv"
MFX -q import forwarding "$T/f.csv" -o "$T/f.out"
{ echo email; i=0; while [ $i -lt 50 ]; do echo "f$i@full.com"; i=$((i + 1)); done; } > "$T/full.csv"
MFX -q import accounts "$T/full.csv" -o "$T/full.out"
printf 'email,forwarding\na1@own.com,\na2@own.com,fwd1@maildoso.email\n' > "$T/own.csv"
MFX -q import accounts "$T/own.csv" -o "$T/own.out"
expect_eq setup_accounts "$(cat "$T/full.out" "$T/own.out" | grep -c ',created,')" 52
printf 'platform,sequencer_login,sequencer_password,api_key\ninstantly,ops@acme.example,SeqPw!1x,inst_key\n' > "$T/s.csv"
MFX -q import sequencers "$T/s.csv" -o "$T/s.out"
expect_eq setup_sequencer "$(csv_col "$T/s.out" status)" created

# --- the sheet --------------------------------------------------------------------
{
echo 'email,first_name,last_name,password,provider,forwarding,domain_source,redirect_to,sequencer,team'
echo 'a1@own.com,Ann,One,,,,,,,red'
echo 'a2@own.com,Ann,Two,,,fwd1@maildoso.email,,,,red'
echo 'a3@own.com,Ann,Three,,,fwd1@maildoso.email,,,instantly,red'
echo 'a4@own.com,Ann,Four,,,fwd2@maildoso.email,,,,red'
echo 'a5@own.com,Ann,Five,,,,,,lemlist,red'
echo 'b1@new1.com,Bo,One,Secret-Pw-91x!,,,buy,https://x.example/,,blue'
for i in 2 3 4; do echo "b$i@new1.com,Bo,N$i,,,,,,,blue"; done
echo 'b5@new1.com,Bo,Five,,google,,,,,blue'
for i in 1 2 3 4 5; do echo "c$i@new2.com,Cy,N$i,,,,,,,green"; done
echo 't1@taken.com,Tia,One,,,,,,,x'
echo 't2@taken.com,Tia,Two,,,,,,,x'
echo 'k1@blocked.xyz,Kai,One,,,,,,,x'
echo 'k2@blocked.xyz,Kai,Two,,,,,,,x'
echo 'g1@nog.com,Gil,One,,google,,,,,x'
echo 'g2@nog.com,Gil,Two,,google,,,,,x'
echo 'm1@nog.com,Max,One,,,,,,,x'
echo 'x1@full.com,Xi,One,,,,,,,x'
echo 'x2@full.com,Xi,Two,,,,,,,x'
echo 'e1@ext.com,Eve,One,,,,external,,,x'
echo 'e2@ext.com,Eve,Two,,,,external,,,x'
echo 'e3@ext.com,Eve,Three,,,,external,,,x'
echo 'r1@bad.com,Rae,One,,,,,,,x'
echo 'r2@bad.com,Rae,Two,,,,,,,x'
echo 'bad-address,Nim,One,,,,,,,x'
echo 'v1@own.com,Val,One,,,,rent,,,x'
} > "$T/fleet.csv"
expect_eq sheet_rows "$(($(wc -l < "$T/fleet.csv") - 1))" 31

b=$(sbx_requests); o0=$(ops | tr '\n' ' ')
MFX plan "$T/fleet.csv" 2>"$T/plan.err"
expect_eq plan_exit_2 "$?" 2
# the minimum: domains, forwarding, sequencers, accounts-lookup (the
# sheet's 4 owned domains: one query), provider-availability (Google
# rows), one search (new1, new2, taken), stats, pricing = 8
within() {
	u=$(($(sbx_requests) - $2))
	if [ $((u * 10)) -le $((12 * $3 + 30)) ]; then ok "$1 ($u requests, minimum $3)"
	else fail "$1" "$u requests, minimum $3, goal <= 1.2 x $3 + 3"; fi
}
within plan_requests "$b" 8
check plan_counts_its_requests grep -q "nothing was changed; 8 read requests" "$T/plan.err"
P="$T/fleet.plan.csv"
check plan_written test -f "$P"
expect_eq plan_0600_with_passwords "$(stat -c %a "$P")" 600
# only listings, the stats, the price list and the search POST: nothing
# that writes (the sandbox names each request by its operation id)
expect_eq plan_only_reads "$(ops_since "$o0")" \
    "check_provider_availability=1 get_pricing=1 get_user_sequencers_v1_sequencers_get=1 get_user_stats=1 list_user_domains=1 lookup_forwarding_accounts=1 lookup_user_email_accounts_v1_user_accounts_lookup_get=1 search_domains=1 "
md GET /v1/user/stats >/dev/null
expect_eq plan_no_account_created "$(jq .maildoso_accounts.in_use "$T/body")" 52

row() { python3 -c 'import csv,sys
for x in csv.DictReader(open(sys.argv[1])):
    if x["email"] == sys.argv[2]:
        print(" ".join(x[c] or "-" for c in sys.argv[3:]))' "$P" "$@"; }
PC="plan_forwarding plan_domain plan_inbox plan_forwarding_link plan_redirect plan_push"
expect_eq row_exists "$(row a1@own.com $PC)" "- active exists - - -"
expect_eq row_exists_linked "$(row a2@own.com $PC)" "exists active exists - - -"
expect_eq row_create_push "$(row a3@own.com $PC)" "exists active create - - set"
expect_eq row_unknown_sequencer "$(row a5@own.com plan_inbox plan_push)" "create unknown"
check row_unknown_sequencer_why grep -q '^a5@own.com,.*,"sequencer lemlist: no connected sequencer has that id or name' "$P"
expect_eq row_fwd_create "$(row a4@own.com $PC)" "create active create - - -"
expect_eq row_buy "$(row b1@new1.com $PC plan_domain_detail)" "- buy create - set - 10.00"
expect_eq row_buy_tier2 "$(row c1@new2.com plan_domain plan_domain_detail)" "buy 8.00"
expect_eq row_buy_google "$(row b5@new1.com plan_inbox)" "create"
expect_eq row_taken "$(row t1@taken.com plan_domain plan_inbox)" "unavailable -"
expect_eq row_blocked "$(row k1@blocked.xyz plan_domain plan_inbox)" "blocked -"
check row_blocked_why grep -q '^k1@blocked.xyz,.*,Maildoso does not register' "$P"
expect_eq row_no_google "$(row g1@nog.com plan_domain plan_inbox)" "active unavailable"
expect_eq row_nog_maildoso "$(row m1@nog.com plan_inbox)" "create"
expect_eq row_full "$(row x1@full.com plan_inbox)" "over_limit"
expect_eq row_external "$(row e1@ext.com plan_domain plan_inbox)" "external create"
expect_eq row_restart "$(row r1@bad.com plan_domain plan_domain_detail plan_inbox)" "restart SETUP_FAILED create"
check row_invalid_address grep -q "^bad-address,.*fleet.csv:31: column 1 (email): address has no @" "$P"
check row_invalid_source grep -q '^v1@own.com,.*fleet.csv:32: column 7 (domain_source): buy or external, not ""rent""' "$P"
check row_invalid_on_stderr grep -q 'fleet.csv:32: column 7 (domain_source): buy or external, not "rent"' "$T/plan.err"
check row_other_columns_carried grep -q '^b2@new1.com,Bo,N2,,,,,,,blue,' "$P"
check plan_keeps_password grep -q '^b1@new1.com,Bo,One,Secret-Pw-91x!,' "$P"
check summary_no_password sh -c "! grep -q 'Secret-Pw' '$T/plan.err'"

check summary_fwd grep -q 'forwarding inboxes: 1 to create, 1 there$' "$T/plan.err"
check summary_domains grep -q 'domains: 3 active, 0 pending, 2 to buy, 1 unavailable, 1 blocked, 1 external to add, 1 to restart, 0 failed$' "$T/plan.err"
check summary_inboxes grep -q 'inboxes: 19 to create, 2 there, 2 over_limit, 2 unavailable, 4 held by their domain, 2 invalid$' "$T/plan.err"
check summary_set grep -q 'to set: 0 forwarding links, 1 redirects, 1 sequencer pushes (1 to an unknown sequencer)$' "$T/plan.err"
# domains: 4 held, units 5 (10.00) and 6 (8.00) = 18.00; Maildoso
# inboxes: 52 held, 18 more: units 53-60 at 3.00, 61-70 at 2.00 = 44.00;
# Google: 1 at 7.00. 69.00 in all.
check summary_total grep -q 'total cost: \$69.00 (18 maildoso_accounts for \$44.00 and 1 google_accounts for \$7.00 and 2 domains for \$18.00); quota left after: 99930 inboxes, 99999 Google inboxes, 994 domains$' "$T/plan.err"

MFX -q plan "$T/fleet.csv" --detailed-exitcode -o "$T/p2.csv"
expect_eq detailed_changes_2 "$?" 2

# --- a converged sheet: the rows already there -------------------------------------
printf 'email,first_name,last_name,forwarding\na1@own.com,Ann,One,\na2@own.com,Ann,Two,fwd1@maildoso.email\nf1@full.com,F,One,\n' > "$T/done.csv"
b=$(sbx_requests); o0=$(ops | tr '\n' ' ')
MFX plan "$T/done.csv" --detailed-exitcode 2>"$T/done.err"
expect_eq detailed_converged_0 "$?" 0
check converged_nothing_to_do grep -q 'nothing to do' "$T/done.err"
expect_eq converged_0644 "$(stat -c %a "$T/done.plan.csv")" 644
# domains, forwarding, accounts-lookup, stats (nothing priced) = 4
within converged_requests "$b" 4
expect_eq converged_only_reads "$(ops_since "$o0")" \
    "get_user_stats=1 list_user_domains=1 lookup_forwarding_accounts=1 lookup_user_email_accounts_v1_user_accounts_lookup_get=1 "
expect_eq converged_plan_rows "$(csv_col "$T/done.plan.csv" plan_inbox)" "exists exists exists"
MFX -q plan "$T/done.csv"
expect_eq converged_exit_0 "$?" 0

# --- ColdSend (issue 17; fleet_coldsend.sh has the rest): the same sheet
# planned there, its forwarding row invalid (ColdSend has none) ----------------
COLDSEND_API_KEY=cs_live_sandbox "$MF" --provider coldsend --api-url "$CS_URL" plan "$T/done.csv" -o "$T/cs.plan.csv" 2>"$T/cs.err"
expect_eq coldsend_plan_exit_2 "$?" 2
check coldsend_forwarding_row_invalid grep -q 'done.csv:3: column 4 (forwarding): ColdSend has no forwarding inboxes' "$T/cs.err"
expect_eq coldsend_plan_steps "$(csv_col "$T/cs.plan.csv" plan_inbox)" "create  create"
finish
