#!/bin/sh
# End-to-end: --api-url that would carry the token in clear text (no
# scheme, http:// to a host other than this machine), or that has no host,
# credentials or another scheme, is refused by every command with exit 64
# and a message saying why, before any request reaches the sandbox.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
# Requests the sandbox saw, its own stats excluded.
total() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}
printf 'email\na@url.com\n' > "$T/a.csv"
printf 'domain\nurl.com\n' > "$T/d.csv"
before=$(total)

# name, URL, what the message must say
while IFS='|' read -r name url why; do
	for c in "import accounts $T/a.csv" "delete accounts $T/a.csv" \
	    "update accounts $T/a.csv" "export accounts" "quota" \
	    "wait $T/d.csv" "push $T/a.csv --sequencer 1"; do
		# shellcheck disable=SC2086
		"$MF" --api-url "$url" --token-file "$T/token" $c \
		    -o "$T/out.csv" >"$T/stdout" 2>"$T/err"
		rc=$?
		cmd=${c%% /*}
		cmd=${cmd%% --*}
		expect_eq "${name}_${cmd% *}_exit_64" "$rc" 64
		check "${name}_${cmd% *}_says_why" grep -q -- "$why" "$T/err"
	done
done <<LIST
no_scheme|127.0.0.1:$PORT/maildoso|must begin with https://
no_scheme_localhost|localhost:$PORT/maildoso|must begin with https://
empty_http|http://|no host after the scheme
empty_https|https:///maildoso|no host after the scheme
remote_http|http://example.com/maildoso|clear text
lookalike_ip|http://127.0.0.1.evil.com:$PORT/maildoso|clear text
lookalike_name|http://localhost.evil:$PORT/maildoso|clear text
ftp|ftp://127.0.0.1:$PORT/maildoso|must begin with https://
userinfo|https://user:s3cr3tpw@127.0.0.1:$PORT/maildoso|user:password@
LIST
expect_eq no_request_reached_sandbox "$(total)" "$before"
check userinfo_password_not_echoed sh -c "! grep -q s3cr3tpw '$T/err'"
check no_confusing_curl_message sh -c "! grep -qi 'resolve host' '$T/err'"

# The option after the command is checked the same way.
"$MF" --token-file "$T/token" quota --api-url "127.0.0.1:$PORT/maildoso" \
    >/dev/null 2>"$T/err"
expect_eq after_command_exit_64 "$?" 64
expect_eq after_command_no_request "$(total)" "$before"

# Loopback over plain http stays usable (the sandbox), by name and number.
for u in "http://127.0.0.1:$PORT/maildoso" "http://localhost:$PORT/maildoso"; do
	"$MF" -q --api-url "$u" --token-file "$T/token" quota >"$T/stdout" \
	    2>"$T/err"
	expect_eq "loopback_ok_${u%%:[0-9]*}" "$?" 0
done
check loopback_reached_sandbox test "$(total)" -gt "$before"
finish
