#!/bin/sh
# End-to-end (issue 14): `mailfleet totp accounts`, `update forwarding`
# (new passwords, sent in the query string the API wants: never logged),
# `update accounts` changing only forwarding links in batches
# (PUT /v1/user/accounts/forwarding) and setting is_premium_warmup and
# picture_url. Results are mode 0600; no secret is in any output, log or
# error of the runs; request counts come from /_sandbox/stats.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -v --progress never --api-url "$MD_URL" --token-file "$T/token" "$@"; }
mode() { stat -c %a "$1"; }
# the run's stdout and stderr are kept in $T/logs/ for the secrets check
run() { _n=$1; shift; MFX "$@" >"$T/logs/$_n.out" 2>"$T/logs/$_n.err"; }
mkdir "$T/logs"

printf 'domain\ntf.com\n' > "$T/d.csv"
run dom import domains --yes "$T/d.csv" -o "$T/d.out"
sleep 1
printf 'email,provider\ng1@tf.com,google\ng2@tf.com,google\nm1@tf.com,maildoso\nm2@tf.com,\nm3@tf.com,\nm4@tf.com,\n' > "$T/a.csv"
run acc import accounts "$T/a.csv" -o "$T/a.out"
expect_eq accounts_created "$(grep -c ',created,' "$T/a.out")" 6
sleep 2		# pending -> active (provider time runs 100000x)
id_g1=$(grep '^g1@tf.com,' "$T/a.out" | cut -d, -f7)
printf 'email\ng2@tf.com\n' > "$T/del.csv"
run del delete accounts "$T/del.csv" --yes -o "$T/del.out"	# Google: lingers, not active

# --- totp accounts -----------------------------------------------------------
printf 'email,id\ng1@tf.com,\n,%s\nm1@tf.com,\ng2@tf.com,\nnobody@tf.com,\n' "$id_g1" > "$T/t.csv"
b=$(sbx_requests); bt=$(sbx_ops generate_account_totp_v1_user_accounts__account_id__totp_get)
run totp totp accounts "$T/t.csv" -o "$T/t.out"
expect_eq totp_exit_2 "$?" 2
expect_eq totp_statuses "$(csv_col "$T/t.out" status)" "generated generated failed failed failed"
expect_eq totp_result_0600 "$(mode "$T/t.out")" 600
code=$(csv_col "$T/t.out" totp | cut -d' ' -f1)
check totp_code_digits sh -c "echo '$code' | grep -qE '^[0-9]{6}$'"
exp=$(csv_col "$T/t.out" expires_at | cut -d' ' -f1)
expect_eq totp_expires_at_iso "$(csv_col "$T/t.out" expires_at_utc | cut -d' ' -f1)" \
    "$(date -u -d "@$exp" +%Y-%m-%dT%H:%M:%SZ)"
check totp_maildoso_reason grep -q '^m1@tf.com,,failed,HTTP 400: TOTP is only supported for Google accounts,400,' "$T/t.out"
check totp_not_active_reason grep -q '^g2@tf.com,,failed,HTTP 400: Email account is not active,400,' "$T/t.out"
check totp_unknown grep -q '^nobody@tf.com,,failed,no such account at Maildoso,' "$T/t.out"
# one GET a row sent (4), the start (me, domains) and one account listing
expect_eq totp_requests_per_row "$(($(sbx_ops generate_account_totp_v1_user_accounts__account_id__totp_get) - bt))" 4
expect_eq totp_requests_total "$(($(sbx_requests) - b))" 7
check totp_no_journal test ! -e "$T/t.out.journal"
run totp_resume totp accounts "$T/t.csv" --resume -o "$T/t2.out"
expect_eq totp_resume_refused_64 "$?" 64
bt=$(sbx_ops generate_account_totp_v1_user_accounts__account_id__totp_get)
run totp_dry totp accounts "$T/t.csv" --dry-run
expect_eq totp_dry_run_exit_2 "$?" 2
check totp_dry_run_plans grep -q '^g1@tf.com,,planned,would be read,' "$T/t.csv.plan.csv"
expect_eq totp_dry_run_sends_none "$(sbx_ops generate_account_totp_v1_user_accounts__account_id__totp_get)" "$bt"

# --- update forwarding ---------------------------------------------------------
printf 'email\nf1@maildoso.email\nf2@maildoso.email\nf3@maildoso.email\n' > "$T/f.csv"
run fwd import forwarding "$T/f.csv" -o "$T/f.out"
id_f2=$(grep '^f2@maildoso.email,' "$T/f.out" | cut -d, -f6)
PW1=FwdSecretPassw0rd17 PW2=FwdSecretPassw0rd28 WEAK=weakfwdsecret
printf 'email,id,password\nf1@maildoso.email,,%s\n,%s,%s\nf3@maildoso.email,,%s\nnone@maildoso.email,,FwdNobodyPassw0rd9\n' \
    "$PW1" "$id_f2" "$PW2" "$WEAK" > "$T/fp.csv"
b=$(sbx_ops reset_forwarding_account_password)
run fpw update forwarding "$T/fp.csv" -o "$T/fp.out"
expect_eq fwd_password_exit_2 "$?" 2
expect_eq fwd_password_statuses "$(csv_col "$T/fp.out" status)" "updated updated invalid failed"
expect_eq fwd_password_0600 "$(mode "$T/fp.out")" 600
expect_eq fwd_password_journal_0600 "$(mode "$T/fp.out.journal")" 600
check fwd_weak_refused_offline grep -q '^f3@maildoso.email,,weakfwdsecret,invalid,column 3 (password): password has no upper-case letter or digit,' "$T/fp.out"
expect_eq fwd_password_one_post_a_row "$(($(sbx_ops reset_forwarding_account_password) - b))" 2
fwd_pw() {
	curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts/forwarding" |
	    jq -r --arg e "$1" '.[] | select(.email == $e) | .password'
}
expect_eq fwd_password_at_provider "$(fwd_pw f1@maildoso.email) $(fwd_pw f2@maildoso.email)" "$PW1 $PW2"
check fwd_log_names_query_not_values grep -q 'POST .*/v1/user/forwarding/password?account_id=\[redacted\]&new_password=\[redacted\]' "$T/logs/fpw.err"
printf 'email,password\nf3@maildoso.email,\n' > "$T/fn.csv"
run fnew update forwarding "$T/fn.csv" --new-passwords -o "$T/fn.out"
expect_eq fwd_new_passwords_exit_0 "$?" 0
GEN=$(csv_col "$T/fn.out" password_2)
check fwd_generated_to_rule sh -c "echo '$GEN' | grep -qE '^[A-Za-z0-9]{16}$'"
expect_eq fwd_generated_at_provider "$(fwd_pw f3@maildoso.email)" "$GEN"
run fnone update forwarding "$T/fn.csv" -o "$T/fn2.out"
expect_eq fwd_no_password_exit_2 "$?" 2
check fwd_no_password_invalid grep -q 'invalid,column 2 (password): no new password: give one or use --new-passwords' "$T/fn2.out"

# --- update accounts: forwarding links in batches ---------------------------
printf 'email,forwarding\nm1@tf.com,f1@maildoso.email\nm2@tf.com,f2@maildoso.email\nm3@tf.com,f1@maildoso.email\nm4@tf.com,f2@maildoso.email\ng1@tf.com,f1@maildoso.email\n' > "$T/l.csv"
b=$(sbx_requests); bl=$(sbx_ops update_forwarding_accounts); bu=$(sbx_ops update_email_accounts)
run links update accounts "$T/l.csv" --batch 2 -o "$T/l.out"
expect_eq links_exit_0 "$?" 0
expect_eq links_updated "$(csv_col "$T/l.out" status)" "updated updated updated updated updated"
# 5 rows, --batch 2: ceil(5/2) = 3 PUTs, no PUT a row; plus the start
# (me, forwarding list, domains) and one account listing
expect_eq links_batched "$(($(sbx_ops update_forwarding_accounts) - bl))" 3
expect_eq links_no_single_put "$(($(sbx_ops update_email_accounts) - bu))" 0
expect_eq links_requests_total "$(($(sbx_requests) - b))" 7
fwd_of() {
	curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts-lookup?keyword=$1&exact_match=true" |
	    jq -r '.items[0].forwarding_account.email'
}
expect_eq links_at_provider "$(fwd_of m2%40tf.com) $(fwd_of g1%40tf.com)" "f2@maildoso.email f1@maildoso.email"
# a file mixing link-only rows and other changes: the links still batch
printf 'email,forwarding,first_name\nm1@tf.com,f2@maildoso.email,\nm2@tf.com,f1@maildoso.email,Mo\nm3@tf.com,f2@maildoso.email,\nm4@tf.com,nope@maildoso.email,\n' > "$T/lm.csv"
bl=$(sbx_ops update_forwarding_accounts); bu=$(sbx_ops update_email_accounts)
run mixed update accounts "$T/lm.csv" -o "$T/lm.out"
expect_eq mixed_exit_2 "$?" 2
expect_eq mixed_statuses "$(csv_col "$T/lm.out" status)" "updated updated updated failed"
expect_eq mixed_one_batch "$(($(sbx_ops update_forwarding_accounts) - bl)) $(($(sbx_ops update_email_accounts) - bu))" "1 1"
check mixed_unknown_inbox grep -q '^m4@tf.com,nope@maildoso.email,,failed,forwarding inbox nope@maildoso.email does not exist,' "$T/lm.out"

# --- update accounts: is_premium_warmup, picture_url --------------------------
printf 'email,is_premium_warmup,picture_url\nm1@tf.com,true,https://img.example/m1.png\nm2@tf.com,no,\nm3@tf.com,maybe,\nm4@tf.com,,ftp://bad\n' > "$T/pp.csv"
run prem update accounts "$T/pp.csv" -o "$T/pp.out"
expect_eq premium_exit_2 "$?" 2
expect_eq premium_statuses "$(csv_col "$T/pp.out" status)" "updated updated invalid invalid"
check premium_bad_value grep -q '^m3@tf.com,maybe,,invalid,column 2 (is_premium_warmup): is_premium_warmup must be true or false,' "$T/pp.out"
check picture_bad_value grep -q '^m4@tf.com,,ftp://bad,invalid,"column 3 (picture_url): picture_url must be an http(s) URL' "$T/pp.out"
acct() {
	curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts-lookup?keyword=$1&exact_match=true" |
	    jq -r '.items[0] | "\(.is_premium_warmup) \(.picture_url)"'
}
expect_eq premium_at_provider "$(acct m1%40tf.com) $(acct m2%40tf.com)" "true https://img.example/m1.png false null"

# --- no secret in any output, log or error ------------------------------------
cat "$T"/logs/* "$T/sandbox.out" "$T/sandbox.err" > "$T/all.log"
check logs_were_verbose grep -q ' http: ' "$T/all.log"
k=0
for s in "$PW1" "$PW2" "$WEAK" "$GEN" "$code" pat_sandbox; do
	k=$((k + 1))
	check "no_secret_in_logs_$k" sh -c "! grep -qF -- '$s' '$T/all.log'"
done
finish
