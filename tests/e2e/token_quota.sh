#!/bin/sh
# End-to-end: the token file (open modes warned about as ssh does, a BOM
# and CRLF stripped, a directory named as one) and `quota` (nothing on
# standard output when it fails, an answer without its figures is an error,
# ColdSend has no quota endpoint: a usage error).
. "$(dirname "$0")/lib.sh"

need_sandbox --seed 1
MQ() { "$MF" --api-url "$MD_URL" "$@" quota; }

# --- a token file others may read: warned, still used ---------------------
printf 'pat_sandbox\n' > "$T/open"
chmod 644 "$T/open"
MQ --token-file "$T/open" >"$T/out" 2>"$T/err"
expect_eq open_token_still_works "$?" 0
check open_token_warned grep -qF "warning: token file $T/open is readable by others (mode 0644); chmod 600 $T/open" "$T/err"
chmod 640 "$T/open"
MQ --token-file "$T/open" >"$T/out" 2>"$T/err"
check group_token_warned grep -qF "is readable by its group (mode 0640)" "$T/err"
chmod 600 "$T/open"
MQ --token-file "$T/open" >"$T/out" 2>"$T/err"
check private_token_not_warned sh -c "! grep -q 'warning: token file' '$T/err'"
check quota_table_printed grep -q '^accounts ' "$T/out"

# --- a BOM and CRLF (Notepad) are not part of the token -------------------
(umask 077 && printf '\357\273\277pat_sandbox\r\n' > "$T/bom")
MQ --token-file "$T/bom" >"$T/out" 2>"$T/err"
expect_eq bom_crlf_token_works "$?" 0
check bom_crlf_quota_printed grep -q '^accounts ' "$T/out"
(umask 077 && printf 'pat_sandbox\r\nsecond\r\n' > "$T/two")
MQ --token-file "$T/two" >"$T/out" 2>"$T/err"
expect_eq two_lines_refused "$?" 3
check two_lines_says_why grep -q 'holds more than one line' "$T/err"

# --- a directory is a directory, not an empty file ------------------------
mkdir "$T/tokdir"
MQ --token-file "$T/tokdir" >"$T/out" 2>"$T/err"
expect_eq token_dir_exit_3 "$?" 3
check token_dir_named grep -qF "token file $T/tokdir is a directory" "$T/err"
check token_dir_not_empty sh -c "! grep -q 'is empty' '$T/err'"

# --- quota fails: nothing on standard output --------------------------------
(umask 077 && printf 'pat_wrong\n' > "$T/wrong")
MQ --token-file "$T/wrong" >"$T/out" 2>"$T/err"
expect_eq quota_401_exit_3 "$?" 3
check quota_401_stdout_empty test ! -s "$T/out"
check quota_401_says_why grep -q 'HTTP 401' "$T/err"

# --- an answer without the figures is an error, not "-" -------------------
# A stand-in server whose /v1/user/stats lacks the counts.
cat > "$T/fake.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if sys.argv[2] == "deep":	# valid JSON, 60,000 arrays deep
            body = b"[" * 60000 + b"]" * 60000
        else:
            body = b'{"maildoso_accounts":{"total":"many"},"domains":{}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
# fake MODE: starts the stand-in, sets $FAKE_URL.
fake() {
	rm -f "$T/fakeport"
	python3 "$T/fake.py" "$T/fakeport" "$1" &
	_pids="$_pids $!"
	i=0
	while [ ! -s "$T/fakeport" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	FAKE_URL="http://127.0.0.1:$(cat "$T/fakeport")/maildoso"
}
if command -v python3 >/dev/null 2>&1; then
	fake missing
	"$MF" --api-url "$FAKE_URL" --token-file "$T/token" quota >"$T/out" 2>"$T/err"
	expect_eq quota_unreadable_exit_3 "$?" 3
	check quota_unreadable_stdout_empty test ! -s "$T/out"
	check quota_unreadable_says_why grep -q 'holds no accounts quota' "$T/err"
	# An answer nested past the JSON depth limit: refused, not "-".
	fake deep
	"$MF" --api-url "$FAKE_URL" --token-file "$T/token" quota >"$T/out" 2>"$T/err"
	expect_eq quota_deep_answer_exit_3 "$?" 3
	check quota_deep_answer_stdout_empty test ! -s "$T/out"
	check quota_deep_answer_says_why grep -q 'nested deeper than 64' "$T/err"
else
	skip quota_unreadable "no python3 for the stand-in server"
	skip quota_deep_answer "no python3 for the stand-in server"
fi

# --- ColdSend publishes no quota endpoint: a usage error, no token needed --
env -u COLDSEND_API_KEY "$MF" --provider coldsend --api-url "$CS_URL" quota \
    >"$T/out" 2>"$T/err"
expect_eq coldsend_quota_exit_64 "$?" 64
check coldsend_quota_says_so grep -q 'coldsend publishes no quota endpoint' "$T/err"
check coldsend_quota_stdout_empty test ! -s "$T/out"

finish
