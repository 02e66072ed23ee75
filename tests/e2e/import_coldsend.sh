#!/bin/sh
# End-to-end: ColdSend domains and native inboxes through `mailfleet import`.
. "$(dirname "$0")/lib.sh"

# ColdSend documents 100 requests/min; the rehearsal lifts it so the test
# takes seconds (the limiter itself is tested in import_faults.sh).
need_sandbox --time-scale 100000 --rate coldsend=none
export COLDSEND_API_KEY=cs_live_sandbox
MFX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@" --rate 200/s; }
cs() { curl -s -H "X-API-Key: cs_live_sandbox" "$@"; }
ops() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq ".requests.by_operation[\"coldsend.$1\"] // {} | [.[]] | add // 0"; }
# the single and bulk creates since mark() (the rerun above sent its one
# missing row alone)
mark() { n0=$(ops create_native); b0=$(ops create_native_bulk); }
posts() { echo "$(( $(ops create_native) - n0 ))/$(( $(ops create_native_bulk) - b0 ))"; }

printf 'domain\nmail.acme-one.com\nmail.acme-two.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
expect_eq domains_exit_0 "$?" 0
expect_eq domains_created "$(grep -c ',created,' "$T/d.out")" 2
check domains_have_nameservers grep -q 'created,.*,DNS_PENDING,.*\.' "$T/d.out"
# activate them as a user would after setting the nameservers
for id in $(sed 1d "$T/d.out" | cut -d, -f6); do
	cs -X POST "$CS_URL/domains/$id/activate" >/dev/null
done
sleep 1
{
	echo "email_prefix,domain,display_name"
	i=1
	while [ $i -le 100 ]; do
		echo "sender$i,mail.acme-$([ $((i % 2)) -eq 0 ] && echo one || echo two).com,Sender $i"
		i=$((i + 1))
	done
	echo "extra,mail.acme-one.com,Extra"	# the domain holds 50
	echo "bad..prefix,mail.acme-one.com,Bad"
	echo "x,mail.not-mine.com,Nope"
} > "$T/s.csv"
MFX import sender-accounts "$T/s.csv" -o "$T/s.out"
expect_eq inboxes_exit_2 "$?" 2
expect_eq inboxes_100_created "$(grep -c ',created,' "$T/s.out")" 100
check inbox_over_domain_limit grep -q '^extra,.*,failed,.*limit' "$T/s.out"
check inbox_invalid_prefix grep -q '^bad..prefix,.*,invalid,' "$T/s.out"
check inbox_unknown_domain grep -q '^x,mail.not-mine.com,Nope,failed,.*not in this ColdSend account' "$T/s.out"
n=$(cs "$CS_URL/sender-accounts?page=1&limit=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])')
expect_eq sandbox_holds_100_inboxes "$n" 100
# again: every row already exists (409), nothing doubled
MFX import sender-accounts "$T/s.csv" -o "$T/s2.out"
expect_eq rerun_100_exist "$(grep -c ',exists,' "$T/s2.out")" 100
n=$(cs "$CS_URL/sender-accounts?page=1&limit=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])')
expect_eq rerun_creates_nothing "$n" 100

# --- one row: POST /sender-accounts/coldsend-native, not the bulk one -----
printf 'domain\nmail.acme-three.com\n' > "$T/d3.csv"
MFX import domains --yes "$T/d3.csv" -o "$T/d3.out"
cs -X POST "$CS_URL/domains/$(sed 1d "$T/d3.out" | cut -d, -f6)/activate" >/dev/null
sleep 1
printf 'email_prefix,domain,display_name\nsolo,mail.acme-three.com,Solo One\n' > "$T/one.csv"
mark
MFX import sender-accounts "$T/one.csv" -o "$T/one.out"
expect_eq one_exit_0 "$?" 0
expect_eq one_single_post_no_bulk "$(posts)" 1/0
id=$(cs "$CS_URL/sender-accounts?page=2&limit=100" | jq -r '.sender_accounts[] | select(.email_address == "solo@mail.acme-three.com") | "\(.inbox_id)/\(.display_name)"')
check one_id_listed sh -c "[ -n '$id' ] && [ '${id#*/}' = 'Solo One' ]"
check one_created_with_id grep -q "^solo,mail.acme-three.com,Solo One,created,,201,1,${id%/*},[A-Z]\{1,\}\$" "$T/one.out"
# a rerun sends nothing
mark
MFX import sender-accounts "$T/one.csv" -o "$T/one2.out"
check one_rerun_exists grep -q "^solo,.*,exists,.*,${id%/*}," "$T/one2.out"
expect_eq one_rerun_sends_nothing "$(posts)" 0/0
# ColdSend refuses the single request (the domain is full): the row fails
# with its message and status
printf 'email_prefix,domain,display_name\nlate,mail.acme-one.com,Late\n' > "$T/full.csv"
mark
MFX import sender-accounts "$T/full.csv" -o "$T/full.out"
expect_eq one_refused_exit_2 "$?" 2
check one_refused_message grep -q '^late,.*,failed,HTTP 400: Domain inbox limit reached (50),400,1,' "$T/full.out"
expect_eq one_refused_single_post "$(posts)" 1/0
finish
