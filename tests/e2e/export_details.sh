#!/bin/sh
# End-to-end: `mailfleet --provider coldsend export domains --details`:
# each domain with its DNS records and inbox capacity from GET
# /domains/{id}, one request a domain; refused where there is no detail.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 1000 --rate coldsend=none
export COLDSEND_API_KEY=cs_live_sandbox
CS() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@" --rate 200/s; }
ops() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq ".requests.by_operation[\"coldsend.$1\"] // {} | [.[]] | add // 0"; }

printf 'domain\nmail.det-one.com\nmail.det-two.com\nmail.det-three.com\n' > "$T/d.csv"
CS import domains "$T/d.csv" -o "$T/d.out"
expect_eq domains_added "$(grep -c ',created,' "$T/d.out")" 3

# without --details: the listing alone, no request per domain
CS export domains -o "$T/plain.csv"
expect_eq plain_exit_0 "$?" 0
expect_eq plain_no_detail_requests "$(ops get_domain)" 0
check plain_has_no_dns sh -c "! head -1 '$T/plain.csv' | grep -q dns_records"

CS export domains --details -o "$T/det.csv"
expect_eq details_exit_0 "$?" 0
expect_eq details_one_request_a_domain "$(ops get_domain)" 3
expect_eq details_rows "$(sed 1d "$T/det.csv" | wc -l | tr -d ' ')" 3
head -1 "$T/det.csv" | tr ',' '\n' > "$T/cols"
check details_keeps_listing_columns grep -qx current_inboxes "$T/cols"
check details_capacity_column grep -qx available_inboxes "$T/cols"
check details_dns_columns grep -qx dns_records_type "$T/cols"
check details_nameservers_column grep -qx nameservers "$T/cols"
check details_no_envelope sh -c "! grep -qx -e success -e message '$T/cols'"
check details_dns_values grep -q 'MX;TXT;TXT;CNAME' "$T/det.csv"
# jsonl: the listing's object with the detail's members
CS export domains --details --format jsonl -o "$T/det.jsonl"
expect_eq jsonl_dns_records "$(head -1 "$T/det.jsonl" | jq -r '[.dns_records[].type] | join(" ")')" "MX TXT TXT CNAME"
expect_eq jsonl_capacity "$(head -1 "$T/det.jsonl" | jq -r '"\(.max_inboxes)/\(.current_inboxes)/\(.available_inboxes)"')" "50/0/50"

# sender-accounts and Maildoso have no detail to read: usage, no request
b=$(ops get_domain)
CS export sender-accounts --details -o "$T/s.csv" 2>"$T/err"
expect_eq details_sender_accounts_64 "$?" 64
check details_refusal_says grep -q -- '--details: ColdSend has no detail' "$T/err"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" export domains --details 2>"$T/err"
expect_eq details_maildoso_64 "$?" 64
expect_eq details_refused_no_request "$(ops get_domain)" "$b"
check help_says_one_request_a_domain sh -c "'$MF' export --help | grep -q 'one request a domain'"
finish
