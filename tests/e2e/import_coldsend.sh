#!/bin/sh
# End-to-end: ColdSend domains and native inboxes through `mailfleet import`.
. "$(dirname "$0")/lib.sh"

if ! start_sandbox --time-scale 100000; then
	fail sandbox_starts "$(cat "$T/sandbox.err")"
	finish
	exit 0
fi
export COLDSEND_API_KEY=cs_live_sandbox
MFX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@"; }
cs() { curl -s -H "X-API-Key: cs_live_sandbox" "$@"; }

printf 'domain\nmail.acme-one.com\nmail.acme-two.com\n' > "$T/d.csv"
MFX import domains "$T/d.csv" -o "$T/d.out"
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
	while [ $i -le 150 ]; do
		echo "sender$i,mail.acme-$([ $((i % 2)) -eq 0 ] && echo one || echo two).com,Sender $i"
		i=$((i + 1))
	done
	echo "bad..prefix,mail.acme-one.com,Bad"
	echo "x,mail.not-mine.com,Nope"
} > "$T/s.csv"
MFX import sender-accounts "$T/s.csv" -o "$T/s.out"
expect_eq inboxes_exit_2 "$?" 2
expect_eq inboxes_150_created "$(grep -c ',created,' "$T/s.out")" 150
check inbox_invalid_prefix grep -q '^bad..prefix,.*,invalid,' "$T/s.out"
check inbox_unknown_domain grep -q '^x,mail.not-mine.com,Nope,failed,.*not in this ColdSend account' "$T/s.out"
n=$(cs "$CS_URL/sender-accounts?page=1&limit=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])')
expect_eq sandbox_holds_150_inboxes "$n" 150
# again: every row already exists (409), nothing doubled
MFX import sender-accounts "$T/s.csv" -o "$T/s2.out"
expect_eq rerun_150_exist "$(grep -c ',exists,' "$T/s2.out")" 150
n=$(cs "$CS_URL/sender-accounts?page=1&limit=100" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])')
expect_eq rerun_creates_nothing "$n" 150
finish
