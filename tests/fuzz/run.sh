#!/bin/sh
# tests/fuzz/run.sh SECONDS TARGET... - fuzz each target for SECONDS, one
# after the other (make fuzz FUZZ_SECONDS=N).
#
# Each target starts from its committed seeds (tests/fuzz/corpus/TARGET/,
# never written to) plus what earlier runs found ($FUZZ_BUILD/corpus/
# TARGET/, where new inputs go). Crash, leak, timeout and out-of-memory
# files go to $FUZZ_BUILD/findings/TARGET/ and make the target fail. Per
# target it prints executions, exec/s and coverage from libFuzzer's final
# line; the full log is $FUZZ_BUILD/logs/TARGET.log. Exits 1 when any
# target had a finding in this run (earlier findings are kept, not counted).
set -u
cd "$(dirname "$0")/../.."
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
secs=$1; shift
status=0
for t in "$@"; do
	bin="$FUZZ_BUILD/bin/fuzz_$t"
	work="$FUZZ_BUILD/corpus/$t" found="$FUZZ_BUILD/findings/$t"
	log="$FUZZ_BUILD/logs/$t.log"
	mkdir -p "$work" "$found" "$(dirname "$log")"
	# Findings of earlier runs stay, but only this run's count.
	stamp="$FUZZ_BUILD/logs/$t.start"
	: >"$stamp"
	opts=""
	[ -f "tests/fuzz/$t.options" ] && opts=$(cat "tests/fuzz/$t.options")
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$found/" $opts \
	    "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	[ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	execs=$(echo "$done_line" | sed -n 's/^#\([0-9]*\).*/\1/p')
	cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
	eps=$(echo "$done_line" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
	nfound=$(find "$found" -type f -newer "$stamp" | wc -l)
	printf 'fuzz %-14s %s execs, %s exec/s, cov %s ft %s, corpus %s, findings %s\n' \
	    "$t" "${execs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" \
	    "${corp:-?}" "$nfound"
	if [ "$rc" -ne 0 ] || [ "$nfound" -ne 0 ]; then
		echo "FAIL fuzz $t (exit $rc): see $log and $found/"
		grep -E 'ERROR|SUMMARY|fuzz: ' "$log" | head -n 5 | sed 's/^/    /'
		status=1
	fi
done
exit $status
