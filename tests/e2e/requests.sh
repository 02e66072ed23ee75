#!/bin/sh
# End-to-end: the requests each kind of run costs, counted by the sandbox
# (/_sandbox/stats; counts, never timings), stay within 1.2 x the fewest
# the API allows + 3 (the minimum as tests/bench/requests.sh states it:
# the start - domain list, quota for creates - plus the work), and the
# rows come out right: statuses, and the provider's ids and passwords.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --rate coldsend=none \
    --quota accounts=1000000,domains=10000
export COLDSEND_API_KEY=cs_live_sandbox
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off </dev/null; }
CSX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@" --rate off </dev/null; }
used() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}
# within NAME BEFORE MINIMUM: the requests since BEFORE <= 1.2 x MIN + 3
within() {
	u=$(($(used) - $2))
	if [ $((u * 10)) -le $((12 * $3 + 30)) ]; then ok "$1 ($u requests, minimum $3)"
	else fail "$1" "$u requests, minimum $3, goal <= 1.2 x $3 + 3"; fi
}
statuses() { cut -d, -f"$2" "$1" | sed 1d | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }'; }

# 4 domains, 20 accounts each, interleaved by domain.
printf 'domain\nrq0.com\nrq1.com\nrq2.com\nrq3.com\nfull.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
# A purchase of 40: me, the registrant data, the domain list, 1 search,
# stats and pricing (the total asked for), 1 POST, then the bought ones'
# status and name servers from 1 domain list (not a look a domain).
{ echo domain; i=0; while [ $i -lt 40 ]; do echo "buy$i.org"; i=$((i + 1)); done; } > "$T/b40.csv"
b=$(used); MFX import domains --yes "$T/b40.csv" -o "$T/b40.out"
within buy_40_domains "$b" 8
expect_eq buy_40_all_with_state "$(awk -F, 'NR > 1 && $2 == "created" && $6 != "" && $7 != "" && $8 != ""' "$T/b40.out" | wc -l)" 40
sleep 1
{ echo email; i=0; while [ $i -lt 20 ]; do d=0; while [ $d -lt 4 ]; do
	echo "u$i@rq$d.com"; d=$((d + 1)); done; i=$((i + 1)); done; } > "$T/a.csv"

b=$(used); MFX import accounts "$T/a.csv" -o "$T/a1.out"
within fresh_create "$b" 3
expect_eq fresh_create_statuses "$(statuses "$T/a1.out" 2)" "created=80 "

b=$(used); MFX import accounts "$T/a.csv" -o "$T/a2.out"
within rerun_all_exist "$b" 3
expect_eq rerun_all_exist_statuses "$(statuses "$T/a2.out" 2)" "exists=80 "
# The exists rows carry the provider's data: the same id, password and
# hosts as the first run's result (the status has moved on since).
expect_eq rerun_rows_keep_ids_and_passwords \
    "$(cut -d, -f1,6-11 "$T/a2.out" | sed 1d | sort | md5sum)" \
    "$(cut -d, -f1,6-11 "$T/a1.out" | sed 1d | sort | md5sum)"

# half exist: 10 of each domain's 20 again, 5 new ones on each
{ echo email; sed 1d "$T/a.csv" | head -40; i=20; while [ $i -lt 25 ]; do d=0
	while [ $d -lt 4 ]; do echo "u$i@rq$d.com"; d=$((d + 1)); done; i=$((i + 1)); done; } > "$T/h.csv"
b=$(used); MFX import accounts "$T/h.csv" --dry-run
within dry_run_half_exist "$b" 3
expect_eq dry_run_half_statuses "$(statuses "$T/h.csv.plan.csv" 2)" "exists=40 planned=20 "
b=$(used); MFX import accounts "$T/h.csv" -o "$T/h.out"
within rerun_half_exist "$b" 4
expect_eq rerun_half_statuses "$(statuses "$T/h.out" 2)" "created=20 exists=40 "

# A 422 naming one item by index (a provider the domain does not offer:
# gx.com is Google's only): that row fails with Maildoso's message, the
# rest go in one more request (no halving).
printf 'domain,provider\ngx.com,google\n' > "$T/gx.csv"
MFX import external-domains "$T/gx.csv" -o "$T/gx.out"
sleep 1
{ echo email,provider; i=0; while [ $i -lt 9 ]; do echo "n$i@rq0.com,maildoso"
	[ $i -eq 4 ] && echo "g0@gx.com,maildoso"; i=$((i + 1)); done; } > "$T/n.csv"
b=$(used); MFX import accounts "$T/n.csv" -o "$T/n.out"
# me, stats, domains, forwarding, rq0.com's listing, 2 POSTs
expect_eq named_422_requests "$(($(used) - b))" 7
expect_eq named_422_statuses "$(statuses "$T/n.out" 3)" "created=9 failed=1 "
check named_422_message grep -q '^g0@gx.com,maildoso,failed,"HTTP 422: .*does not offer provider maildoso",422,' "$T/n.out"

# Beyond a domain's accounts_limit (50 in the sandbox): over_limit, unsent.
{ echo email; i=0; while [ $i -lt 55 ]; do echo "f$i@full.com"; i=$((i + 1)); done; } > "$T/f.csv"
# A dry run predicts them from the domain list (accounts_limit -
# linked_accounts), with no request beyond the start (and the price list
# it prices the plan by), and says what the real run then says.
b=$(used); MFX import accounts "$T/f.csv" --dry-run
expect_eq dry_run_over_limit_requests "$(($(used) - b))" 5	# start + prices
expect_eq dry_run_over_limit_statuses "$(statuses "$T/f.csv.plan.csv" 2)" "over_limit=5 planned=50 "
b=$(used); MFX import accounts "$T/f.csv" -o "$T/f.out"
expect_eq over_limit_requests "$(($(used) - b))" 5	# the start + 1 POST
expect_eq over_limit_statuses "$(statuses "$T/f.out" 2)" "created=50 over_limit=5 "
expect_eq dry_run_over_limit_as_real_run \
    "$(grep ',over_limit,' "$T/f.csv.plan.csv" | cut -d, -f1-5)" \
    "$(grep ',over_limit,' "$T/f.out" | cut -d, -f1-5)"

{ echo email,first_name; sed 1d "$T/a.csv" | sed 's/$/,Renamed/'; } > "$T/u.csv"
b=$(used); MFX update accounts "$T/u.csv" -o "$T/u.out"
within update_by_email "$b" $((1 + 1 + 80))
expect_eq update_statuses "$(statuses "$T/u.out" 3)" "updated=80 "
expect_eq update_ids_from_listing "$(cut -d, -f1,7 "$T/u.out" | sed 1d | sort | md5sum)" \
    "$(cut -d, -f1,6 "$T/a1.out" | sed 1d | sort | md5sum)"

# Only the forwarding link changes: ceil(80/100) = 1 PUT
# /v1/user/accounts/forwarding for the 80 rows, not 80 PUTs (the start is
# me, the forwarding list, the domains, one account listing).
printf 'email\nrq.links@maildoso.email\n' > "$T/fw.csv"
MFX import forwarding "$T/fw.csv" -o "$T/fw.out"
{ echo email,forwarding; sed 1d "$T/a.csv" | sed 's/$/,rq.links@maildoso.email/'; } > "$T/l.csv"
b=$(used); MFX update accounts "$T/l.csv" -o "$T/l.out"
within update_links_batched "$b" $((3 + 1 + 1))
expect_eq update_links_statuses "$(statuses "$T/l.out" 3)" "updated=80 "
b=$(used); MFX update accounts "$T/l.csv" --batch 30 -o "$T/l2.out"
expect_eq update_links_batch_30 "$(($(used) - b))" $((4 + 3))

b=$(used); MFX delete accounts "$T/a.csv" --dry-run
within dry_run_delete "$b" 2
b=$(used); MFX delete accounts "$T/a.csv" --yes -o "$T/del.out"
within delete_by_email "$b" 3
expect_eq delete_statuses "$(statuses "$T/del.out" 2)" "deleted=80 "
expect_eq delete_ids_from_listing "$(cut -d, -f1,6 "$T/del.out" | sed 1d | sort | md5sum)" \
    "$(cut -d, -f1,6 "$T/a1.out" | sed 1d | sort | md5sum)"
b=$(used); MFX import domains "$T/d.csv" --dry-run
within dry_run_domains "$b" 2
expect_eq dry_run_domains_exist "$(statuses "$T/d.csv.plan.csv" 2)" "exists=5 "

# ColdSend: 60 inboxes on two domains, interleaved, then again.
printf 'domain\nmail.cs-one.com\nmail.cs-two.com\n' > "$T/cd.csv"
CSX import domains "$T/cd.csv" -o "$T/cd.out"
for id in $(sed 1d "$T/cd.out" | cut -d, -f6); do
	curl -s -X POST -H "X-API-Key: cs_live_sandbox" "$CS_URL/domains/$id/activate" >/dev/null
done
sleep 1
{ echo "email_prefix,domain,display_name"; i=0; while [ $i -lt 30 ]; do
	echo "s$i,mail.cs-one.com,S $i"; echo "s$i,mail.cs-two.com,S $i"; i=$((i + 1)); done; } > "$T/cs.csv"
b=$(used); CSX import sender-accounts "$T/cs.csv" -o "$T/cs1.out"
within coldsend_fresh_interleaved "$b" 3
expect_eq coldsend_fresh_statuses "$(statuses "$T/cs1.out" 4)" "created=60 "
b=$(used); CSX import sender-accounts "$T/cs.csv" -o "$T/cs2.out"
within coldsend_rerun "$b" 2
expect_eq coldsend_rerun_statuses "$(statuses "$T/cs2.out" 4)" "exists=60 "
expect_eq coldsend_rerun_ids "$(cut -d, -f1,2,8 "$T/cs2.out" | sed 1d | sort | md5sum)" \
    "$(cut -d, -f1,2,8 "$T/cs1.out" | sed 1d | sort | md5sum)"
b=$(used); CSX import sender-accounts "$T/cs.csv" --dry-run
within coldsend_dry_run "$b" 2
finish
