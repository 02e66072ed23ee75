#!/bin/sh
# End-to-end: help, the man page and the shell completions are made from
# the same option tables and agree: every option `mailfleet COMMAND --help`
# lists is in the command's man page section, its bash and its zsh
# completion, and nothing else is; the bash script is valid and completes
# commands, options and values; `make install` puts the binary, the
# sandbox, the man page and both completions under PREFIX.
. "$(dirname "$0")/lib.sh"

"$MF" help >"$T/help" 2>"$T/help.err"
expect_eq help_exit_0 "$?" 0
"$MF" help --man >"$T/mailfleet.1"
expect_eq man_exit_0 "$?" 0
"$MF" completion bash >"$T/mailfleet.bash"
expect_eq bash_exit_0 "$?" 0
"$MF" completion zsh >"$T/_mailfleet"
expect_eq zsh_exit_0 "$?" 0
"$MF" completion fish >/dev/null 2>&1
expect_eq completion_fish_64 "$?" 64

# The option names of option lines ("  -j, --jobs N ...", "      --raw").
help_options() {
	sed -n 's/^  \(-., \)\{0,1\} *--\([a-z][a-z-]*\).*/\2/p' "$1" | sort -u
}
# The options of a man page part: ".TP" then "\fB\-\-name\fR...".
man_options() {
	sed -n '/^\.TP$/{n;s/.*\\fB\\-\\-\([a-z\\-]*\)\\fR.*/\1/p;}' "$1" |
	    sed 's/\\-/-/g' | sort -u
}
# The long options of one bash `opts='...'` line.
bash_options() {
	tr ' ' '\n' | sed -n 's/^--\([a-z][a-z-]*\)$/\1/p' | sort -u
}

sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$T/help" > "$T/commands"
check commands_listed test "$(wc -l < "$T/commands")" -ge 12
sed -n '/^Global options/,/^$/p' "$T/help" > "$T/global.help"
help_options "$T/global.help" > "$T/global.want"
check globals_listed grep -qx max-wait "$T/global.want"
sed -n '/^\.SH GLOBAL OPTIONS/,/^\.SH COMMANDS/p' "$T/mailfleet.1" > "$T/global.man"
man_options "$T/global.man" > "$T/global.got"
check man_globals_agree cmp -s "$T/global.want" "$T/global.got"
sed -n "s/^	'') opts='\(.*\)'$/\1/p" "$T/mailfleet.bash" | bash_options > "$T/global.bash"
check bash_globals_agree cmp -s "$T/global.want" "$T/global.bash"

while read -r c; do
	"$MF" help "$c" >"$T/$c.help" 2>"$T/$c.err"
	expect_eq "${c}_help_exit_0" "$?" 0
	# COMMAND --help says the same (sandbox hands --help to its binary).
	if [ "$c" != sandbox ]; then
		"$MF" "$c" --help >"$T/$c.help2" 2>&1
		check "${c}_dash_help_same" cmp -s "$T/$c.help" "$T/$c.help2"
	fi
	check "${c}_help_usage" sh -c "head -n 1 '$T/$c.help' | grep -q '^usage: mailfleet $c'"
	sed -n '/^Options:/,/^$/p' "$T/$c.help" > "$T/$c.own"
	help_options "$T/$c.own" > "$T/$c.want"
	# The man page: the command's own section.
	awk -v c=".SS \"$c" 'index($0, c) == 1 { on = 1; next }
	    /^\.S[SH] / { on = 0 } on' "$T/mailfleet.1" > "$T/$c.man"
	check "${c}_man_section" test -s "$T/$c.man"
	man_options "$T/$c.man" > "$T/$c.got"
	check "${c}_man_agrees" cmp -s "$T/$c.want" "$T/$c.got"
	# bash: the command's options, and the globals it does not shadow.
	sed -n "s/^	$c) opts='\(.*\)'$/\1/p" "$T/mailfleet.bash" | bash_options > "$T/$c.bash"
	sort -u "$T/$c.want" "$T/global.want" > "$T/$c.all"
	check "${c}_bash_agrees" cmp -s "$T/$c.all" "$T/$c.bash"
	# zsh: the command's function lists each of them.
	awk -v f="_mailfleet_$c()" '$0 == f { on = 1 } on && /^}/ { exit } on' \
	    "$T/_mailfleet" > "$T/$c.zsh"
	sed -n "s/^	    '\(([^)]*)'{-.,\)\{0,1\}--\([a-z][a-z-]*\)[[}].*/\2/p" "$T/$c.zsh" |
	    sort -u > "$T/$c.zgot"
	check "${c}_zsh_agrees" cmp -s "$T/$c.all" "$T/$c.zgot"
done < "$T/commands"
# The write commands share one table: import's options are update's.
check write_tables_shared sh -c "comm -23 '$T/delete.want' '$T/import.want' | grep -q . && exit 1 || exit 0"
check update_lists_batch grep -qx batch "$T/update.want"
# The write commands' kinds come from the providers' operation tables:
# help lists each provider's, the man page too, the completions their union.
check help_kinds_by_provider grep -q '^  coldsend  sender-accounts$' "$T/delete.help"
check help_kinds_maildoso grep -q '^  maildoso  accounts  *set the password' "$T/update.help"
check man_kinds_by_provider grep -q '^\\fBsender\\-accounts\\fR (coldsend)$' "$T/delete.man"
# The commands and options of issue 13 are among those checked above.
check pricing_listed grep -qx pricing "$T/commands"
check tracking_listed grep -qx tracking "$T/commands"
check restart_listed grep -qx restart "$T/commands"
check help_update_domains grep -q '^  maildoso  domains  *set or (empty redirect_to) remove' "$T/update.help"
check help_restart_domains grep -q '^  maildoso  domains  *restart the set-up' "$T/restart.help"
check restart_shares_write_table cmp -s "$T/delete.want" "$T/restart.want"
check totp_listed grep -qx totp "$T/commands"
# totp sends as the write commands do: -j, --rate, --batch, --retries
# (without that table it ran no worker and hung)
check totp_has_send_options sh -c "grep -qx jobs '$T/totp.want' && grep -qx rate '$T/totp.want'"
# issue 14: the new kinds, each in its command's Kinds section
kinds_of() { "$MF" help "$1" | sed -n '/^Kinds/,/^$/s/^  maildoso  \([a-z-]*\) .*/\1/p' | tr '\n' ' '; }
expect_eq totp_kinds "$(kinds_of totp)" "accounts "
check import_kinds_warmups_sequencers sh -c "echo '$(kinds_of import)' | grep -q 'warmups sequencers'"
check update_kinds_issue14 sh -c "echo '$(kinds_of update)' | grep -q 'accounts forwarding warmups sequencers'"
check delete_kinds_warmups sh -c "echo '$(kinds_of delete)' | grep -q warmups"
check man_totp_section grep -q '^\.SS "totp' "$T/mailfleet.1"
# README's API coverage table names every operation of the Maildoso spec
SPECF="$ROOT/../shared/specs/maildoso-openapi.json"
if [ -f "$SPECF" ]; then
	jq -r '.paths | to_entries[] | .key as $p | .value | keys[] |
	    select(. == "get" or . == "post" or . == "put" or . == "delete" or
	    . == "patch") | "| \(ascii_upcase) \($p) |"' "$SPECF" | sort > "$T/ops.want"
	sed -n '/^## API coverage/,/^### ColdSend endpoints/s/^\(| [A-Z]* \/[^ ]* |\).*/\1/p' "$ROOT/README.md" | sort > "$T/ops.got"
	check readme_api_coverage_complete cmp -s "$T/ops.want" "$T/ops.got"
else
	skip readme_api_coverage_complete "spec $SPECF absent"
fi
# ... and its ColdSend table every endpoint of coldsend.md (its tables, and
# the listing its text names)
CSPEC="$ROOT/../shared/specs/coldsend.md"
if [ -f "$CSPEC" ]; then
	{ sed -n 's/^| \(GET\|POST\|DELETE\|PUT\|PATCH\) | \(\/[^ |?]*\).*/| \1 \2 |/p' "$CSPEC"
		echo '| GET /sender-accounts |'; } | sort > "$T/csops.want"
	sed -n '/^### ColdSend endpoints/,/^## /s/^\(| [A-Z]* \/[^ ]* |\).*/\1/p' "$ROOT/README.md" | sort > "$T/csops.got"
	expect_eq readme_coldsend_endpoints_13 "$(grep -c . "$T/csops.want")" 13
	check readme_coldsend_coverage_complete cmp -s "$T/csops.want" "$T/csops.got"
else
	skip readme_coldsend_coverage_complete "spec $CSPEC absent"
fi
for o in activate max-activations restart-failed rate; do
	check "wait_lists_$o" grep -qx "$o" "$T/wait.want"
done
# search domains and the cost of a plan (issue 13, i13a)
check search_listed grep -qx search "$T/commands"
for o in variations available-only batch rate; do
	check "search_lists_$o" grep -qx "$o" "$T/search.want"
done
check search_no_write_options sh -c "! grep -qx -e dry-run -e resume -e yes '$T/search.want'"
check import_lists_max_cost grep -qx max-cost "$T/import.want"
check help_search_kind grep -q '^  maildoso  domains  *search names to register' "$T/search.help"
# ... and those of issue 14.
for c in registrant token whoami; do
	check "${c}_listed" grep -qx "$c" "$T/commands"
done
check registrant_lists_dry_run grep -qx dry-run "$T/registrant.want"
check token_lists_reread grep -qx reread "$T/token.want"
check import_lists_timeout grep -qx timeout "$T/import.want"
check import_lists_interval grep -qx interval "$T/import.want"
check export_lists_details grep -qx details "$T/export.want"
check export_details_one_request_a_domain grep -q 'one request a domain' "$T/export.help"
check help_kinds_smtp_accounts grep -q '^  coldsend  smtp-accounts' "$T/import.help"
check man_kinds_smtp_accounts grep -q '^\\fBsmtp\\-accounts\\fR (coldsend)$' "$T/import.man"

# --- the man page is valid roff ---------------------------------------------
if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$T/mailfleet.1" 2>"$T/groff.err"
	expect_eq man_groff_exit_0 "$?" 0
	check man_no_warnings test ! -s "$T/groff.err"
else
	skip man_groff "groff not installed"
fi

# --- bash: syntax, registration, and what TAB offers -------------------------
if command -v bash >/dev/null 2>&1; then
	check bash_syntax bash -n "$T/mailfleet.bash"
	# complete_words WORD...: COMPREPLY for the last word.
	complete_words() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		    _mailfleet; printf "%s\n" "${COMPREPLY[@]}"' sh "$T/mailfleet.bash" "$@"
	}
	check bash_complete_registered sh -c "bash -c '. \"$T/mailfleet.bash\"; complete -p mailfleet' | grep -q -- '-F _mailfleet mailfleet'"
	expect_eq bash_command "$(complete_words mailfleet imp)" import
	expect_eq bash_option "$(complete_words mailfleet import --ba)" --batch
	expect_eq bash_option_after_operands \
	    "$(complete_words mailfleet import accounts a.csv --dry)" --dry-run
	expect_eq bash_kind "$(complete_words mailfleet delete do)" domains
	expect_eq bash_kind_from_tables "$(complete_words mailfleet delete se)" sender-accounts
	expect_eq bash_update_kinds "$(complete_words mailfleet update '' | sort | tr '\n' ' ')" "accounts domains forwarding sequencers warmups "
	expect_eq bash_restart_kinds "$(complete_words mailfleet restart '')" domains
	expect_eq bash_enum "$(complete_words mailfleet export accounts --format in)" instantly
	expect_eq bash_global_enum "$(complete_words mailfleet --provider c)" coldsend
	expect_eq bash_after_global "$(complete_words mailfleet --provider coldsend exp)" export
	expect_eq bash_shadowed "$(complete_words mailfleet export --provider g)" google
	expect_eq bash_value_not_option "$(complete_words mailfleet import -j --)" ""
	expect_eq bash_tracking_word "$(complete_words mailfleet tracking of)" off
	expect_eq bash_totp_kinds "$(complete_words mailfleet totp '')" accounts
	expect_eq bash_import_sequencers "$(complete_words mailfleet import seq)" sequencers
	expect_eq bash_wait_option "$(complete_words mailfleet wait domains --max-a)" --max-activations
	expect_eq bash_wait_restart "$(complete_words mailfleet wait domains --rest)" --restart-failed
	expect_eq bash_search_kind "$(complete_words mailfleet search do)" domains
	expect_eq bash_search_option "$(complete_words mailfleet search domains --var)" --variations
	expect_eq bash_import_max_cost "$(complete_words mailfleet import domains --max-c)" --max-cost
	expect_eq bash_smtp_kind "$(complete_words mailfleet import smt)" smtp-accounts
	expect_eq bash_registrant_word "$(complete_words mailfleet registrant s)" set
	expect_eq bash_token_word "$(complete_words mailfleet token r)" rotate
	expect_eq bash_whoami "$(complete_words mailfleet whoa)" whoami
else
	skip bash_completion "bash not installed"
fi
if command -v zsh >/dev/null 2>&1; then
	check zsh_syntax zsh -n "$T/_mailfleet"
else
	skip zsh_syntax "zsh not installed"
fi

# --- make install DESTDIR=... PREFIX=/usr ------------------------------------
D="$T/root"
make -s -C "$ROOT" BUILD="$BUILD" install DESTDIR="$D" PREFIX=/usr >"$T/install.out" 2>&1
expect_eq install_exit_0 "$?" 0
check install_binary test -x "$D/usr/bin/mailfleet"
check install_sandbox test -x "$D/usr/bin/mailfleet-sandbox"
check install_man cmp -s "$D/usr/share/man/man1/mailfleet.1" "$T/mailfleet.1"
check install_bash cmp -s "$D/usr/share/bash-completion/completions/mailfleet" "$T/mailfleet.bash"
check install_zsh cmp -s "$D/usr/share/zsh/site-functions/_mailfleet" "$T/_mailfleet"
check install_nothing_else test "$(find "$D" -type f | wc -l)" -eq 5

finish
