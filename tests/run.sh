#!/bin/sh
# tests/run.sh - run every unit test binary and end-to-end script and add up
# their "RESULT passed=N failed=N skipped=N" lines. A program that dies
# before printing its line counts as one failure. The last line printed is
# "N passed, N failed". A test still running after TEST_TIMEOUT seconds
# (default 1200; sanitizer builds run several times slower) is stopped,
# with everything it started, and counts as failed: a hang must not eat
# CI's time limit.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
passed=0 failed=0 skipped=0
run_one() {
	name=$1; shift
	out=$(timeout -k 10 "${TEST_TIMEOUT:-1200}" "$@" 2>"$BUILD/last-test.err")
	rc=$?
	[ "$rc" -eq 124 ] && echo "    (stopped after ${TEST_TIMEOUT:-1200} s)" >>"$BUILD/last-test.err"
	res=$(printf '%s\n' "$out" | grep '^RESULT ' | tail -n 1)
	if [ -z "$res" ]; then
		echo "FAIL $name (exit $rc, no result line)"
		sed 's/^/    /' "$BUILD/last-test.err" | tail -n 30
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$res" | sed 's/.*passed=\([0-9]*\).*/\1/')
	f=$(echo "$res" | sed 's/.*failed=\([0-9]*\).*/\1/')
	s=$(echo "$res" | sed 's/.*skipped=\([0-9]*\).*/\1/')
	if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
		[ "$f" -eq 0 ] && f=1
		echo "FAIL $name ($p passed, $f failed, $s skipped)"
		grep -E 'FAIL|not ok|ERROR|Sanitizer|runtime error' "$BUILD/last-test.err" | head -n 40 | sed 's/^/    /'
	else
		echo "ok   $name ($p passed, $s skipped)"
	fi
	grep -E '^  skip ' "$BUILD/last-test.err" | sed 's/^/    /'
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d) continue ;; esac
	run_one "unit/$(basename "$t")" "$t"
done
for t in tests/e2e/*.sh; do
	case "$t" in */lib.sh) continue ;; esac
	run_one "e2e/$(basename "$t" .sh)" sh "$t"
done
echo "$skipped skipped (counted neither passed nor failed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
