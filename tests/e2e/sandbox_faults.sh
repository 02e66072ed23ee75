#!/bin/sh
# End-to-end: injected faults (drop, commit-drop, slow, 500/503/429),
# latency, a Maildoso rate limit, and --seed repeatability.
. "$(dirname "$0")/lib.sh"

A='Authorization: Bearer pat_sandbox'
K='X-API-Key: cs_live_sandbox'
stats() { curl -s -o "$T/stats" "http://127.0.0.1:$PORT/_sandbox/stats"; }
shas() { grep -q -- "$1" "$T/stats"; }
# post_domain NAME: curl's exit status and HTTP status, "rc/status".
post_domain() {
	_s=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -H "$A" \
	    -X POST "$MD_URL/v1/user/domains" -d "{\"domains\":[\"$1\"]}")
	echo "$?/$_s"
}
hdr() { grep -i "^$1:" "$T/hdr" | sed 's/^[^:]*: *//' | tr -d '\r'; }
# elapsed_ms CMD...: run, print milliseconds taken.
elapsed_ms() {
	_t0=$(date +%s%N); "$@" >/dev/null 2>&1; _t1=$(date +%s%N)
	echo $(( (_t1 - _t0) / 1000000 ))
}

# drop: the connection closes before anything happens.
if start_sandbox -q --fault drop=1; then
	expect_eq drop_no_answer "$(post_domain d1.com)" 52/000
	stats
	check drop_nothing_created shas '"maildoso_domains":0'
	check drop_counted shas '"drop":1'
	check drop_status_recorded shas '"create_user_domains":{"dropped":1}'
else
	fail drop_starts "$(cat "$T/sandbox.err")"
fi

# commit-drop: the change is made, then the connection closes.
if start_sandbox -q --fault commit-drop=1; then
	expect_eq commit_drop_no_answer "$(post_domain c1.com)" 52/000
	expect_eq commit_drop_again "$(post_domain c2.com)" 52/000
	stats
	check commit_drop_created shas '"maildoso_domains":2'
	check commit_drop_keys shas '"c1.com":1'
	check commit_drop_counted shas '"commit-drop":2'
else
	fail commit_drop_starts "$(cat "$T/sandbox.err")"
fi

# error answers: nothing changes.
if start_sandbox -q --fault 500=1; then
	expect_eq fault_500 "$(post_domain e1.com)" 0/500
	check fault_500_detail grep -q '"detail":"Internal Server Error"' "$T/body"
	stats
	check fault_500_nothing shas '"maildoso_domains":0'
else
	fail f500_starts "$(cat "$T/sandbox.err")"
fi
if start_sandbox -q --fault 503=1; then
	expect_eq fault_503 "$(post_domain e1.com)" 0/503
else
	fail f503_starts "$(cat "$T/sandbox.err")"
fi
if start_sandbox -q --fault 429=1; then
	expect_eq fault_429_maildoso "$(post_domain e1.com)" 0/429
	expect_eq fault_429_retry_after "$(hdr Retry-After)" 1
	s=$(curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' -H "$K" "$CS_URL/domains")
	expect_eq fault_429_coldsend "$s" 429
	check fault_429_coldsend_body grep -q '"detail":"Rate limit exceeded. Retry after 60 seconds."' "$T/body"
	expect_eq fault_429_coldsend_remaining "$(hdr X-RateLimit-Remaining)" 0
	check fault_429_coldsend_no_retry_after test -z "$(hdr Retry-After)"
else
	fail f429_starts "$(cat "$T/sandbox.err")"
fi

# slow and latency.
if start_sandbox -q --fault slow=1 --slow-ms 400; then
	ms=$(elapsed_ms curl -s -H "$A" "$MD_URL/v1/user/me")
	check slow_delays test "$ms" -ge 400
	expect_eq slow_still_answers "$(curl -s -o /dev/null -w '%{http_code}' -H "$A" "$MD_URL/v1/user/me")" 200
	ms=$(elapsed_ms curl -s "http://127.0.0.1:$PORT/_sandbox/stats")
	check stats_not_faulted test "$ms" -lt 400
else
	fail slow_starts "$(cat "$T/sandbox.err")"
fi
if start_sandbox -q --latency-ms 150 --jitter-ms 50; then
	ms=$(elapsed_ms curl -s -H "$A" "$MD_URL/v1/user/me")
	check latency_applies test "$ms" -ge 150
	ms=$(elapsed_ms curl -s -H "$A" -H 'Connection: close' "$MD_URL/v1/user/me")
	check latency_bounded test "$ms" -lt 1200
else
	fail latency_starts "$(cat "$T/sandbox.err")"
fi

# --rate maildoso=3/s: the fourth request in a second is a 429.
if start_sandbox -q --rate maildoso=3/s,coldsend=none; then
	r=""
	for i in 1 2 3 4; do
		r="$r $(curl -s -D "$T/hdr" -o /dev/null -w '%{http_code}' -H "$A" "$MD_URL/v1/user/me")"
	done
	expect_eq md_rate_statuses "$r" " 200 200 200 429"
	expect_eq md_rate_retry_after "$(hdr Retry-After)" 1
	curl -s -D "$T/hdr" -o /dev/null -H "$K" "$CS_URL/domains"
	check cs_rate_none_no_headers test -z "$(hdr X-RateLimit-Limit)"
	sleep 1.1
	expect_eq md_rate_recovers "$(curl -s -o /dev/null -w '%{http_code}' -H "$A" "$MD_URL/v1/user/me")" 200
else
	fail rate_starts "$(cat "$T/sandbox.err")"
fi

# --seed: the same seed gives the same faults in the same order.
seq_of() {
	start_sandbox -q --seed "$1" --fault 500=0.3,503=0.3 || return 1
	_o=""
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		_o="$_o$(curl -s -o /dev/null -w '%{http_code}' -H "$A" "$MD_URL/v1/user/me"),"
	done
	# A subshell: its sandbox is not in the parent's list; stop it here.
	kill "$SBX_PID"
	wait "$SBX_PID"
	echo "$_o"
}
s1=$(seq_of 11); s2=$(seq_of 11); s3=$(seq_of 12)
expect_eq seed_repeats "$s1" "$s2"
check seed_mixed sh -c "echo '$s1' | grep -q 200 && echo '$s1' | grep -q 50"
check seed_differs test "$s1" != "$s3"

# options are checked.
"$SBX" --fault bogus=1 >/dev/null 2>"$T/err"
expect_eq bad_fault_usage_64 "$?" 64
check bad_fault_message grep -q "unknown fault kind" "$T/err"
"$SBX" --rate maildoso=fast >/dev/null 2>&1
expect_eq bad_rate_usage_64 "$?" 64
"$SBX" --help >"$T/help"
check help_lists_options grep -q -- '--time-scale' "$T/help"
# The last sandbox stops cleanly (under ASan that includes no leaks).
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
