#!/bin/sh
# End-to-end: the sandbox under hostile input and shutdown. A body nested
# 60,000 deep is a 422 in each API's error format and holds nobody up; a
# SIGTERM with a request waiting out a long latency stops the sandbox; a
# start prints no libmicrohttpd warning.
. "$(dirname "$0")/lib.sh"

A='Authorization: Bearer pat_sandbox'
K='X-API-Key: cs_live_sandbox'

# deep N: N opening brackets, then N closing ones.
deep() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "[";
	    for (i = 0; i < n; i++) printf "]" }'
}
deep 60000 > "$T/deep"
deep 400000 > "$T/deeper"	# minutes of CPU before the depth limit

need_sandbox --rate coldsend=none
if grep -q 'thread pool' "$T/sandbox.err"; then
	fail start_no_pool_warning "$(cat "$T/sandbox.err")"
else
	ok start_no_pool_warning
fi

# 422 in Maildoso's (pydantic) and ColdSend's (FastAPI list) forms.
s=$(curl -s -o "$T/md" -w '%{http_code}' -H "$A" -X POST \
    --data-binary @"$T/deep" "$MD_URL/v1/user/accounts")
expect_eq maildoso_deep_422 "$s" 422
expect_eq maildoso_deep_shape "$(cat "$T/md")" \
    '{"detail":[{"loc":["body",0],"msg":"JSON decode error","type":"json_invalid"}]}'
s=$(curl -s -o "$T/cs" -w '%{http_code}' -H "$K" -X POST \
    --data-binary @"$T/deep" "$CS_URL/sender-accounts/smtp")
expect_eq coldsend_deep_422 "$s" 422
expect_eq coldsend_deep_shape "$(cat "$T/cs")" \
    '{"detail":[{"loc":["body",0],"msg":"json nested deeper than 64 levels at byte 64","type":"value_error.jsondecode"}]}'

# Deeper bodies in flight; another request is answered meanwhile (the
# handler parses with the store locked: an unbounded parse held everyone).
# --max-time is a bound far above any answer, not a measurement.
bg=""
for i in 1 2; do
	curl -s -o "$T/bg$i" -w '%{http_code}' -H "$A" -X POST \
	    --data-binary @"$T/deeper" "$MD_URL/v1/user/domains" > "$T/bgs$i" &
	bg="$bg $!"
done
s=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 -H "$A" \
    "$MD_URL/v1/user/domains")
expect_eq other_request_answered "$s" 200
wait $bg
expect_eq deeper_422 "$(cat "$T/bgs1") $(cat "$T/bgs2")" "422 422"

# SIGTERM with a request waiting out --latency-ms 600000 (the most):
# the sandbox exits 0 (bounded wait, then SIGKILL so cleanup never hangs).
kill "$SBX_PID"
wait "$SBX_PID" 2>/dev/null
need_sandbox --latency-ms 600000
curl -s -o /dev/null -H "$A" "$MD_URL/v1/user/domains" &
CURL_PID=$!
i=0	# until the request has arrived
while [ $i -lt 200 ] && ! curl -s "http://127.0.0.1:$PORT/_sandbox/stats" |
    grep -q '"maildoso":{"requests":1,'; do
	sleep 0.05; i=$((i + 1))
done
curl -s "http://127.0.0.1:$PORT/_sandbox/stats" > "$T/stats"
check request_in_flight grep -q '"maildoso":{"requests":1,' "$T/stats"
kill -TERM "$SBX_PID"
i=0
while [ $i -lt 200 ] && kill -0 "$SBX_PID" 2>/dev/null; do
	sleep 0.05; i=$((i + 1))
done
if kill -0 "$SBX_PID" 2>/dev/null; then
	fail sigterm_stops_with_request_in_flight "still running"
	kill -KILL "$SBX_PID" "$CURL_PID" 2>/dev/null
else
	ok sigterm_stops_with_request_in_flight
	wait "$SBX_PID"
	expect_eq sigterm_exit_0 "$?" 0
fi
kill "$CURL_PID" 2>/dev/null
wait "$CURL_PID" 2>/dev/null
finish
