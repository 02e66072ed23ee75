#!/bin/sh
# End-to-end: the rest of the domain lifecycle (issue 13) against the
# sandbox. Maildoso: `update domains` sets and clears redirects, rows by
# name or id, one PUT for all; `restart domains` restarts the failed
# set-ups (one POST restart-setup), the others are skipped with their
# status and not sent; Google rows on a domain without Google are
# "unavailable" with one provider-availability request and no create for
# them; rows past a domain's accounts_limit are over_limit with no create
# request; after --fail-rate 1, restarted on a sandbox where set-ups
# succeed (--state), the domains come up. ColdSend: a domain with active
# campaigns refused on delete says so in its row. Request counts
# (/_sandbox/stats, counts never timings) within 1.2 x the minimum + 3, as
# tests/e2e/requests.sh; 120 rows are 2 requests (100 a request).
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --rate coldsend=none \
    --fail-domain bad1.com --fail-domain bad2.com --fail-domain .net \
    --no-google nog.com --quota domains=10000 \
    --campaign-domain camp.example.com
export COLDSEND_API_KEY=cs_live_sandbox
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off </dev/null; }
CSX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@" --rate off </dev/null; }
stats() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats"; }
used() {
	stats | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}
# op_count OPERATION: the requests of one operation so far
op_count() { stats | jq "[.requests.by_operation[\"$1\"][]?] | add // 0"; }
within() {
	u=$(($(used) - $2))
	if [ $((u * 10)) -le $((12 * $3 + 30)) ]; then ok "$1 ($u requests, minimum $3)"
	else fail "$1" "$u requests, minimum $3, goal <= 1.2 x $3 + 3"; fi
}
col() { cut -d, -f"$2" "$1" | sed 1d | tr '\n' ' '; }
redirect_of() {
	md GET "/v1/user/domains?keyword=$1&exact_match=true" >/dev/null
	jq -r '.[0].redirect_to // "-"' "$T/body"
}
status_of() {
	md GET "/v1/user/domains?keyword=$1&exact_match=true" >/dev/null
	jq -r '.[0].domain_status' "$T/body"
}

printf 'domain\nok1.com\nok2.com\nbad1.com\nbad2.com\nnog.com\nfull.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
expect_eq domains_created "$(grep -c ',created,' "$T/d.out")" 6
id_of() { grep "^$1," "$T/d.out" | cut -d, -f6; }
MFX wait domains "$T/d.csv" -o "$T/w.out" --interval 0.05 --timeout 30
expect_eq setups_before "$(cut -d, -f1,2 "$T/w.out" | sed 1d | tr '\n' ' ')" \
    "ok1.com,ready ok2.com,ready bad1.com,failed bad2.com,failed nog.com,ready full.com,ready "

# --- update domains: set by name and by id, then clear -----------------------
cat > "$T/u.csv" <<CSV
domain,id,redirect_to
ok1.com,,https://one.example/
,$(id_of ok2.com),https://two.example/
nope.com,,https://gone.example/
,999999,https://gone.example/
CSV
b=$(used); MFX update domains "$T/u.csv" --dry-run
within update_dry_run_requests "$b" 2		# me, domains
expect_eq update_dry_run_plan "$(col "$T/u.csv.plan.csv" 4)" "planned planned failed failed "
expect_eq update_dry_run_changes_nothing "$(redirect_of ok1.com)" "-"
b=$(used); MFX update domains "$T/u.csv" -o "$T/u.out"
expect_eq update_exit_2 "$?" 2
within update_requests "$b" 3			# me, domains, 1 PUT
expect_eq update_one_put "$(op_count update_user_domain)" 1
expect_eq update_statuses "$(col "$T/u.out" 4)" "updated updated failed failed "
check update_by_id_result grep -q "^,$(id_of ok2.com),https://two.example/,updated,,204,1,$(id_of ok2.com)\$" "$T/u.out"
check update_unknown_says_why grep -q '^,999999,.*,failed,no domain 999999 in this Maildoso account,' "$T/u.out"
expect_eq redirect_set_by_name "$(redirect_of ok1.com)" "https://one.example/"
expect_eq redirect_set_by_id "$(redirect_of ok2.com)" "https://two.example/"
expect_eq redirect_others_untouched "$(redirect_of nog.com)" "-"
printf 'domain,id,redirect_to\nok1.com,,\n,%s,\n' "$(id_of ok2.com)" > "$T/c.csv"
b=$(used); MFX update domains "$T/c.csv" -o "$T/c.out"
expect_eq clear_exit_0 "$?" 0
within clear_requests "$b" 3
expect_eq clear_statuses "$(col "$T/c.out" 4)" "updated updated "
expect_eq redirect_cleared_by_name "$(redirect_of ok1.com)" "-"
expect_eq redirect_cleared_by_id "$(redirect_of ok2.com)" "-"

# --- restart domains: the failed ones, by name and by id ---------------------
cat > "$T/r.csv" <<CSV
domain,id
ok1.com,
bad1.com,
,$(id_of bad2.com)
nope.com,
CSV
b=$(used); MFX restart domains "$T/r.csv" --dry-run
expect_eq restart_dry_run_plan "$(col "$T/r.csv.plan.csv" 3)" "skipped planned planned failed "
within restart_dry_run_requests "$b" 2
expect_eq restart_dry_run_sends_nothing \
    "$(op_count restart_domain_setup_v1_user_domains_restart_setup_post)" 0
b=$(used); MFX restart domains "$T/r.csv" -o "$T/r.out"
expect_eq restart_exit_2 "$?" 2
within restart_requests "$b" 3			# me, domains, 1 POST
expect_eq restart_one_post \
    "$(op_count restart_domain_setup_v1_user_domains_restart_setup_post)" 1
expect_eq restart_statuses "$(col "$T/r.out" 3)" "skipped updated updated failed "
check restart_skipped_with_status grep -q '^ok1.com,,skipped,"domain ok1.com is ACTIVE, not a failed set-up",,1,[0-9]*,ACTIVE$' "$T/r.out"
check restart_by_id_has_id grep -q "^,$(id_of bad2.com),updated,,202,1,$(id_of bad2.com),SETUP_FAILED\$" "$T/r.out"
MFX wait domains "$T/d.csv" -o "$T/w2.out" --interval 0.05 --timeout 30
# a domain that is up is skipped, not failed: nothing to do is exit 0, and
# the dry run's line counts the skipped rows
printf 'domain\nok1.com\nok2.com\n' > "$T/rs.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" restart domains \
    "$T/rs.csv" --dry-run 2> "$T/rs.err" </dev/null
expect_eq restart_all_skipped_dry_run_exit_0 "$?" 0
check restart_dry_run_counts_skipped grep -q '0 to restart, .*0 failed, 2 skipped;' "$T/rs.err"
MFX restart domains "$T/rs.csv" -o "$T/rs.out"
expect_eq restart_all_skipped_exit_0 "$?" 0
expect_eq setups_recovered "$(cut -d, -f1,2 "$T/w2.out" | sed 1d | tr '\n' ' ')" \
    "ok1.com,ready ok2.com,ready bad1.com,ready bad2.com,ready nog.com,ready full.com,ready "

# --- batching: 120 rows are 2 requests (100 a request) ------------------------
# every .net set-up fails first (--fail-domain .net)
{ echo domain; i=0; while [ $i -lt 120 ]; do echo "bulk$i.net"; i=$((i + 1)); done; } > "$T/bulk.csv"
MFX import domains --yes "$T/bulk.csv" -o "$T/bulk.out"
MFX wait domains "$T/bulk.csv" -o "$T/bw.out" --interval 0.05 --timeout 60
expect_eq bulk_all_failed "$(grep -c ',failed,' "$T/bw.out")" 120
{ echo domain,redirect_to; sed 1d "$T/bulk.csv" | sed 's|$|,https://bulk.example/|'; } > "$T/bu.csv"
b=$(used); p0=$(op_count update_user_domain)
MFX update domains "$T/bu.csv" -o "$T/bu.out"
within bulk_update_requests "$b" 4		# me, domains, 2 PUTs
expect_eq bulk_update_two_puts "$(($(op_count update_user_domain) - p0))" 2
expect_eq bulk_updated "$(grep -c ',updated,' "$T/bu.out")" 120
b=$(used); r0=$(op_count restart_domain_setup_v1_user_domains_restart_setup_post)
MFX restart domains "$T/bulk.csv" -o "$T/br.out"
within bulk_restart_requests "$b" 4		# me, domains, 2 POSTs
expect_eq bulk_restart_two_posts \
    "$(($(op_count restart_domain_setup_v1_user_domains_restart_setup_post) - r0))" 2
expect_eq bulk_restarted "$(grep -c ',updated,' "$T/br.out")" 120

# --- accounts: Google where it is not offered, and a full domain -------------
printf 'email,provider\ng1@nog.com,google\nm1@nog.com,maildoso\ng2@nog.com,google\ng3@ok1.com,google\n' > "$T/g.csv"
b=$(used); a0=$(op_count check_provider_availability)
MFX import accounts "$T/g.csv" --dry-run
expect_eq google_dry_run_plan "$(col "$T/g.csv.plan.csv" 3)" "unavailable planned unavailable planned "
expect_eq google_dry_run_one_availability "$(($(op_count check_provider_availability) - a0))" 1
within google_dry_run_requests "$b" 5		# me, stats, domains, forwarding, availability
b=$(used); a0=$(op_count check_provider_availability); c0=$(op_count create_email_accounts)
MFX import accounts "$T/g.csv" -o "$T/g.out"
expect_eq google_exit_2 "$?" 2
expect_eq google_statuses "$(col "$T/g.out" 3)" "unavailable created unavailable created "
check google_says_why grep -q '^g1@nog.com,google,unavailable,domain nog.com does not offer Google Workspace (provider-availability),' "$T/g.out"
expect_eq google_one_availability "$(($(op_count check_provider_availability) - a0))" 1
expect_eq google_one_create "$(($(op_count create_email_accounts) - c0))" 1
expect_eq google_rows_never_created "$(stats | jq -r '.created.maildoso_account | keys | map(select(startswith("g1@") or startswith("g2@"))) | length')" 0
within google_requests "$b" 6			# the start, availability, 1 POST

# full.com takes 50 (the sandbox's accounts_limit): fill it, then 3 more.
{ echo email; i=0; while [ $i -lt 50 ]; do echo "f$i@full.com"; i=$((i + 1)); done; } > "$T/f.csv"
MFX import accounts "$T/f.csv" -o "$T/f.out"
expect_eq full_filled "$(grep -c ',created,' "$T/f.out")" 50
printf 'email\nx1@full.com\nx2@full.com\nx3@full.com\n' > "$T/x.csv"
MFX import accounts "$T/x.csv" --dry-run
expect_eq over_limit_dry_run "$(col "$T/x.csv.plan.csv" 2)" "over_limit over_limit over_limit "
b=$(used); c0=$(op_count create_email_accounts)
MFX import accounts "$T/x.csv" -o "$T/x.out"
expect_eq over_limit_exit_2 "$?" 2
expect_eq over_limit_statuses "$(col "$T/x.out" 2)" "over_limit over_limit over_limit "
expect_eq over_limit_no_create "$(($(op_count create_email_accounts) - c0))" 0
check over_limit_says_why grep -q '^x1@full.com,over_limit,domain full.com is full: its accounts_limit is 50 and it had 50 accounts,' "$T/x.out"
# me, stats, domains, forwarding, full.com's accounts (is a row there?)
within over_limit_requests "$b" 5

# --- ColdSend: deletion refused for a domain with active campaigns ------------
printf 'domain\ncamp.example.com\nfree.example.com\n' > "$T/cd.csv"
CSX import domains "$T/cd.csv" -o "$T/cd.out"
expect_eq cs_domains_created "$(grep -c ',created,' "$T/cd.out")" 2
b=$(used); CSX delete domains "$T/cd.csv" --yes -o "$T/cdel.out"
expect_eq cs_delete_exit_2 "$?" 2
expect_eq cs_delete_statuses "$(col "$T/cdel.out" 2)" "failed deleted "
check cs_campaign_says_why grep -q '^camp.example.com,failed,HTTP 409: Domain has inboxes in active campaigns,409,1,' "$T/cdel.out"
within cs_delete_requests "$b" 3		# the domain list, 2 DELETEs

# --- restart domains after --fail-rate: every set-up fails, then the same
# domains (--state) on a sandbox where set-ups succeed are restarted ------
kill -TERM "$SBX_PID"; wait "$SBX_PID" 2>/dev/null
need_sandbox --time-scale 100000 --fail-rate 1 --state "$T/fr.json"
printf 'domain\nrate1.com\nrate2.com\n' > "$T/fr.csv"
MFX import domains --yes "$T/fr.csv" -o "$T/fr.out"
MFX wait domains "$T/fr.csv" -o "$T/fw.out" --interval 0.05 --timeout 30
expect_eq fail_rate_all_failed "$(col "$T/fw.out" 2)" "failed failed "
MFX restart domains "$T/fr.csv" -o "$T/fr1.out"
expect_eq fail_rate_restarted "$(col "$T/fr1.out" 2)" "updated updated "
MFX wait domains "$T/fr.csv" -o "$T/fw1.out" --interval 0.05 --timeout 30
expect_eq fail_rate_fails_again "$(col "$T/fw1.out" 2)" "failed failed "
kill -TERM "$SBX_PID"; wait "$SBX_PID" 2>/dev/null
need_sandbox --time-scale 100000 --state "$T/fr.json"
b=$(used); MFX restart domains "$T/fr.csv" -o "$T/fr2.out"
within fail_rate_restart_requests "$b" 3	# me, domains, 1 POST
expect_eq fail_rate_restart_statuses "$(col "$T/fr2.out" 2)" "updated updated "
MFX wait domains "$T/fr.csv" -o "$T/fw2.out" --interval 0.05 --timeout 30
expect_eq fail_rate_recovered "$(col "$T/fw2.out" 2)" "ready ready "
expect_eq fail_rate_recovered_active "$(status_of rate1.com) $(status_of rate2.com)" "ACTIVE ACTIVE"
# --- a domain gone for good (EXPIRED) is no failed set-up: restart skips it
# and a fleet plan counts it failed, not to restart; SETUP_FAILED is both
# commands' to restart (one rule, the provider's domain_state) ---------------
kill -TERM "$SBX_PID"; wait "$SBX_PID" 2>/dev/null
python3 - "$T/fr.json" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
for d in st["domains"]:
    d["status"] = {"rate1.com": "EXPIRED", "rate2.com": "SETUP_FAILED"}.get(d["name"], d["status"])
json.dump(st, open(sys.argv[1], "w"))
PY
need_sandbox --time-scale 100000 --state "$T/fr.json"
MFX restart domains "$T/fr.csv" --dry-run 2>"$T/fx.err"
expect_eq expired_not_restarted "$(col "$T/fr.csv.plan.csv" 2)" "skipped planned "
check expired_says_why grep -q '^rate1.com,skipped,"domain rate1.com is EXPIRED, not a failed set-up"' "$T/fr.csv.plan.csv"
printf 'email\nx@rate1.com\ny@rate2.com\n' > "$T/fx.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" plan "$T/fx.csv" --rate off \
    </dev/null 2>"$T/fxp.err"
check plan_expired_failed_setup_restart grep -q " 1 to restart, 1 failed$" "$T/fxp.err"
finish
