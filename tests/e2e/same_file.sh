#!/bin/sh
# tests/e2e/same_file.sh - an output is never the input nor another output:
# check, import, update, delete, export --from, diff -o, push and wait
# refuse (exit 64, one line naming both paths) when two of the input, the
# result, --failed, the plan and the journal are one file - by name, as
# ./NAME, as a hard link, or not there yet - and the input is byte for byte
# what it was, and no request reached the sandbox. Then: a run with -o -
# does not make the next run claim it "would overwrite its result".
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
requests() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq .rate.maildoso.requests; }

printf 'domain\nsame1.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
expect_eq domains_exit_0 "$?" 0
sleep 1		# lifecycles at --time-scale 100000

cd "$T" || exit 1
printf 'email,first_name,password\na@same1.com,A,\nb@same1.com,B,\n' > orig.csv
printf 'email,first_name\na@same1.com,A2\n' > other.csv
# fresh: same.csv as it was, hard.csv its hard link (each case on its own).
fresh() { rm -f same.csv hard.csv; cp orig.csv same.csv; ln same.csv hard.csv; }

# refused NAME WANT_PAIR ARGS...: exit 64, one line on stderr naming both
# paths of WANT_PAIR ("P1|P2"), the input unchanged, no request sent.
refused() {
	name=$1 p1=${2%%|*} p2=${2#*|}
	shift 2
	fresh
	before=$(requests)
	MFX "$@" >out.txt 2>err.txt
	expect_eq "$name: exit 64" "$?" 64
	if [ "$(wc -l < err.txt)" -eq 1 ] &&
	    grep -qF -- "$p1 (" err.txt && grep -qF -- "$p2 (" err.txt &&
	    grep -q 'are the same file' err.txt; then
		ok "$name: one line naming both"
	else
		fail "$name: one line naming both" "$(cat err.txt)"
	fi
	check "$name: input unchanged" cmp -s same.csv orig.csv
	expect_eq "$name: no request sent" "$(requests)" "$before"
}

refused "check -o input" "same.csv|same.csv" check accounts same.csv -o same.csv
refused "check -o ./input" "same.csv|./same.csv" check accounts same.csv -o ./same.csv
refused "check -o hard link" "same.csv|hard.csv" check accounts same.csv -o hard.csv
refused "import -o input" "same.csv|same.csv" import accounts same.csv -o same.csv
refused "import -o ./input" "same.csv|./same.csv" import accounts same.csv -o ./same.csv
refused "import -o hard link" "same.csv|hard.csv" import accounts same.csv -o hard.csv
refused "import -o T/input" "same.csv|$T/same.csv" import accounts same.csv -o "$T/same.csv"
refused "import --failed input" "same.csv|same.csv" import accounts same.csv --failed same.csv
refused "import --failed hard link" "same.csv|hard.csv" import accounts same.csv --failed hard.csv
refused "import --failed = -o" "r.csv|r.csv" import accounts same.csv --failed r.csv -o r.csv
check "import --failed = -o: nothing written" test ! -e r.csv
refused "import --failed ./r = -o r" "r.csv|./r.csv" import accounts same.csv -o r.csv --failed ./r.csv
refused "import --failed = journal" "r.csv.journal|r.csv.journal" import accounts same.csv -o r.csv --failed r.csv.journal
refused "import --dry-run --failed = plan" "same.csv.plan.csv|same.csv.plan.csv" import accounts same.csv --dry-run --failed same.csv.plan.csv
refused "update -o input" "same.csv|same.csv" update accounts same.csv -o same.csv --yes
refused "delete -o input" "same.csv|same.csv" delete accounts same.csv -o same.csv --yes
refused "delete --failed input" "same.csv|same.csv" delete accounts same.csv --failed same.csv --yes
refused "export --from -o input" "same.csv|same.csv" export accounts --from same.csv --format instantly -o same.csv
refused "export --ids -o input" "same.csv|hard.csv" export accounts --ids same.csv -o hard.csv
refused "diff -o OLD" "same.csv|same.csv" diff same.csv other.csv -o same.csv
refused "diff -o NEW" "same.csv|hard.csv" diff other.csv same.csv -o hard.csv
refused "push -o input" "same.csv|same.csv" push same.csv --sequencer 1 -o same.csv
refused "wait -o input" "d.csv|./d.csv" wait domains d.csv -o ./d.csv
check "no stray files" test -z "$(ls | grep -v -e '^same.csv$' -e '^orig.csv$' -e '^other.csv$' -e '^hard.csv$' -e '^d\.' -e '\.txt$' -e '^token$' -e '^sandbox\.' -e '^port$')"

# Distinct paths still work; diff of a file with itself is fine.
MFX diff same.csv same.csv -o diff.csv >/dev/null 2>err.txt
expect_eq "diff FILE FILE: exit 0" "$?" 0
MFX check accounts same.csv -o checked.csv 2>err.txt
expect_eq "check -o other: exit 0" "$?" 0

# --- after -o -, the next run does not claim to overwrite a result --------
printf 'email,first_name\nc@same1.com,C\n' > stdout.csv
MFX import accounts stdout.csv -o - >first.txt 2>err.txt
expect_eq "-o -: exit 0" "$?" 0
check "-o -: result on stdout" grep -q '^c@same1.com,C,created,' first.txt
check "-o -: no result file" test ! -e stdout.csv.result.csv
MFX import accounts stdout.csv 2>err.txt
expect_eq "then the default result: exit 0" "$?" 0
check "then the default result: no overwrite claim" sh -c "! grep -q 'overwrite' err.txt"
check "then the default result: written" grep -q '^c@same1.com,C,exists,' stdout.csv.result.csv
MFX import accounts stdout.csv -o - >second.txt 2>err.txt
expect_eq "then -o - again: refused 64" "$?" 64
check "then -o - again: no overwrite claim" sh -c "! grep -q 'overwrite' err.txt"
check "then -o - again: says stdout" grep -q 'finished with its result on standard output' err.txt
MFX import accounts stdout.csv -o - --resume >third.txt 2>err.txt
expect_eq "then -o - --resume: exit 0" "$?" 0
check "then -o - --resume: the same result" cmp -s first.txt third.txt

finish
