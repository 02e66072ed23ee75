#!/bin/sh
# End-to-end: `mailfleet pricing` shows (and with -o writes as CSV) what
# the sandbox's GET /v1/billing/pricing answers, read here with curl;
# `mailfleet tracking on|off` sets the state the API then reports
# (/v1/user/me is_gcdt_enabled, each domain's enable_tracking). ColdSend
# has neither endpoint: exit 64 before any request.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 1000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
api() { curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL$1"; }
# requests answered, the stats' own not counted
total() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}

# --- pricing ------------------------------------------------------------
api /v1/billing/pricing > "$T/pricing.json"
if [ "$(cat "$T/pricing.json")" = '{"detail":"Not Found"}' ]; then
	skip pricing "the sandbox lacks GET /v1/billing/pricing"
else
# The answer's tiers in its order: product, from, to, dollars.cents.
tiers() {
	jq -r --arg open "$1" 'to_entries[] | .key as $p | .value.ranges[] |
	    [$p, (.from // $open | tostring), (.to // $open | tostring),
	     "\(.price / 100 | floor).\(.price % 100 | tostring |
	       if length == 1 then "0" + . else . end)"] | join(",")' "$T/pricing.json"
}
check pricing_answer_has_tiers test "$(tiers - | wc -l)" -ge 3
MFX pricing > "$T/table"
expect_eq pricing_exit_0 "$?" 0
{ echo "product,from,to,unit,price"; tiers - | sed 's/,\([^,]*\)$/,$\1/'; } > "$T/table.want"
awk 'NR == 1 { print "product,from,to,unit,price"; next }
    { print $1 "," $2 "," $3 "," $4 }' "$T/table" > "$T/table.got"
check pricing_table_is_the_answer cmp -s "$T/table.want" "$T/table.got"
b=$(total)
MFX pricing -o "$T/pricing.csv"
expect_eq pricing_csv_exit_0 "$?" 0
expect_eq pricing_one_request "$(($(total) - b))" 1
{ echo "product,from,to,unit_price_usd"; tiers ""; } > "$T/csv.want"
check pricing_csv_is_the_answer cmp -s "$T/csv.want" "$T/pricing.csv"
check pricing_csv_no_temporary sh -c "! ls '$T' | grep -q 'pricing.csv.tmp'"
# a symlink at the target is replaced, not written through
ln -s "$T/elsewhere" "$T/link.csv"
MFX pricing -o "$T/link.csv"
check pricing_csv_not_through_symlink test ! -e "$T/elsewhere" -a -f "$T/link.csv" -a ! -L "$T/link.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" pricing extra 2>/dev/null
expect_eq pricing_no_operands "$?" 64
fi
b=$(total)
"$MF" --provider coldsend --api-url "$CS_URL" pricing 2>"$T/cs.err"
expect_eq pricing_coldsend_64 "$?" 64
check pricing_coldsend_says grep -q 'ColdSend publishes no pricing endpoint' "$T/cs.err"
expect_eq pricing_coldsend_no_request "$(($(total) - b))" 0

# --- tracking -----------------------------------------------------------
printf 'domain\ntrack1.com\ntrack2.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
if [ "$(curl -s -X PUT -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/domains/tracking?state=true")" = '{"detail":"Not Found"}' ]; then
	skip tracking "the sandbox lacks PUT /v1/user/domains/tracking"
else
b=$(total)
out=$(MFX tracking off)
expect_eq tracking_off_exit_0 "$?" 0
expect_eq tracking_off_said "$out" "tracking off (is_gcdt_enabled: false)"
expect_eq tracking_off_two_requests "$(($(total) - b))" 2
expect_eq tracking_off_profile "$(api /v1/user/me | jq .is_gcdt_enabled)" false
expect_eq tracking_off_domains "$(api /v1/user/domains | jq -c '[.[].enable_tracking] | unique')" '[false]'
out=$(MFX tracking on)
expect_eq tracking_on_exit_0 "$?" 0
expect_eq tracking_on_said "$out" "tracking on (is_gcdt_enabled: true)"
expect_eq tracking_on_profile "$(api /v1/user/me | jq .is_gcdt_enabled)" true
expect_eq tracking_on_domains "$(api /v1/user/domains | jq -c '[.[].enable_tracking] | unique')" '[true]'
fi
"$MF" --api-url "$MD_URL" --token-file "$T/token" tracking maybe 2>/dev/null
expect_eq tracking_on_or_off_only "$?" 64
"$MF" --api-url "$MD_URL" --token-file "$T/token" tracking 2>/dev/null
expect_eq tracking_needs_a_word "$?" 64
b=$(total)
"$MF" --provider coldsend --api-url "$CS_URL" tracking on 2>"$T/cs2.err"
expect_eq tracking_coldsend_64 "$?" 64
check tracking_coldsend_says grep -q 'ColdSend publishes no tracking endpoint' "$T/cs2.err"
expect_eq tracking_coldsend_no_request "$(($(total) - b))" 0
finish
