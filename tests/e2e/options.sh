#!/bin/sh
# End-to-end: option errors after a command name the option on one line,
# then print the command's usage, exit 64; bad values of duration and date
# options are refused before anything is sent (no sandbox needed).
. "$(dirname "$0")/lib.sh"

printf 'email\na@b.com\n' > "$T/a.csv"

# bad_option NAME WANT_LINE ARGS...: exit 64, first stderr line WANT_LINE,
# then the command's usage.
bad_option() {
	name=$1 want=$2
	shift 2
	"$MF" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	expect_eq "${name}_exit_64" "$rc" 64
	expect_eq "${name}_names_option" "$(head -n 1 "$T/err")" "$want"
	check "${name}_then_usage" sh -c "sed -n 2p '$T/err' | grep -q '^usage: mailfleet '"
	check "${name}_stdout_empty" test ! -s "$T/out"
}

bad_option import_unknown 'mailfleet: import: unknown option "--bogus"' \
    import accounts "$T/a.csv" --bogus
bad_option import_missing_value 'mailfleet: import: option "--rate" needs a value' \
    import accounts "$T/a.csv" --rate
bad_option import_bad_short 'mailfleet: import: unknown option "-Z"' \
    import accounts "$T/a.csv" -Z
bad_option check_unknown 'mailfleet: check: unknown option "--bogus"' \
    check accounts "$T/a.csv" --bogus
bad_option check_short_in_group 'mailfleet: check: unknown option "-Z"' \
    check accounts "$T/a.csv" -qZ
bad_option update_unknown 'mailfleet: update: unknown option "--bogus"' \
    update accounts "$T/a.csv" --bogus=1
bad_option delete_missing 'mailfleet: delete: option "-j" needs a value' \
    delete accounts "$T/a.csv" -j
bad_option export_unknown 'mailfleet: export: unknown option "--bogus"' \
    export accounts --bogus
bad_option export_missing 'mailfleet: export: option "--format" needs a value' \
    export accounts --format
bad_option wait_no_value 'mailfleet: wait: option "--activate" takes no value' \
    wait domains --activate=yes
bad_option push_missing 'mailfleet: push: option "--sequencer" needs a value' \
    push "$T/a.csv" --sequencer
bad_option quota_unknown 'mailfleet: quota: unknown option "--bogus"' \
    quota --bogus
bad_option diff_missing 'mailfleet: diff: option "-o" needs a value' \
    diff "$T/a.csv" "$T/a.csv" -o
bad_option global_unknown 'mailfleet: unknown option "--bogus"' \
    --bogus import accounts "$T/a.csv"

# --- durations: nan, inf and negatives are refused (exit 64, named) ------
# bad_value NAME WANT_TEXT ARGS...: exit 64 and WANT_TEXT on stderr.
bad_value() {
	name=$1 want=$2
	shift 2
	"$MF" --api-url http://127.0.0.1:9/maildoso --token-file /nonexistent \
	    "$@" >"$T/out" 2>"$T/err"
	expect_eq "${name}_exit_64" "$?" 64
	check "${name}_says_why" grep -qF -- "$want" "$T/err"
}
for v in nan inf -1 -inf 1e3 0x10; do
	bad_value "wait_timeout_$v" "(not \"$v\")" wait domains --timeout "$v"
	bad_value "wait_interval_$v" "(not \"$v\")" wait domains --interval "$v"
	bad_value "push_timeout_$v" "(not \"$v\")" push "$T/a.csv" --sequencer 1 --timeout "$v"
	bad_value "push_interval_$v" "(not \"$v\")" push "$T/a.csv" --sequencer 1 --interval "$v"
done

# --- dates: a real calendar date, refused before any request -------------
for d in 2026-13-45 2026-02-30 2023-02-29 1900-02-29 2026-04-31 2026-00-01; do
	bad_value "created_since_$d" "(not \"$d\")" export accounts --created-since "$d"
	bad_value "created_until_$d" "(not \"$d\")" export accounts --created-until "$d"
done

finish
