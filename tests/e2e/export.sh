#!/bin/sh
# End-to-end: `mailfleet export` against the sandbox. 4,990 accounts
# seeded through --state (export_seed.awk); the export, over many pages
# fetched ahead in parallel, must equal what the sandbox itself lists;
# every format's header and rows; filters; --from conversion of a real
# `import accounts` result; a transiently failing page is retried.
. "$(dirname "$0")/lib.sh"

N=4990
awk -v n=$N -f "$ROOT/tests/e2e/export_seed.awk" > "$T/state.json"
cp "$T/state.json" "$T/state2.json"
need_sandbox --state "$T/state.json" --time-scale 100000 --rate coldsend=none
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off; }
# The sandbox's own answer: accounts-lookup without a limit is everything.
curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts-lookup" |
    jq -c '.items[]' > "$T/truth.jsonl"
expect_eq truth_has_all "$(wc -l < "$T/truth.jsonl")" $N

# 1. jsonl over 17 pages of 300, four fetchers: the same objects, in order.
MFX export accounts --format jsonl --page-size 300 -j 4 -o "$T/all.jsonl"
expect_eq jsonl_exit_0 "$?" 0
check jsonl_equals_sandbox cmp -s "$T/all.jsonl" "$T/truth.jsonl"
expect_eq jsonl_mode_0600 "$(stat -c %a "$T/all.jsonl")" 600
MFX export accounts --format jsonl --page-size 997 -j 1 > "$T/seq.jsonl"
check sequential_equals_sandbox cmp -s "$T/seq.jsonl" "$T/truth.jsonl"

# 2. raw CSV: one header, one row per account, fields flattened.
MFX export accounts --page-size 250 -o "$T/raw.csv"
expect_eq raw_rows "$(wc -l < "$T/raw.csv")" $((N + 1))
expect_eq raw_header "$(head -n 1 "$T/raw.csv")" "id,user_id,email_account,is_active,domain_id,vendor_uuid,forwarding_account_id,password,first_name,last_name,picture_url,is_premium_warmup,created_at,imap_host,imap_port,smtp_host,smtp_port,forwarding_account_email,reputation_test_google_score,reputation_test_microsoft_score,reputation_test_created_at,provider,status,is_admin,exported_to_sequencers_sequencer_id,exported_to_sequencers_sequencer_name,exported_to_sequencers_logo,exported_to_sequencers_status,exported_to_sequencers_created_at,cancellation_at"
expect_eq raw_row_forwarded "$(sed -n 7p "$T/raw.csv")" "1006,1,user000005@seed0000.com,true,101,,501,Pw000005Abcdefgh,First5,Last5,,false,2026-01-06T01:00:00Z,imap.s1.maildoso.com,993,smtp.maildoso.com,587,replies@maildoso.email,unmeasured,unmeasured,,maildoso,active,false,,,,,,"
expect_eq raw_row_google "$(grep '^1005,' "$T/raw.csv")" "1005,1,user000004@seed0000.com,true,101,,,Pw000004Abcdefgh,First4,Last4,,false,2026-01-05T01:00:00Z,imap.gmail.com,993,smtp.gmail.com,587,,unmeasured,unmeasured,,google,active,false,,,,,,"
expect_eq raw_mode_0600 "$(stat -c %a "$T/raw.csv")" 600
# Every address and password of the sandbox, in the same order.
jq -r '[.email_account, .password] | @csv' "$T/truth.jsonl" | tr -d '"' > "$T/want.pw"
cut -d, -f3,8 "$T/raw.csv" | tail -n +2 > "$T/got.pw"
check raw_credentials_equal_sandbox cmp -s "$T/got.pw" "$T/want.pw"

# --columns picks and orders, any header spelling; no password: 0644.
MFX export accounts --columns 'Status,email-account,IMAP Host' -o "$T/cols.csv"
expect_eq columns_header "$(head -n 1 "$T/cols.csv")" "status,email_account,imap_host"
expect_eq columns_row "$(sed -n 5p "$T/cols.csv")" "pending,user000003@seed0000.com,imap.s1.maildoso.com"
expect_eq columns_mode_0644 "$(stat -c %a "$T/cols.csv")" 644
MFX export accounts --columns email,nonesuch -o "$T/bad.csv" 2>/dev/null
expect_eq columns_unknown_exit_64 "$?" 64
check columns_unknown_no_file test ! -e "$T/bad.csv"

# 3. The sequencer formats: exact headers and rows.
MFX export accounts --format maildoso -o "$T/md.csv"
expect_eq maildoso_header "$(head -n 1 "$T/md.csv")" "email,first_name,last_name,imap_username,imap_password,imap_host,imap_port,smtp_username,smtp_password,smtp_host,smtp_port"
expect_eq maildoso_row "$(sed -n 2p "$T/md.csv")" "user000000@seed0000.com,First0,Last0,user000000@seed0000.com,Pw000000Abcdefgh,imap.s1.maildoso.com,993,user000000@seed0000.com,Pw000000Abcdefgh,smtp.maildoso.com,587"
expect_eq maildoso_rows "$(wc -l < "$T/md.csv")" $((N + 1))
MFX export accounts --format instantly -o "$T/in.csv"
expect_eq instantly_header "$(head -n 1 "$T/in.csv")" "Email,First Name,Last Name,IMAP Username,IMAP Password,IMAP Host,IMAP Port,SMTP Username,SMTP Password,SMTP Host,SMTP Port"
MFX export accounts --format instantly --daily-limit 30 --warmup 20,2 -o "$T/in2.csv"
expect_eq instantly_optional_header "$(head -n 1 "$T/in2.csv")" "Email,First Name,Last Name,IMAP Username,IMAP Password,IMAP Host,IMAP Port,SMTP Username,SMTP Password,SMTP Host,SMTP Port,Daily Limit,Warmup Enabled,Warmup Limit,Warmup Increment"
expect_eq instantly_optional_row "$(sed -n 201p "$T/in2.csv")" "user000199@seed0003.com,First199,Last199,user000199@seed0003.com,Pw000199Abcdefgh,imap.s4.maildoso.com,993,user000199@seed0003.com,Pw000199Abcdefgh,smtp.maildoso.com,587,30,TRUE,20,2"
MFX export accounts --format smartlead --daily-limit 40 --warmup off -o "$T/sl.csv"
expect_eq smartlead_header "$(head -n 1 "$T/sl.csv")" "from_name,from_email,user_name,password,smtp_host,smtp_port,imap_host,imap_port,max_email_per_day,custom_tracking_url,warmup_enabled,total_warmup_per_day,daily_rampup,reply_rate_percentage,bcc,signature,different_reply_to_address,imap_user_name,imap_password"
expect_eq smartlead_row "$(sed -n 3p "$T/sl.csv")" "First1 Last1,user000001@seed0000.com,user000001@seed0000.com,Pw000001Abcdefgh,smtp.maildoso.com,587,imap.s1.maildoso.com,993,40,,FALSE,,,,,,,,"
MFX export accounts --format generic -o "$T/gen.csv"
expect_eq generic_header "$(head -n 1 "$T/gen.csv")" "from_name,from_email,smtp_host,smtp_port,smtp_username,smtp_password,imap_host,imap_port,imap_username,imap_password"
expect_eq generic_row_google "$(sed -n 6p "$T/gen.csv")" "First4 Last4,user000004@seed0000.com,smtp.gmail.com,587,user000004@seed0000.com,Pw000004Abcdefgh,imap.gmail.com,993,user000004@seed0000.com,Pw000004Abcdefgh"
expect_eq generic_mode_0600 "$(stat -c %a "$T/gen.csv")" 600
MFX export accounts --format generic --excel -o "$T/genx.csv"
check excel_bom_crlf sh -c "head -c 3 '$T/genx.csv' | od -An -tx1 | grep -q 'ef bb bf' && head -n 1 '$T/genx.csv' | grep -q \"\$(printf '\r')\""
MFX export domains --format instantly -o "$T/x.csv" 2>/dev/null
expect_eq sequencer_format_needs_accounts "$?" 64

# 4. Filters (server-side where documented, checked again here).
want() { jq -r "select($1) | .email_account" "$T/truth.jsonl"; }
MFX export accounts --status pending --columns email_account -o "$T/f1.csv"
expect_eq filter_status "$(tail -n +2 "$T/f1.csv")" "$(want '.status == "pending"')"
MFX export accounts --provider google --status active,pending --columns email_account -o "$T/f2.csv"
expect_eq filter_provider "$(tail -n +2 "$T/f2.csv")" "$(want '.provider == "google"')"
MFX export accounts --domain SEED0042.com --columns email_account -o "$T/f3.csv"
expect_eq filter_domain "$(tail -n +2 "$T/f3.csv")" "$(want '.email_account | endswith("@seed0042.com")')"
MFX export accounts --keyword 'USER0012' --columns email_account -o "$T/f4.csv"
expect_eq filter_keyword "$(tail -n +2 "$T/f4.csv" | wc -l)" 100
MFX export accounts --created-since 2026-01-29 --created-until 2026-01-30 --columns email_account -o "$T/f5.csv"
expect_eq filter_created "$(tail -n +2 "$T/f5.csv")" "$(want '.created_at >= "2026-01-29" and .created_at < "2026-01-31"')"
printf 'email,note\nuser000010@seed0000.com,a\nUSER004000@seed0080.com,b\nnobody@x.com,c\n' > "$T/ids.csv"
MFX export accounts --ids "$T/ids.csv" --columns email_account -o "$T/f6.csv"
expect_eq filter_ids_by_email "$(tail -n +2 "$T/f6.csv" | tr '\n' ' ')" "user000010@seed0000.com user004000@seed0080.com "
printf 'id\n105\n150\n' > "$T/dids.csv"
MFX export domains --ids "$T/dids.csv" --columns id,domain_name -o "$T/f7.csv"
expect_eq filter_ids_domains "$(tail -n +2 "$T/f7.csv" | tr '\n' ' ')" "105,seed0004.com 150,seed0049.com "
MFX export accounts --domain not-mine.com -o "$T/f8.csv" 2>"$T/f8.err"
expect_eq filter_unknown_domain_exit_64 "$?" 64
check filter_unknown_domain_says grep -q 'no domain not-mine.com' "$T/f8.err"

# 5. Other kinds.
MFX export domains --columns domain_name,domain_status,name_servers -o "$T/d.csv"
expect_eq domains_rows "$(wc -l < "$T/d.csv")" $(( (N + 49) / 50 + 1))
expect_eq domains_row "$(sed -n 2p "$T/d.csv")" "seed0000.com,ACTIVE,ns1.maildoso.com;ns2.maildoso.com"
expect_eq domains_mode_0644 "$(stat -c %a "$T/d.csv")" 644
MFX export forwarding --columns email,attached_mailboxes_id -o "$T/fw.csv"
expect_eq forwarding_joined_list "$(sed -n 2p "$T/fw.csv" | cut -c1-48)" "replies@maildoso.email,1006;1019;1032;1045;1058;"
MFX export sequencers --columns platform,status -o "$T/sq.csv"
expect_eq sequencers_listed "$(tail -n +2 "$T/sq.csv" | tr '\n' ' ')" "smartlead, instantly, emailbison, reachinbox, lemlist, "
MFX export warmups -o "$T/wu.csv"
expect_eq warmups_header_only "$(cat "$T/wu.csv")" "warmup_id,warmup_meta_warmup_exclude,warmup_meta_api_key,user_id,is_active,ts_added,system_id"
MFX export sender-accounts -o "$T/sa.csv" 2>/dev/null
expect_eq maildoso_has_no_sender_accounts "$?" 64

# 6. --from: the result of a real import converts to exactly what the API
# export of the same accounts gives, without a request.
printf 'email,first_name,last_name,password\nann@seed0099.com,Ann,Lee,\nbob@seed0099.com,Bob,,Sup3rSecretPass\nbad@nowhere-zz.com,Bad,,\n' > "$T/new.csv"
MFX import accounts "$T/new.csv" -o "$T/new.result.csv" 2>/dev/null
check import_made_result grep -q '^ann@seed0099.com,Ann,Lee,,created,' "$T/new.result.csv"
before=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq .rate.maildoso.requests)
MFX export accounts --from "$T/new.result.csv" --format instantly -o "$T/conv.csv"
expect_eq from_exit_0 "$?" 0
after=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq .rate.maildoso.requests)
expect_eq from_makes_no_request "$after" "$before"
MFX export accounts --domain seed0099.com --keyword '@' --format instantly -o "$T/api.csv"
grep -v '^user' "$T/api.csv" > "$T/api2.csv"
check from_equals_api_export cmp -s "$T/conv.csv" "$T/api2.csv"
expect_eq from_rows "$(wc -l < "$T/conv.csv")" 3
check from_keeps_given_password grep -q '^bob@seed0099.com,Bob,,bob@seed0099.com,Sup3rSecretPass,' "$T/conv.csv"
expect_eq from_mode_0600 "$(stat -c %a "$T/conv.csv")" 600
MFX export accounts --from "$T/new.csv" --format generic -o "$T/x.csv" 2>/dev/null
check from_plain_input_converts test -s "$T/x.csv"
MFX export accounts --from "$T/nonesuch.csv" --format generic 2>/dev/null
expect_eq from_missing_file_66 "$?" 66
# The address as the provider created it (trimmed, lower case, punycode),
# not as the input spelt it.
printf 'domain\nm\303\274nchen.de\n' > "$T/idn.csv"
MFX import domains --yes "$T/idn.csv" -o "$T/idn.result.csv" 2>/dev/null
sleep 1
printf 'email,first_name,password\n"Eve@Seed0099.COM ",Eve,\n" dan@m\303\274nchen.de",Dan,\n' > "$T/raw.csv"
MFX import accounts "$T/raw.csv" -o "$T/raw.result.csv" 2>/dev/null
expect_eq raw_spellings_created "$(grep -c ',created,' "$T/raw.result.csv")" 2
MFX export accounts --from "$T/raw.result.csv" --format generic -o "$T/rawconv.csv"
expect_eq from_normalised_exit_0 "$?" 0
expect_eq from_normalised_addresses "$(tail -n +2 "$T/rawconv.csv" | cut -d, -f2,5,9 | tr '\n' ' ')" \
    "eve@seed0099.com,eve@seed0099.com,eve@seed0099.com dan@xn--mnchen-3ya.de,dan@xn--mnchen-3ya.de,dan@xn--mnchen-3ya.de "
for a in eve@seed0099.com dan@xn--mnchen-3ya.de; do
	expect_eq "from_address_exists_$a" "$(curl -s -H 'Authorization: Bearer pat_sandbox' \
	    "$MD_URL/v1/user/accounts-lookup?keyword=$a" | jq -r '.items[0].email_account')" "$a"
done

# 7. Transient failures: pages answered 500/502/503 or dropped are
# retried, never skipped: the export still equals the sandbox.
start_sandbox --state "$T/state2.json" --seed 7 --fault 500=0.15,503=0.1,drop=0.05 ||
    fail faulty_sandbox_starts
MFX export accounts --format jsonl --page-size 200 -j 4 -o "$T/faulty.jsonl"
expect_eq faulty_exit_0 "$?" 0
check faulty_equals_sandbox cmp -s "$T/faulty.jsonl" "$T/truth.jsonl"
faults=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '[.faults[]] | add')
check faults_were_injected test "$faults" -gt 0
# A listing that never answers: exit 3 and no output file.
start_sandbox --state "$T/state2.json" --fault 503=1 || fail dead_sandbox_starts
MFX export accounts -o "$T/dead.csv" 2>"$T/dead.err"
expect_eq failing_page_exit_3 "$?" 3
check failing_page_no_file test ! -e "$T/dead.csv"
check failing_page_says grep -q 'page 1 of the listing failed: HTTP 503' "$T/dead.err"
finish
