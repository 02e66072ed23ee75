#!/bin/sh
# End-to-end: every long command (import, export, wait, push) draws the same
# progress line with --progress always (done/total, rate, then a last line)
# and its one-line summary; --progress never draws none.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null 2>&1 || { skip progress "no jq"; finish; exit 0; }
awk -v n=290 -f "$ROOT/tests/e2e/export_seed.awk" |
    jq -c '.slots.seqs = 1 | .seqs = [{id: 11, platform: "instantly",
        login: "me@x.com", password: "SeqPass1", workspace: null,
        api_key: null, created_at: 1767225600}]' > "$T/s.json"
need_sandbox --state "$T/s.json" --time-scale 100000
MFX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@"; }
# A progress line: "\r" then N/M UNIT  R UNIT/s (the first line drawn has
# the total). The last one: "\r" N UNIT  R UNIT/s ... and a line end.
# drawn NAME UNIT FILE: a line with done/total and a last line.
drawn() {
	tr '\r' '\n' < "$3" > "$T/lines"
	check "$1_progress_line" grep -Eq "^[0-9]+/[0-9]+ $2  [0-9.]+ $2/s" "$T/lines"
	check "$1_last_line" grep -Eq "^[0-9]+ $2  [0-9.]+ $2/s  .*   $" "$T/lines"
}
# none NAME FILE: no progress line at all.
none() {
	check "$1_no_progress" sh -c "! grep -Eq '[0-9.]+ [a-z-]+/s' '$2'"
	check "$1_no_carriage_return" sh -c "! tr '\r' '@' < '$2' | grep -q @"
}

# --- import ----------------------------------------------------------------
printf 'email,first_name\nnew1@seed0005.com,A\nnew2@seed0005.com,B\nnew3@seed0005.com,C\n' > "$T/a.csv"
MFX import accounts "$T/a.csv" --progress always -o "$T/a.out" 2>"$T/imp.err"
expect_eq import_exit_0 "$?" 0
drawn import rows "$T/imp.err"
check import_summary grep -q 'created' "$T/imp.err"
printf 'email,first_name\nnew4@seed0005.com,D\n' > "$T/b.csv"
MFX import accounts "$T/b.csv" --progress never -o "$T/b.out" 2>"$T/impn.err"
none import "$T/impn.err"

# --- export ------------------------------------------------------------------
MFX export accounts --page-size 100 --progress always -o "$T/e.csv" 2>"$T/exp.err"
expect_eq export_exit_0 "$?" 0
drawn export accounts "$T/exp.err"
check export_summary grep -q 'export accounts: 294 rows' "$T/exp.err"
check export_last_counts grep -q '294 accounts  .*rows 294  pages 3' "$T/exp.err"
MFX export accounts --page-size 100 --progress never -o "$T/e2.csv" 2>"$T/expn.err"
none export "$T/expn.err"
check export_never_summary grep -q 'export accounts: 294 rows' "$T/expn.err"

# --- wait --------------------------------------------------------------------
printf 'domain\nseed0000.com\nseed0001.com\n' > "$T/d.csv"
MFX wait domains "$T/d.csv" --interval 0.05 --timeout 30 --progress always -o "$T/w.out" 2>"$T/wait.err"
expect_eq wait_exit_0 "$?" 0
drawn wait domains "$T/wait.err"
check wait_last_counts grep -q '2 domains  .*ready 2  failed 0' "$T/wait.err"
check wait_summary grep -q 'wait domains: 2 ready, 0 not' "$T/wait.err"
MFX wait domains "$T/d.csv" --interval 0.05 --timeout 30 --progress never -o "$T/w2.out" 2>"$T/waitn.err"
none wait "$T/waitn.err"

# --- push --------------------------------------------------------------------
printf 'email\nuser000001@seed0000.com\nuser000002@seed0000.com\n' > "$T/p.csv"
MFX push "$T/p.csv" --sequencer 11 --interval 0.05 --timeout 60 --rate off --progress always -o "$T/p.out" 2>"$T/push.err"
expect_eq push_exit_0 "$?" 0
drawn push accounts "$T/push.err"
check push_last_counts grep -q '2 accounts  .*completed 2  failed 0' "$T/push.err"
check push_summary grep -q 'push: 2 of 2 rows exported' "$T/push.err"
printf 'email\nuser000003@seed0000.com\n' > "$T/p2.csv"
MFX push "$T/p2.csv" --sequencer 11 --interval 0.05 --timeout 60 --rate off --progress never -o "$T/p2.out" 2>"$T/pushn.err"
none push "$T/pushn.err"

finish
