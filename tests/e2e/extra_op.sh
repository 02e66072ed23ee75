#!/bin/sh
# End-to-end: an operation added through the operation table alone. The
# test binary build/tests/mailfleet-extra is the real one with one more
# ColdSend entry, `update domains`, which activates them (POST
# /domains/{id}/activate, a documented route no product entry sends;
# tests/extra/op_update_domains.c: the entry, build() and map(), nothing
# else), and it runs through the real pipeline: validator, dispatcher
# (lookups, ColdSend's refusals), journal, writer, --dry-run and help. The
# product binary refuses it.
. "$(dirname "$0")/lib.sh"
MFE="$ROOT/$BUILD/tests/mailfleet-extra"

need_sandbox --time-scale 100000 --rate coldsend=none
export COLDSEND_API_KEY=cs_live_sandbox
status_of() {
	cs GET "/domains/$1" >/dev/null
	jstr status
}
check extra_binary_built test -x "$MFE"
printf 'domain\nact1.com\nact2.com\nact3.com\n' > "$T/d.csv"
"$MF" -q --provider coldsend --api-url "$CS_URL" import domains "$T/d.csv" -o "$T/d.out"
expect_eq domains_created "$(grep -c ',created,' "$T/d.out")" 3
id_of() { grep "^$1," "$T/d.out" | cut -d, -f6; }
sleep 1		# the name servers propagate (time scaled)
# act3.com is activated already: a second activation is refused (409).
expect_eq act3_activated "$(cs POST "/domains/$(id_of act3.com)/activate")" 200
cat > "$T/u.csv" <<CSV
domain,id
act1.com,$(id_of act1.com)
,$(id_of act2.com)
,999999
act3.com,$(id_of act3.com)
nothere.com,
CSV

# The product has no such operation.
"$MF" -q --provider coldsend --api-url "$CS_URL" update domains "$T/u.csv" -o "$T/p.out" 2>"$T/p.err"
expect_eq product_refuses_update_domains "$?" 64
check product_says_why grep -q 'coldsend cannot update domains' "$T/p.err"
"$MF" help update > "$T/phelp"
check product_help_lacks_it sh -c "! grep -q '^  coldsend  domains' '$T/phelp'"

# help and the man page list it, from the table.
"$MFE" help update > "$T/help"
check help_lists_the_entry grep -q '^  coldsend  domains  *activate domains waiting' "$T/help"
"$MFE" help --man > "$T/man"
check man_lists_the_entry grep -q 'activate domains waiting for their name servers' "$T/man"

# --dry-run: looked up (the domain entry's lookups), nothing changed; rows
# by id are planned unchecked.
"$MFE" -q --provider coldsend --api-url "$CS_URL" update domains "$T/u.csv" --dry-run
expect_eq dry_run_exit_2 "$?" 2
expect_eq dry_run_plan "$(cut -d, -f1,3 "$T/u.csv.plan.csv" | sed 1d | tr '\n' ' ')" \
    "act1.com,planned ,planned ,planned act3.com,planned nothere.com,failed "
expect_eq dry_run_changes_nothing "$(status_of "$(id_of act1.com)")" DNS_PENDING

# The run: one request a row; an unknown id is ColdSend's 404, an active
# domain its 409 (a refusal, not "exists"), a row without an id fails
# unsent.
"$MFE" -q --provider coldsend --api-url "$CS_URL" update domains "$T/u.csv" -o "$T/u.out"
expect_eq run_exit_2 "$?" 2
expect_eq run_statuses "$(cut -d, -f1,3 "$T/u.out" | sed 1d | tr '\n' ' ')" \
    "act1.com,updated ,updated ,failed act3.com,failed nothere.com,failed "
check run_result_has_id grep -q "^act1.com,$(id_of act1.com),updated,,200,1,$(id_of act1.com),[A-Z_]" "$T/u.out"
check run_unknown_id_says_why grep -q '^,999999,failed,.*,404,' "$T/u.out"
check run_active_says_why grep -q '^act3.com,[^,]*,failed,HTTP 409: Domain cannot be activated from status ACTIVE,409,' "$T/u.out"
check run_no_id_says_why grep -q "^nothere.com,,failed,give the domain's id," "$T/u.out"
check provider_activated_one test "$(status_of "$(id_of act1.com)")" != DNS_PENDING
check provider_activated_two test "$(status_of "$(id_of act2.com)")" != DNS_PENDING
# The journal kept every outcome: --resume sends nothing again.
check journal_kept test -s "$T/u.out.journal"
"$MFE" -q --provider coldsend --api-url "$CS_URL" update domains "$T/u.csv" -o "$T/u.out" --resume 2>"$T/r.err"
expect_eq resume_exit_2 "$?" 2
expect_eq resume_same_result "$(cut -d, -f1,3 "$T/u.out" | sed 1d | tr '\n' ' ')" \
    "act1.com,updated ,updated ,failed act3.com,failed nothere.com,failed "
finish
