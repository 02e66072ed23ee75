#!/bin/sh
# End-to-end: `mailfleet registrant [set]`, import domains without
# registrant data, `mailfleet whoami` and `mailfleet token rotate` with a
# failure injected after the regenerate; the tokens in no output.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 1000 --require-registrant --strict-pat \
    --pat-fault settings=1
M() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@"; }
ops() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq ".requests.by_operation[\"$1\"] // {} | [.[]] | add // 0"; }
LOG="$T/all.log"
: > "$LOG"

# --- registrant ---------------------------------------------------------
M registrant >>"$LOG" 2>&1
expect_eq show_none_exit_2 "$?" 2
printf 'domain\nreg1.com\n' > "$T/d.csv"
M import domains "$T/d.csv" -o "$T/d.out" --yes 2>"$T/err"
expect_eq buy_without_registrant_exit_3 "$?" 3
check buy_refusal_names_command grep -q "mailfleet registrant set FILE" "$T/err"
expect_eq buy_without_registrant_no_post "$(ops create_user_domains)" 0
printf 'company_name,job_title,country\nAcme,CEO,us\n' > "$T/r1.csv"
M registrant set "$T/r1.csv" 2>"$T/err"
expect_eq set_bad_country_65 "$?" 65
check set_bad_country_names_cell grep -q "r1.csv: row 1 (line 2), column 3 (country): must be an ISO 3166-1" "$T/err"
printf 'company_name,job_title,country,fax\nAcme,CEO,US,1\n' > "$T/r2.csv"
M registrant set "$T/r2.csv" 2>"$T/err"
expect_eq set_unknown_column_65 "$?" 65
check set_unknown_column_named grep -q "column 4 (fax): not a registrant field" "$T/err"
printf 'company_name,phone_number\nAcme,555\n' > "$T/r3.csv"
M registrant set "$T/r3.csv" 2>"$T/err"
expect_eq set_short_phone_65 "$?" 65
printf 'company_name,phone_zone\nAcme,+1\n' > "$T/r4.csv"
M registrant set "$T/r4.csv" 2>"$T/err"
expect_eq post_missing_required_65 "$?" 65
check post_missing_named grep -q "missing: job_title, country" "$T/err"
expect_eq refusals_send_no_write "$(ops create_user_data)/$(ops update_user_data)" "0/0"
printf 'company_name,job_title,country,phone_zone,phone_number\nAcme,CEO,US,+1,5550100\n' > "$T/r5.csv"
M registrant set "$T/r5.csv" --dry-run > "$T/dry" 2>>"$LOG"
expect_eq dry_run_exit_0 "$?" 0
check dry_run_says_post grep -q '^would POST /v1/user/data: {"company_name":"Acme"' "$T/dry"
expect_eq dry_run_no_write "$(ops create_user_data)" 0
M registrant set "$T/r5.csv" >>"$LOG" 2>&1
expect_eq set_post_exit_0 "$?" 0
expect_eq set_post_once "$(ops create_user_data)" 1
printf 'job_title\nCTO\n' > "$T/r6.csv"
M registrant set "$T/r6.csv" > "$T/shown" 2>>"$LOG"
expect_eq set_patch_once "$(ops update_user_data)" 1
check patch_kept_others grep -q '^company_name *Acme$' "$T/shown"
check patch_changed grep -q '^job_title *CTO$' "$T/shown"
M registrant -o "$T/reg.csv" >>"$LOG" 2>&1
check registrant_csv_0600 sh -c "[ \"\$(stat -c %a '$T/reg.csv')\" = 600 ]"
M registrant set "$T/reg.csv" >>"$LOG" 2>&1
expect_eq registrant_csv_round_trip "$?" 0
M import domains "$T/d.csv" -o "$T/d.out" --yes >>"$LOG" 2>&1
expect_eq buy_with_registrant_exit_0 "$?" 0

# --- whoami -------------------------------------------------------------
M whoami > "$T/who" 2>>"$LOG"
check whoami_account grep -q '^email *sandbox@example.com$' "$T/who"
check whoami_source grep -q "^token *from --token-file $T/token\$" "$T/who"
MAILDOSO_TOKEN=pat_sandbox "$MF" --api-url "$MD_URL" whoami > "$T/who2" 2>>"$LOG"
check whoami_env_source grep -q '^token *from \$MAILDOSO_TOKEN$' "$T/who2"
COLDSEND_API_KEY=cs_live_sandbox "$MF" --provider coldsend --api-url "$CS_URL" whoami > "$T/who3" 2>>"$LOG"
check whoami_coldsend_key grep -q '^key *works' "$T/who3"

# --- token rotate: the read after the regenerate fails ------------------
cp "$T/token" "$T/token.orig"
M token rotate --retries 0 >>"$LOG" 2>"$T/err"
expect_eq rotate_read_fails_exit_3 "$?" 3
cat "$T/err" >> "$LOG"
check rotate_failure_says_state grep -q "Maildoso made a new PAT .* still holds the old token, unchanged, and the new one was not saved: read it with 'mailfleet token rotate --reread" "$T/err"
check rotate_file_unchanged cmp -s "$T/token" "$T/token.orig"
check rotate_no_new_file test ! -e "$T/token.new"
# the old PAT works until the new one is read: --reread installs it
M token rotate --reread >>"$LOG" 2>&1
expect_eq reread_exit_0 "$?" 0
check reread_file_changed sh -c "! cmp -s '$T/token' '$T/token.orig'"
check reread_file_0600 sh -c "[ \"\$(stat -c %a '$T/token')\" = 600 ]"
check reread_no_leftover test ! -e "$T/token.new"
new1=$(cat "$T/token")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $new1" "$MD_URL/v1/user/me")
expect_eq new_token_works "$st" 200
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/me")
expect_eq old_token_retired "$st" 401
# a rotation: 3 requests, plus the retry of the settings read the
# injected fault (--pat-fault settings=1, after every regenerate) fails
n3() { echo "$(ops regenerate_user_auth_pat)/$(ops get_user_settings)/$(ops get_user_profile)"; }
b=$(n3)
M token rotate >>"$LOG" 2>&1
expect_eq rotate_exit_0 "$?" 0
a=$(n3)
expect_eq rotate_three_requests "$(echo "$b $a" | awk -F'[ /]' '{print $4-$1 "/" $5-$2 "/" $6-$3}')" "1/2/1"
new2=$(cat "$T/token")
check rotate_new_value test "$new2" != "$new1"
M whoami >>"$LOG" 2>&1
expect_eq whoami_with_rotated_token "$?" 0
# FILE.new in the way: refused before any request
echo keep > "$T/token.new"
M token rotate 2>"$T/err"
expect_eq rotate_refuses_existing_new "$?" 3
check rotate_keeps_existing_new grep -qx keep "$T/token.new"
rm -f "$T/token.new"
"$MF" --api-url "$MD_URL" token rotate 2>"$T/err"
expect_eq rotate_needs_token_file_64 "$?" 64

# --- no token in any output ------------------------------------------
found=0
for s in pat_sandbox "$new1" "$new2" "$(cat "$T/token")"; do
	grep -qF -- "$s" "$LOG" "$T/err" "$T/who" "$T/who2" "$T/dry" && found=1
done
expect_eq no_token_in_outputs "$found" 0
finish
