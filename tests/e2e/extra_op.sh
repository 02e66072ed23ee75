#!/bin/sh
# End-to-end: an operation added through the operation table alone. The
# test binary build/tests/mailfleet-extra is the real one with one more
# Maildoso entry, `update domains` (tests/extra/op_update_domains.c: the
# entry, build() and map(), nothing else), and it runs through the real
# pipeline: validator, dispatcher (batches, a 422 split), journal, writer,
# --dry-run, help and completions. The product binary refuses it.
. "$(dirname "$0")/lib.sh"
MFE="$ROOT/$BUILD/tests/mailfleet-extra"

need_sandbox --time-scale 100000
redirect_of() {
	curl -s -H 'Authorization: Bearer pat_sandbox' \
	    "$MD_URL/v1/user/domains?keyword=$1&exact_match=true" |
	    jq -r '.[0].redirect_to // "-"'
}
check extra_binary_built test -x "$MFE"
printf 'domain\nredir1.com\nredir2.com\nredir3.com\n' > "$T/d.csv"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains --yes "$T/d.csv" -o "$T/d.out"
expect_eq domains_created "$(grep -c ',created,' "$T/d.out")" 3
id_of() { grep "^$1," "$T/d.out" | cut -d, -f6; }
cat > "$T/u.csv" <<CSV
domain,id,redirect_to
redir1.com,$(id_of redir1.com),https://one.example/
redir2.com,$(id_of redir2.com),https://two.example/
nothere.com,999999,https://gone.example/
redir3.com,,https://three.example/
CSV

# The product has no such operation.
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" update domains "$T/u.csv" -o "$T/p.out" 2>"$T/p.err"
expect_eq product_refuses_update_domains "$?" 64
check product_says_why grep -q 'maildoso cannot update domains' "$T/p.err"

# help and the completions list it, from the table.
"$MFE" help update > "$T/help"
check help_lists_the_entry grep -q '^  maildoso  domains  *set where domains redirect to' "$T/help"
"$MFE" completion bash > "$T/bash"
check completion_lists_domains grep -q "^	    kinds='domains accounts' ;;" "$T/bash"

# --dry-run: looked up (the domain entry's lookups), nothing changed.
"$MFE" -q --api-url "$MD_URL" --token-file "$T/token" update domains "$T/u.csv" --dry-run
expect_eq dry_run_exit_2 "$?" 2
expect_eq dry_run_plan "$(cut -d, -f1,4 "$T/u.csv.plan.csv" | sed 1d | tr '\n' ' ')" \
    "redir1.com,planned redir2.com,planned nothere.com,failed redir3.com,planned "
expect_eq dry_run_changes_nothing "$(redirect_of redir1.com)" "-"

# The run: one PUT of 3 rows, refused (an unknown id): split until the
# bad row stands alone; the row without an id fails unsent.
"$MFE" -q --api-url "$MD_URL" --token-file "$T/token" update domains "$T/u.csv" -o "$T/u.out"
expect_eq run_exit_2 "$?" 2
expect_eq run_statuses "$(cut -d, -f1,4 "$T/u.out" | sed 1d | tr '\n' ' ')" \
    "redir1.com,updated redir2.com,updated nothere.com,failed redir3.com,failed "
check run_result_has_id grep -q "^redir1.com,$(id_of redir1.com),https://one.example/,updated,,204,1,$(id_of redir1.com)\$" "$T/u.out"
check run_unknown_id_says_why grep -q '^nothere.com,.*,failed,"HTTP 422: .*domain 999999 not found",422,' "$T/u.out"
check run_no_id_says_why grep -q '^redir3.com,.*,failed,give the domain.s id,' "$T/u.out"
expect_eq provider_redirect_one "$(redirect_of redir1.com)" "https://one.example/"
expect_eq provider_redirect_two "$(redirect_of redir2.com)" "https://two.example/"
# The journal kept every outcome: --resume sends nothing again.
check journal_kept test -s "$T/u.out.journal"
"$MFE" -q --api-url "$MD_URL" --token-file "$T/token" update domains "$T/u.csv" -o "$T/u.out" --resume 2>"$T/r.err"
expect_eq resume_exit_2 "$?" 2
expect_eq resume_same_result "$(cut -d, -f1,4 "$T/u.out" | sed 1d | tr '\n' ' ')" \
    "redir1.com,updated redir2.com,updated nothere.com,failed redir3.com,failed "
finish
