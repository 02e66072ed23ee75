#!/bin/sh
# End-to-end: `mailfleet --provider coldsend import smtp-accounts` (POST
# /sender-accounts/smtp/bulk, then the job's progress): the bridge from a
# real Maildoso `import accounts` result, mixed per-row results, requests,
# a job still running at --timeout and --resume, secrets; `delete
# sender-accounts` by email alone.
. "$(dirname "$0")/lib.sh"

# time scale 1000: a Maildoso domain is ACTIVE within a second, a ColdSend
# job processes a row every 5 ms.
need_sandbox --time-scale 1000 --rate coldsend=none \
    --smtp-reject smtp.refused.example
export COLDSEND_API_KEY=cs_live_sandbox
MD() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@"; }
# --rate: ColdSend's documented 1,000/h would space requests 3.6 s apart
CS() { "$MF" --provider coldsend --api-url "$CS_URL" "$@" --rate 200/s; }
ops() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq ".requests.by_operation[\"coldsend.$1\"] // {} | [.[]] | add // 0"; }
inboxes() { curl -s -H 'X-API-Key: cs_live_sandbox' "$CS_URL/sender-accounts?limit=100&page=${1:-1}"; }
# every output of the runs goes here, to be searched for the secrets
LOG="$T/all.log"
: > "$LOG"

# --- the bridge: a real Maildoso import result, as it is --------------
printf 'domain\nbridge1.com\n' > "$T/d.csv"
MD -q import domains "$T/d.csv" -o "$T/d.out" --yes >>"$LOG" 2>&1
MD -q wait domains "$T/d.csv" --interval 0.2 --timeout 60 -o "$T/w.out" >>"$LOG" 2>&1
printf 'email,first_name,last_name\na1@bridge1.com,Ann,One\na2@bridge1.com,Bob,Two\na3@bridge1.com,Cy,Three\n' > "$T/a.csv"
MD -q import accounts "$T/a.csv" -o "$T/md.out" >>"$LOG" 2>&1
expect_eq maildoso_accounts_created "$(grep -c ',created,' "$T/md.out")" 3
# the secrets of this test: the three Maildoso passwords
sed 1d "$T/md.out" | cut -d, -f9 > "$T/secrets"
expect_eq three_passwords "$(grep -c . "$T/secrets")" 3
CS -v import smtp-accounts "$T/md.out" -o "$T/s.out" --interval 0.5 >>"$LOG" 2>&1
expect_eq bridge_exit_0 "$?" 0
expect_eq bridge_3_created "$(grep -c ',created,,200,1,[0-9a-f-]\{36\},$' "$T/s.out")" 3
check bridge_result_0600 sh -c "[ \"\$(stat -c %a '$T/s.out')\" = 600 ]"
# one POST; the job (15 ms) is read once or, when the first read comes
# before its end, once more 0.5 s later; the key check and the listing
expect_eq bridge_one_post "$(ops create_smtp_bulk)" 1
check bridge_progress_reads_1_or_2 sh -c "[ $(ops smtp_bulk_progress) -ge 1 ] && [ $(ops smtp_bulk_progress) -le 2 ]"
expect_eq bridge_start_requests "$(ops list_domains)/$(ops list_sender_accounts)" "1/1"
inboxes > "$T/body"
expect_eq bridge_inboxes_at_coldsend "$(jq -r '[.sender_accounts[] | select(.email_address | endswith("@bridge1.com")) | "\(.email_address)/\(.display_name)/\(.inbox_type)"] | sort | join(" ")' "$T/body")" \
    "a1@bridge1.com/Ann One/CUSTOM_SMTP a2@bridge1.com/Bob Two/CUSTOM_SMTP a3@bridge1.com/Cy Three/CUSTOM_SMTP"

# --- mixed rows: offline refusals, a failed connection test, one that
# exists, types and limits ----------------------------------------------
cat > "$T/m.csv" <<'EOF'
email,display_name,smtp_host,smtp_port,smtp_username,smtp_password,imap_host,imap_port,inbox_type,daily_limit,smtp_use_tls
ok1@corp.example,Ok One,smtp.corp.example,587,,Secret-ok1-pw,imap.corp.example,993,OUTLOOK_365,40,true
bad@corp.example,Bad,smtp.refused.example,587,bad,Secret-bad-pw,,,,,
port@corp.example,Port,smtp.corp.example,99999,,Secret-port-pw,,,,,
url@corp.example,Url,https://smtp.corp.example,587,,Secret-url-pw,,,,,
type@corp.example,Type,smtp.corp.example,587,,Secret-type-pw,,,FAX,,
flag@corp.example,Flag,smtp.corp.example,587,,Secret-flag-pw,,,,,maybe
a1@bridge1.com,Again,smtp.corp.example,587,,Secret-again-pw,,,,,
nopw@corp.example,No Pw,smtp.corp.example,587,,,,,,,
EOF
grep -o 'Secret-[a-z0-9]*-pw' "$T/m.csv" >> "$T/secrets"
before=$(ops create_smtp_bulk)
CS -v import smtp-accounts "$T/m.csv" -o "$T/m.out" --interval 0.05 >>"$LOG" 2>&1
expect_eq mixed_exit_2 "$?" 2
st() { grep "^$1@" "$T/m.out" | cut -d, -f12-13; }
expect_eq mixed_created "$(st ok1 | cut -d, -f1)" created
check mixed_connection_test_failed sh -c "grep '^bad@' '$T/m.out' | grep -q ',failed,SMTP connection test failed: could not log in to smtp.refused.example,'"
check mixed_port_invalid sh -c "grep '^port@' '$T/m.out' | grep -q ',invalid,\"\\{0,1\\}column 4 (smtp_port): must be a port number'"
check mixed_url_invalid sh -c "grep '^url@' '$T/m.out' | grep -q ',invalid,\"column 3 (smtp_host): must be a host name, not a URL\"'"
check mixed_type_invalid sh -c "grep '^type@' '$T/m.out' | grep -q ',invalid,\"column 9 (inbox_type): must be GOOGLE_WORKSPACE'"
check mixed_flag_invalid sh -c "grep '^flag@' '$T/m.out' | grep -q ',invalid,column 11 (smtp_use_tls): must be true or false'"
check mixed_exists sh -c "grep '^a1@bridge1.com' '$T/m.out' | grep -q ',exists,'"
check mixed_no_password sh -c "grep '^nopw@' '$T/m.out' | grep -q ',invalid,column 6 (smtp_password): is empty'"
expect_eq mixed_one_post "$(( $(ops create_smtp_bulk) - before ))" 1
inboxes > "$T/body"
expect_eq mixed_type_and_limit "$(jq -r '.sender_accounts[] | select(.email_address == "ok1@corp.example") | "\(.inbox_type)/\(.daily_limit)"' "$T/body")" "OUTLOOK_365/40"
check mixed_refused_not_created sh -c "! jq -r '.sender_accounts[].email_address' '$T/body' | grep -q '^bad@'"

# --- 150 rows: two requests of at most 100 -------------------------------
{ echo "email,display_name,smtp_host,smtp_port,password"
	i=0; while [ $i -lt 150 ]; do echo "b$i@bulk.example,B $i,smtp.bulk.example,465,Secret-bulk-$i-pw"; i=$((i + 1)); done; } > "$T/b.csv"
before=$(ops create_smtp_bulk)
CS -q import smtp-accounts "$T/b.csv" -o "$T/b.out" --interval 0.05 >>"$LOG" 2>&1
expect_eq bulk_exit_0 "$?" 0
expect_eq bulk_150_created "$(grep -c ',created,' "$T/b.out")" 150
expect_eq bulk_two_posts "$(( $(ops create_smtp_bulk) - before ))" 2
check bulk_in_order sh -c "[ \"\$(sed -n '2p;151p' '$T/b.out' | cut -d, -f1 | tr '\n' ' ')\" = 'b0@bulk.example b149@bulk.example ' ]"
# a rerun sends nothing: every row is found in the one listing
before=$(ops create_smtp_bulk)
CS -q import smtp-accounts "$T/b.csv" -o "$T/b2.out" >>"$LOG" 2>&1
expect_eq rerun_150_exist "$(grep -c ',exists,' "$T/b2.out")" 150
expect_eq rerun_no_post "$(( $(ops create_smtp_bulk) - before ))" 0

# --- one row: POST /sender-accounts/smtp answers at once; no bulk, no job -
printf 'email,display_name,smtp_host,smtp_port,password\none@single.example,One,smtp.single.example,587,Secret-one-pw\n' > "$T/one.csv"
echo Secret-one-pw >> "$T/secrets"
allposts() { echo "$(ops create_smtp)/$(ops create_smtp_bulk)/$(ops smtp_bulk_progress)"; }
n0=$(ops create_smtp); b0=$(ops create_smtp_bulk); p0=$(ops smtp_bulk_progress)
CS -v import smtp-accounts "$T/one.csv" -o "$T/one.out" >>"$LOG" 2>&1
expect_eq one_exit_0 "$?" 0
expect_eq one_single_post "$(( $(ops create_smtp) - n0 ))" 1
expect_eq one_no_bulk_no_progress "$(( $(ops create_smtp_bulk) - b0 ))/$(( $(ops smtp_bulk_progress) - p0 ))" 0/0
id=$({ inboxes 1; inboxes 2; } | jq -r '.sender_accounts[] | select(.email_address == "one@single.example") | .inbox_id')
check one_created_with_id_and_status grep -q "^one@single.example,.*,created,,201,1,$id,[A-Z]\{1,\}\$" "$T/one.out"
check one_id_is_listed sh -c "[ -n '$id' ]"
# a rerun finds it in the listing and sends nothing
before=$(allposts)
CS -q import smtp-accounts "$T/one.csv" -o "$T/one2.out" >>"$LOG" 2>&1
check one_rerun_exists grep -q "^one@single.example,.*,exists,.*,$id," "$T/one2.out"
expect_eq one_rerun_sends_nothing "$(allposts)" "$before"
# ColdSend refuses the single request (its connection test fails): the
# row fails with its message and status
printf 'email,display_name,smtp_host,smtp_port,password\nno@single.example,No,smtp.refused.example,587,Secret-no-pw\n' > "$T/no.csv"
echo Secret-no-pw >> "$T/secrets"
n0=$(ops create_smtp); b0=$(ops create_smtp_bulk)
CS -q import smtp-accounts "$T/no.csv" -o "$T/no.out" >>"$LOG" 2>&1
expect_eq one_refused_exit_2 "$?" 2
check one_refused_message grep -q '^no@single.example,.*,failed,HTTP 400: SMTP connection test failed: could not log in to smtp.refused.example,400,1,' "$T/no.out"
expect_eq one_refused_single_post "$(( $(ops create_smtp) - n0 ))/$(( $(ops create_smtp_bulk) - b0 ))" 1/0

# --- delete by email, without a display_name column ----------------------
printf 'email\na2@bridge1.com\n' > "$T/del.csv"
CS -q delete sender-accounts "$T/del.csv" -o "$T/del.out" --yes >>"$LOG" 2>&1
expect_eq delete_without_name_exit_0 "$?" 0
check delete_without_name_deleted grep -q '^a2@bridge1.com,deleted,' "$T/del.out"
inboxes > "$T/body"
check delete_gone sh -c "! jq -r '.sender_accounts[].email_address' '$T/body' | grep -q '^a2@bridge1.com$'"

# --- secrets: in no output, log, error or ColdSend journal ----------------
# (Maildoso's journal keeps the passwords it generated, 0600, by design)
found=0
while read -r s; do
	for f in "$LOG" "$T"/s.out.journal "$T"/m.out.journal "$T"/b.out.journal \
	    "$T"/one.out.journal "$T"/no.out.journal; do
		grep -qF -- "$s" "$f" && { found=1; echo "secret in $f" >&2; }
	done
done < "$T/secrets"
expect_eq no_secret_in_logs_or_journals "$found" 0
check verbose_log_has_requests grep -q 'sender-accounts/smtp/bulk' "$LOG"

# --- a job still running at --timeout; --resume finds its rows -----------
# time scale 4: a row every 1.25 s, so two rows are not done at 0.3 s
need_sandbox --time-scale 4 --rate coldsend=none
printf 'email,display_name,smtp_host,smtp_port,password\nslow1@corp.example,S1,smtp.corp.example,587,Secret-slow1-pw\nslow2@corp.example,S2,smtp.corp.example,587,Secret-slow2-pw\n' > "$T/slow.csv"
CS -q import smtp-accounts "$T/slow.csv" -o "$T/slow.out" --timeout 0.3 --interval 0.1 2>"$T/slow.err"
expect_eq timeout_exit_2 "$?" 2
check timeout_progress_in_error grep -q "^slow1@corp.example,.*,failed,\"ColdSend's import job [0-9a-f-]* had not processed it at --timeout (processing, 0%, 0 of 2 rows processed); --resume looks it up first\"" "$T/slow.out"
check timeout_no_secret sh -c "! grep -q 'Secret-slow' '$T/slow.err' '$T/slow.out.journal'"
sleep 3		# the job finishes: 2 rows x 1.25 s
CS -q import smtp-accounts "$T/slow.csv" -o "$T/slow.out" --resume 2>>"$T/slow.err"
expect_eq resume_exit_0 "$?" 0
expect_eq resume_found_created "$(grep -c ',created,' "$T/slow.out")" 2
expect_eq resume_no_second_post "$(ops create_smtp_bulk)" 1
finish
