#!/bin/sh
# tests/e2e/fuzz_replay.sh - every committed fuzz corpus file through its
# target, once, without fuzzing (tests/fuzz/, make fuzz builds them).
# One check per target: the target runs every file of its corpus and none
# crashes or breaks an invariant. Without clang the targets cannot be
# built: each check is then skipped, never passed.
. "$(dirname "$0")/lib.sh"
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
have_clang=0
command -v clang-14 >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 &&
    have_clang=1
for dir in "$ROOT"/tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	bin="$ROOT/$FUZZ_BUILD/bin/fuzz_$t"
	if [ ! -x "$bin" ]; then
		if [ "$have_clang" -eq 0 ]; then
			skip "fuzz_replay_$t" "clang not found, fuzz targets not built"
		else
			fail "fuzz_replay_$t" "$bin missing (make fuzz-build)"
		fi
		continue
	fi
	n=$(find "$dir" -type f | wc -l)
	# shellcheck disable=SC2046
	if (cd "$T" && "$bin" $(find "$dir" -type f | sort)) \
	    >"$T/$t.log" 2>&1; then
		ran=$(grep -c '^Executed ' "$T/$t.log")
		expect_eq "fuzz_replay_$t" "$ran files" "$n files"
	else
		fail "fuzz_replay_$t" "$(grep -E 'ERROR|SUMMARY|fuzz: |Test unit' \
		    "$T/$t.log" | head -n 5)"
	fi
done
finish
