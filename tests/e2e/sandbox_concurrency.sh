#!/bin/sh
# End-to-end: many clients at once. Creates racing for the same keys end
# with exactly one success per key; nothing is lost or doubled.
. "$(dirname "$0")/lib.sh"

A='Authorization: Bearer pat_sandbox'
K='X-API-Key: cs_live_sandbox'
W=12		# parallel clients
N=15		# own accounts per client

need_sandbox -q --time-scale 100000 --threads 8 --rate coldsend=none
doms=$(i=1; while [ $i -le 10 ]; do [ $i -gt 1 ] && printf ','; printf '"c%d.com"' $i; i=$((i + 1)); done)
curl -s -o /dev/null -H "$A" -X POST "$MD_URL/v1/user/domains" -d "{\"domains\":[$doms]}"
sleep 0.4

# Each client creates its own N accounts, one request each, then tries the
# 20 shared addresses, then one ColdSend domain all clients want.
worker() {
	w=$1 i=1 ok=0
	while [ $i -le $N ]; do
		s=$(curl -s -o /dev/null -w '%{http_code}' -H "$A" -X POST \
		    "$MD_URL/v1/user/accounts" \
		    -d "[{\"email_account\":\"w${w}n$i@c$(( (i % 10) + 1 )).com\"}]")
		[ "$s" = 202 ] && ok=$((ok + 1))
		i=$((i + 1))
	done
	i=1 shared=0
	while [ $i -le 20 ]; do
		s=$(curl -s -o /dev/null -w '%{http_code}' -H "$A" -X POST \
		    "$MD_URL/v1/user/accounts" \
		    -d "[{\"email_account\":\"shared$i@c$(( (i % 10) + 1 )).com\"}]")
		[ "$s" = 202 ] && shared=$((shared + 1))
		i=$((i + 1))
	done
	s=$(curl -s -o /dev/null -w '%{http_code}' -H "$K" -X POST \
	    "$CS_URL/domains" -d '{"domain":"race.example.com"}')
	echo "$ok $shared $s" > "$T/w$w.tmp" && mv "$T/w$w.tmp" "$T/w$w"
}
w=1
while [ $w -le $W ]; do worker $w & w=$((w + 1)); done
w=1 tries=0
while [ $w -le $W ] && [ $tries -lt 1200 ]; do
	if [ -s "$T/w$w" ]; then w=$((w + 1)); else sleep 0.05; tries=$((tries + 1)); fi
done
own=0 shared=0 cs201=0 cs409=0
w=1
while [ $w -le $W ]; do
	read -r o s c < "$T/w$w"
	own=$((own + o)); shared=$((shared + s))
	[ "$c" = 201 ] && cs201=$((cs201 + 1))
	[ "$c" = 409 ] && cs409=$((cs409 + 1))
	w=$((w + 1))
done
expect_eq own_all_created "$own" $((W * N))
expect_eq shared_once_each "$shared" 20
expect_eq coldsend_one_201 "$cs201" 1
expect_eq coldsend_rest_409 "$cs409" $((W - 1))
curl -s -o "$T/body" -H "$A" "$MD_URL/v1/user/accounts-lookup?limit=1"
expect_eq lookup_total "$(grep -o '"total":[0-9]*' "$T/body" | sed 's/.*://')" $((W * N + 20))
curl -s -o "$T/stats" "http://127.0.0.1:$PORT/_sandbox/stats"
check stats_no_duplicates grep -q '"duplicates":0' "$T/stats"
check stats_totals grep -q "\"maildoso_accounts\":$((W * N + 20))," "$T/stats"
check stats_coldsend_total grep -q '"coldsend_domains":1,' "$T/stats"
expect_eq stats_202s "$(grep -o '"create_email_accounts":{"202":[0-9]*' "$T/stats" | sed 's/.*://')" $((W * N + 20))
expect_eq stats_422s "$(grep -o '"create_email_accounts":{[^}]*"422":[0-9]*' "$T/stats" | sed 's/.*://')" $((W * 20 - 20))
# The last sandbox stops cleanly (under ASan that includes no leaks).
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
