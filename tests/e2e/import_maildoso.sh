#!/bin/sh
# End-to-end: `mailfleet import` against the sandbox's Maildoso.
# Needs the sandbox binary (built by make); uses curl to read its state.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --seed 1
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
sbx_get() { curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL$1"; }

# --- domains: 10 to buy, one blocked TLD refused offline ----------------
{
	echo "domain"
	i=1
	while [ $i -le 11 ]; do echo "fleet$i.com"; i=$((i + 1)); done
	echo "blocked.xyz"
} > "$T/domains.csv"
MFX import domains --yes "$T/domains.csv" -o "$T/domains.out"
rc=$?
expect_eq domains_exit_2_for_blocked_tld "$rc" 2
expect_eq domains_created_11 "$(grep -c ',created,' "$T/domains.out")" 11
check domains_blocked_invalid grep -q 'blocked.xyz,invalid,.*does not register .xyz' "$T/domains.out"
sleep 1		# lifecycles at --time-scale 100000

# --- 500 accounts on the 10 domains in batches --------------------------
{
	echo "email,first_name,last_name"
	i=1
	while [ $i -le 500 ]; do
		echo "user$i@fleet$(( (i % 10) + 1 )).com,First$i,Last$i"
		i=$((i + 1))
	done
} > "$T/acc.csv"
MFX import accounts "$T/acc.csv" -j 4 --batch 25 -o "$T/acc.out"
expect_eq accounts_exit_0 "$?" 0
expect_eq accounts_500_created "$(grep -c ',created,' "$T/acc.out")" 500
expect_eq accounts_rows_in_order "$(sed 1d "$T/acc.out" | cut -d, -f1 | head -3 | tr '\n' ' ')" "user1@fleet2.com user2@fleet3.com user3@fleet4.com "
check accounts_result_mode_0600 sh -c "[ \"\$(stat -c %a '$T/acc.out')\" = 600 ]"
# the password in the result is the one the sandbox stored
python3 - "$T/acc.out" "$MD_URL" <<'PY' >"$T/pwcheck" 2>&1
import csv, json, sys, urllib.request
rows = list(csv.DictReader(open(sys.argv[1])))
req = urllib.request.Request(sys.argv[2] + "/v1/user/accounts-lookup?limit=10000",
    headers={"Authorization": "Bearer pat_sandbox"})
items = json.load(urllib.request.urlopen(req))["items"]
srv = {a["email_account"]: a for a in items}
bad = [r["email"] for r in rows if srv.get(r["email"], {}).get("password") != r["password"]
       or str(srv[r["email"]]["id"]) != r["id"] or r["smtp_port"] != "587"
       or not r["imap_host"]]
print("mismatch", len(bad), bad[:3])
PY
check accounts_match_sandbox_state grep -q '^mismatch 0 ' "$T/pwcheck"

# --- mixed: valid, invalid, already existing, unknown domain. The existing
# row makes Maildoso refuse the batch (422): it is split until only that
# row is left, and the new row is created.
cat > "$T/mixed.csv" <<'CSV'
email,first_name,password
new1@fleet11.com,New,
user1@fleet2.com,Old,
bad@@fleet1.com,Bad,
weak@fleet1.com,Weak,Wk9pw
nodomain@elsewhere.com,No,
CSV
MFX import accounts "$T/mixed.csv" -o "$T/mixed.out"
expect_eq mixed_exit_2 "$?" 2
check mixed_created grep -q '^new1@fleet11.com,New,,created,' "$T/mixed.out"
check mixed_exists grep -q '^user1@fleet2.com,Old,,exists,' "$T/mixed.out"
check mixed_invalid_email grep -q '^bad@@fleet1.com,Bad,,invalid,' "$T/mixed.out"
check mixed_invalid_password grep -q '^weak@fleet1.com,Weak,Wk9pw,invalid,.*password is too short' "$T/mixed.out"
check mixed_unknown_domain grep -q '^nodomain@elsewhere.com,No,,failed,.*not in this Maildoso account' "$T/mixed.out"
check mixed_no_password_in_errors sh -c "! grep -q 'Wk9pw,invalid,.*Wk9pw' '$T/mixed.out'"

# --- a wrong token: one clear message, nothing sent, exit 3 --------------
printf 'pat_wrong\n' > "$T/badtoken"
"$MF" --api-url "$MD_URL" --token-file "$T/badtoken" import accounts \
    "$T/mixed.csv" -o "$T/bad.out" 2>"$T/bad.err"
expect_eq bad_token_exit_3 "$?" 3
check bad_token_message grep -q 'token' "$T/bad.err"
check bad_token_not_echoed sh -c "! grep -q pat_wrong '$T/bad.err'"

# --- dry run changes nothing ------------------------------------------
# A dry run checks what a real run checks before sending (fleet1-10.com
# are full: 50 accounts, their accounts_limit), so its new rows go to
# domains with room: room1-10.com, 50 each.
{ echo domain; i=1; while [ $i -le 10 ]; do echo "room$i.com"; i=$((i + 1)); done; } > "$T/room.csv"
MFX import domains --yes "$T/room.csv" -o "$T/room.out"
sleep 1
before=$(sbx_get /v1/user/stats)
sed 's/^user/dry/; s/@fleet/@room/' "$T/acc.csv" > "$T/dry.csv"
MFX import accounts "$T/dry.csv" --dry-run -o "$T/dry.out"
expect_eq dry_run_exit_0 "$?" 0
expect_eq dry_run_changes_nothing "$(sbx_get /v1/user/stats)" "$before"
check dry_run_writes_no_result sh -c "[ ! -e '$T/dry.out' ]"
expect_eq dry_run_plans_every_new_row "$(grep -c ',planned,would be created,' "$T/dry.csv.plan.csv")" \
    "$(sed 1d "$T/dry.csv" | wc -l)"
# rows already there are found, new ones planned, bad ones invalid
{ head -3 "$T/acc.csv"; echo "new1@room1.com,New,One"; echo "bad@@x,Bad,Row"; } > "$T/dry2.csv"
"$MF" --api-url "$MD_URL" --token-file "$T/token" import accounts "$T/dry2.csv" --dry-run 2>"$T/dry2.err"
expect_eq dry_run_with_invalid_exit_2 "$?" 2
expect_eq dry_run_changes_nothing_again "$(sbx_get /v1/user/stats)" "$before"
expect_eq dry_run_plan_statuses "$(cut -d, -f4 "$T/dry2.csv.plan.csv" | tr '\n' ' ')" \
    "status exists exists planned invalid "
check dry_run_plan_has_no_passwords sh -c "! grep -q ',exists,.*,[A-Za-z0-9]\{16\},smtp' '$T/dry2.csv.plan.csv'"
check dry_run_prints_the_plan grep -q '1 to create, 2 already there, 1 invalid' "$T/dry2.err"
check dry_run_no_journal sh -c "! ls '$T'/dry2* | grep -q journal"
# The plan holds none of the input's secrets, whatever their column is
# called; the --failed file keeps the input as it was, to feed back.
cat > "$T/drypw.csv" <<'CSV'
email,first_name,password,IMAP Passwd,api_key,Token,totp_secret
user10@fleet1.com,A,Secr3tPassw0rdA1,ImapPassw0rdAa1,key_live_A1,tok_A1,TOTPSEEDA1
pwnew@room1.com,B,Secr3tPassw0rdB2,ImapPassw0rdBb2,key_live_B2,tok_B2,TOTPSEEDB2
pwbad@@fleet1.com,C,Secr3tPassw0rdC3,ImapPassw0rdCc3,key_live_C3,tok_C3,TOTPSEEDC3
CSV
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import accounts \
    "$T/drypw.csv" --dry-run --failed "$T/drypw.failed.csv" 2>/dev/null
expect_eq dry_run_secrets_exit_2 "$?" 2
expect_eq dry_run_secrets_statuses "$(cut -d, -f8 "$T/drypw.csv.plan.csv" | tr '\n' ' ')" \
    "status exists planned invalid "
check dry_run_plan_holds_no_secret sh -c "! grep -E 'Secr3t|ImapPassw0rd|key_live|tok_|TOTPSEED' '$T/drypw.csv.plan.csv'"
check dry_run_plan_keeps_other_columns grep -q '^pwnew@room1.com,B,,,,,,planned,' "$T/drypw.csv.plan.csv"
check dry_run_failed_keeps_input grep -qx 'pwbad@@fleet1.com,C,Secr3tPassw0rdC3,ImapPassw0rdCc3,key_live_C3,tok_C3,TOTPSEEDC3' "$T/drypw.failed.csv"
# A dry run lists the accounts of the input's domains once for the run,
# not each row nor each batch: 50 accounts already on fleet1.com and 50
# new ones, in 4 batches of 25 = 1 listing (it was one per batch, 4).
# fleet1.com is full: the new ones are over_limit, as a real run says.
lookups() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | python3 -c 'import json, sys
by = json.load(sys.stdin)["requests"]["by_operation"].get(
    "lookup_user_email_accounts_v1_user_accounts_lookup_get", {})
print(sum(by.values()))'
}
{
	echo "email,first_name,last_name"
	grep '@fleet1\.com,' "$T/acc.csv"
	i=1; while [ $i -le 50 ]; do echo "fresh$i@fleet1.com,F,L"; i=$((i + 1)); done
} > "$T/dry3.csv"
n0=$(lookups)
MFX import accounts "$T/dry3.csv" --dry-run --batch 25
expect_eq dry_run_by_domain_exit_2 "$?" 2
expect_eq dry_run_by_domain_statuses "$(cut -d, -f4 "$T/dry3.csv.plan.csv" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" \
    "exists=50 over_limit=50 status=1 "
expect_eq dry_run_lists_each_domain_once "$(( $(lookups) - n0 ))" 1
check dry_run_exists_rows_have_ids grep -q '^user10@fleet1.com,First10,Last10,exists,already exists at maildoso,200,1,[0-9][0-9]*,,smtp\.maildoso\.com,587,.*,active,,$' "$T/dry3.csv.plan.csv"
# (once seen failing in a loaded full run and not since: what the row was)
grep -q '^user10@fleet1.com,First10,Last10,exists,already exists at maildoso,200,1,[0-9][0-9]*,,smtp\.maildoso\.com,587,.*,active,,$' "$T/dry3.csv.plan.csv" ||
    grep '^user10@' "$T/dry3.csv.plan.csv" | sed 's/^/    got: /' >&2

# --- delete ------------------------------------------------------------
printf 'email\nuser1@fleet2.com\nuser2@fleet3.com\nnobody@fleet1.com\n' > "$T/del.csv"
MFX delete accounts "$T/del.csv" --dry-run </dev/null
expect_eq delete_dry_run_exit_2_for_missing "$?" 2
expect_eq delete_dry_run_plan "$(cut -d, -f2,3 "$T/del.csv.plan.csv" | tr '\n' ' ')" \
    "status,error planned,would be deleted planned,would be deleted failed,not found at maildoso "
expect_eq delete_dry_run_changes_nothing "$(sbx_get /v1/user/stats)" "$before"
MFX delete accounts "$T/del.csv" --yes -o "$T/del.out" </dev/null
expect_eq delete_exit_2_for_missing "$?" 2
expect_eq delete_two_deleted "$(grep -c ',deleted,' "$T/del.out")" 2
check delete_missing_failed grep -q '^nobody@fleet1.com,failed,.*no such account' "$T/del.out"
# --- Google accounts: deletion is scheduled, and the date is reported ----
printf 'domain,provider\ngoog1.com,google\n' > "$T/g.csv"
MFX import external-domains "$T/g.csv" -o "$T/g.out"
expect_eq google_domain_created "$(grep -c ',created,' "$T/g.out")" 1
sleep 1
printf 'email,provider,first_name\na@goog1.com,google,A\n' > "$T/ga.csv"
MFX import accounts "$T/ga.csv" -o "$T/ga.out"
expect_eq google_account_created "$(grep -c ',created,' "$T/ga.out")" 1
MFX delete accounts "$T/ga.csv" --yes -o "$T/gd.out" </dev/null
expect_eq google_delete_exit_0 "$?" 0
sched=$(sed 1d "$T/gd.out" | awk -F, '{print $NF}')
srv=$(sbx_get "/v1/user/accounts-lookup?keyword=a%40goog1.com" | python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["status"], i[0]["cancellation_at"])')
expect_eq google_scheduled_for_is_the_providers "cancel_scheduled $sched" "$srv"
finish
