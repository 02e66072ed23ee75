# tests/e2e/lib.sh - shared helpers for the end-to-end tests (sourced).
#
# Each script calls ok/fail/skip per check and `finish` at the end, which
# prints the "RESULT passed=N failed=N skipped=N" line tests/run.sh adds up.
# $MF is the mailfleet binary under test, $SBX the sandbox binary, $T a
# scratch folder removed on exit.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
MF="$ROOT/$BUILD/mailfleet"
SBX="$ROOT/$BUILD/mailfleet-sandbox"
T=$(mktemp -d "${TMPDIR:-/tmp}/mf-e2e.XXXXXX")
_passed=0 _failed=0 _skipped=0 _pids=""
_cleanup() {
	for p in $_pids; do kill "$p" 2>/dev/null; done
	for p in $_pids; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap _cleanup EXIT
ok()   { _passed=$((_passed + 1)); echo "  ok $1" >&2; }
fail() { _failed=$((_failed + 1)); echo "  not ok $1: ${2:-}" >&2; }
skip() { _skipped=$((_skipped + 1)); echo "  skip $1: ${2:-}" >&2; }
# check NAME COMMAND...: passes when the command succeeds.
check() { n=$1; shift; if "$@"; then ok "$n"; else fail "$n" "$*"; fi; }
# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2] want [$3]"; fi
}
finish() { echo "RESULT passed=$_passed failed=$_failed skipped=$_skipped"; }
# start_sandbox [ARGS...]: starts the sandbox on a free port, sets $PORT,
# $MD_URL and $CS_URL.
start_sandbox() {
	rm -f "$T/port"
	"$SBX" --port 0 --port-file "$T/port" "$@" >"$T/sandbox.out" 2>"$T/sandbox.err" &
	_pids="$_pids $!"
	SBX_PID=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PORT=$(cat "$T/port" 2>/dev/null)
	MD_URL="http://127.0.0.1:$PORT/maildoso"
	CS_URL="http://127.0.0.1:$PORT/coldsend"
	[ -n "$PORT" ]
}
# need_sandbox [ARGS...]: start_sandbox, and write the sandbox's Maildoso
# token to $T/token (mode 0600); when the sandbox does not start, the
# script records one failure and ends here.
need_sandbox() {
	if ! start_sandbox "$@"; then
		fail sandbox_starts "$(cat "$T/sandbox.err")"
		finish
		exit 0
	fi
	(umask 077 && printf 'pat_sandbox\n' > "$T/token")
}
# md METHOD PATH [curl args] / cs METHOD PATH [curl args]: a request to the
# sandbox's Maildoso / ColdSend API with its default credentials; prints
# the status, the body goes to $T/body (cs: the headers to $T/hdr).
md() {
	_m=$1 _p=$2; shift 2
	curl -s -o "$T/body" -w '%{http_code}' -X "$_m" \
	    -H 'Authorization: Bearer pat_sandbox' \
	    -H 'Content-Type: application/json' "$MD_URL$_p" "$@"
}
cs() {
	_m=$1 _p=$2; shift 2
	curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' -X "$_m" \
	    -H 'X-API-Key: cs_live_sandbox' \
	    -H 'Content-Type: application/json' "$CS_URL$_p" "$@"
}
# jstr KEY / jnum KEY: the first such member of $T/body (compact JSON);
# jcount TEXT: how often TEXT occurs there; has RE: whether RE matches.
jstr() { grep -o "\"$1\":\"[^\"]*\"" "$T/body" | head -n 1 | sed 's/.*:"\(.*\)"$/\1/'; }
jnum() { grep -o "\"$1\":-\{0,1\}[0-9][0-9.]*" "$T/body" | head -n 1 | sed 's/.*://'; }
jcount() { grep -o "$1" "$T/body" | wc -l | tr -d ' '; }
has() { grep -q -- "$1" "$T/body"; }
# need_prism: finds the published Maildoso spec ($SPEC, in ../shared) and
# Prism ($PRISM: .prism/ from scripts/deps-prism.sh, else one on PATH);
# when either is absent the script records one skip (never a pass) and
# ends here.
need_prism() {
	SPEC="$ROOT/../shared/specs/maildoso-openapi.json"
	PRISM="$ROOT/.prism/node_modules/.bin/prism"
	if [ ! -f "$SPEC" ]; then
		skip prism "spec $SPEC absent"
		finish
		exit 0
	fi
	if [ ! -x "$PRISM" ] && command -v prism >/dev/null 2>&1; then
		PRISM=$(command -v prism)
	fi
	if [ ! -x "$PRISM" ]; then
		skip prism "prism not installed (make deps installs it with npm)"
		finish
		exit 0
	fi
}
# need_prism_proxy UPSTREAM [SPECFILE [LOG]]: `prism proxy --errors
# SPECFILE UPSTREAM` (default $SPEC, log $T/prism.log) on a free port (a
# few tried from a pid-derived start); sets $PRISM_URL and $PRISM_LOG
# (every request and each violation Prism saw). When it does not start,
# the script records one failure and ends here.
_prism_n=0
need_prism_proxy() {
	_prism_n=$((_prism_n + 1))
	_pp=$((20000 + ($$ * 3 + _prism_n * 101) % 20000)) _tries=0 _up=0
	PRISM_LOG=${3:-$T/prism.log}
	: >"$PRISM_LOG"
	while [ $_tries -lt 5 ] && [ $_up -eq 0 ]; do
		"$PRISM" proxy "${2:-$SPEC}" "$1" --errors -p "$_pp" \
		    -h 127.0.0.1 >"$PRISM_LOG" 2>&1 &
		_ppid=$!
		_pids="$_pids $_ppid"
		_i=0
		while [ $_i -lt 300 ]; do
			if grep -q "Prism is listening" "$PRISM_LOG"; then
				_up=1
				break
			fi
			kill -0 "$_ppid" 2>/dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		[ $_up -eq 1 ] || { kill "$_ppid" 2>/dev/null; _pp=$((_pp + 7)); }
		_tries=$((_tries + 1))
	done
	if [ $_up -ne 1 ]; then
		fail prism_starts "$(tail -n 5 "$PRISM_LOG")"
		finish
		exit 0
	fi
	PRISM_URL="http://127.0.0.1:$_pp"
}
# sbx_ops OPERATION_ID: the sandbox's requests of that operation so far
# (any status); sbx_requests: all of them but the stats reads; csv_col
# FILE NAME: the NAME column of a CSV with a header, one line, blanks
# between.
sbx_ops() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" |
	    jq "[.requests.by_operation[\"$1\"][]?] | add // 0"
}
sbx_requests() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}
csv_col() {
	python3 -c 'import csv,sys
r = list(csv.DictReader(open(sys.argv[1])))
print(" ".join(x[sys.argv[2]] for x in r))' "$@"
}
# phase_requests PHASE FILE: the requests the pipeline line after apply's
# "apply: PHASE: N rows" reports in FILE; counts FILE: "status=count ..."
# of a result
phase_requests() {
	awk -v p="apply: $1: " 'index($0, p) { on = 1; next }
	    on && /requests, / { sub(/ requests,.*/, ""); sub(/.*; /, ""); print; exit }' "$2"
}
counts() { python3 -c 'import csv,sys,collections
c = collections.Counter(x["status"] for x in csv.DictReader(open(sys.argv[1])))
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$1"; }
