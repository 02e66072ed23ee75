#!/bin/sh
# End-to-end: `mailfleet export` of ColdSend's paginated listings
# (page/limit with the pagination object) against the sandbox.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --rate coldsend=none
export COLDSEND_API_KEY=cs_live_sandbox
CSX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@" --rate off; }
api() { curl -s -H 'X-API-Key: cs_live_sandbox' -H 'Content-Type: application/json' "$@"; }

for d in one two three; do
	api -X POST "$CS_URL/domains" -d "{\"domain\":\"mail.$d-cs.com\"}" > /dev/null
done
sleep 0.3
ids=$(api "$CS_URL/domains?limit=100" | jq -r '.domains[] | .domain_id')
for id in $ids; do api -X POST "$CS_URL/domains/$id/activate" > /dev/null; done
sleep 0.5
expect_eq domains_active "$(api "$CS_URL/domains?status=ACTIVE" | jq '.pagination.total')" 3
b=0
for id in $ids; do	# 50 inboxes each: the sandbox's max_inboxes
	seq 0 49 | awk -v b=$b -v id="$id" 'BEGIN { printf "{\"domain_id\":\"%s\",\"inboxes\":[", id }
	    { printf "%s{\"email_prefix\":\"in%d_%02d\",\"display_name\":\"In %d\"}", (NR > 1 ? "," : ""), b, $1, $1 }
	    END { printf "]}" }' > "$T/bulk.json"
	api -X POST "$CS_URL/sender-accounts/coldsend-native/bulk" -d @"$T/bulk.json" > /dev/null
	b=$((b + 1))
done
# The sandbox's own listing, every page.
: > "$T/truth.jsonl"
for p in 1 2; do
	api "$CS_URL/sender-accounts?page=$p&limit=100" | jq -c '.sender_accounts[]' >> "$T/truth.jsonl"
done
expect_eq inboxes_made "$(wc -l < "$T/truth.jsonl")" 150

CSX export sender-accounts --format jsonl --page-size 40 -j 3 -o "$T/sa.jsonl"
expect_eq export_exit_0 "$?" 0
check sender_accounts_equal_sandbox cmp -s "$T/sa.jsonl" "$T/truth.jsonl"
expect_eq jsonl_no_secrets_0644 "$(stat -c %a "$T/sa.jsonl")" 644
CSX export sender-accounts --page-size 500 -o "$T/sa.csv"
expect_eq page_size_capped_at_100 "$(wc -l < "$T/sa.csv")" 151
expect_eq raw_header "$(head -n 1 "$T/sa.csv")" "inbox_id,email_address,display_name,inbox_type,daily_limit,overall_status,created_at,domain_id"
CSX export sender-accounts --keyword in1_ --columns email_address -o "$T/k.csv"
expect_eq keyword_client_side "$(tail -n +2 "$T/k.csv" | wc -l)" 50
CSX export domains --columns domain_name,status -o "$T/d.csv"
expect_eq domains_listed "$(tail -n +2 "$T/d.csv" | sort | tr '\n' ' ')" "mail.one-cs.com,ACTIVE mail.three-cs.com,ACTIVE mail.two-cs.com,ACTIVE "
CSX export domains --status PENDING,ACTIVE --domain MAIL.TWO-CS.COM --columns domain_name -o "$T/d2.csv"
expect_eq domains_filtered "$(tail -n +2 "$T/d2.csv")" "mail.two-cs.com"
CSX export domains --status DNS_PENDING --columns domain_name -o "$T/d3.csv"
expect_eq status_server_side "$(cat "$T/d3.csv")" "domain_name"
CSX export accounts -o "$T/x.csv" 2>"$T/x.err"
expect_eq no_accounts_listing_64 "$?" 64
check no_accounts_listing_says grep -q 'ColdSend has no accounts listing' "$T/x.err"
CSX export sender-accounts --format instantly -o "$T/x.csv" 2>/dev/null
expect_eq no_credentials_64 "$?" 64
finish
