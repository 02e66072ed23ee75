#!/bin/sh
# End-to-end (issue 14): warm-up services (import / update / delete
# warmups) and sequencer connections (import / update sequencers) from
# CSV, then `push --sequencer instantly` to the sequencer the import
# connected, with no other step. Refusals offline (system_id, api_key for
# smartlead only, platform, login, password), re-runs that find what is
# there, --dry-run, --resume after an interrupted run, request counts
# (/_sandbox/stats), results 0600 and no api_key or password in any
# output, log or error.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -v --progress never --api-url "$MD_URL" --token-file "$T/token" "$@"; }
run() { _n=$1; shift; MFX "$@" >"$T/logs/$_n.out" 2>"$T/logs/$_n.err"; }
# list PATH: a listing, asked again while a fault drops it (bounded)
list() {
	_i=0
	while [ $_i -lt 50 ] && ! curl -sf -H 'Authorization: Bearer pat_sandbox' \
	    "$MD_URL$1" >"$T/list.json"; do _i=$((_i + 1)); done
	cat "$T/list.json"
}
warmups() { list /v1/user/services/warmups; }
mkdir "$T/logs"
printf 'platform,sequencer_login,sequencer_password\nlemlist,l@acme.example,SeqSecret!Pw3\n' > "$T/sl.csv"
KEY1=sl_SecretKeyOne111 KEY2=sl_SecretKeyTwo222 BADKEY=lw_SecretKeyBad333

# --- import warmups ------------------------------------------------------------
cat > "$T/w.csv" <<CSV
system_id,warmup_exclude,api_key
smartlead,wu-a; wu-b ;,$KEY1
Instantly,inst-1,
lemwarm,lw,$BADKEY
smartlead2,,
allegrow,,
CSV
printf 'system_id\nsmartlead\n' > "$T/wsl.csv"
run wsl import warmups "$T/wsl.csv" -o "$T/wsl.out"
expect_eq smartlead_without_key_exit_2 "$?" 2
check smartlead_without_key_refused grep -q '^smartlead,invalid,smartlead needs an api_key,' "$T/wsl.out"
bp=$(sbx_ops create_warmup_services)
run wdry import warmups "$T/w.csv" --dry-run
expect_eq warmups_dry_run_exit_2 "$?" 2
check warmups_dry_run_plans grep -q '^Instantly,inst-1,,planned,would be created,' "$T/w.csv.plan.csv"
check warmups_plan_blanks_keys sh -c "! grep -q SecretKey '$T/w.csv.plan.csv'"
expect_eq warmups_dry_run_sends_none "$(sbx_ops create_warmup_services)" "$bp"
run wchk check warmups "$T/w.csv" -o "$T/w.check"
expect_eq check_warmups_exit_2 "$?" 2
expect_eq check_warmups_result_0600 "$(stat -c %a "$T/w.check")" 600
run schk check sequencers "$T/sl.csv" -o "$T/s.check"
expect_eq check_sequencers_result_0600 "$(stat -c %a "$T/s.check")" 600
b=$(sbx_requests)
run wimp import warmups "$T/w.csv" -o "$T/w.out"
expect_eq warmups_import_exit_2 "$?" 2
expect_eq warmups_import_statuses "$(csv_col "$T/w.out" status)" "created created invalid invalid created"
check warmups_key_refused_offline grep -q '^lemwarm,lw,lw_SecretKeyBad333,invalid,column 3 (api_key): api_key is only accepted for smartlead,' "$T/w.out"
check warmups_bad_system grep -q '^smartlead2,,,invalid,"column 1 (system_id): system_id must be one of ' "$T/w.out"
expect_eq warmups_result_0600 "$(stat -c %a "$T/w.out")" 600
# three rows, one POST (the start: me and the warm-up list)
expect_eq warmups_one_post "$(($(sbx_ops create_warmup_services) - bp))" 1
expect_eq warmups_requests_total "$(($(sbx_requests) - b))" 3
expect_eq warmups_at_provider "$(warmups | jq -c '[.[] | [.system_id, .warmup_meta.warmup_exclude, .warmup_meta.api_key]]')" \
    "[[\"smartlead\",[\"wu-a\",\"wu-b\"],\"$KEY1\"],[\"instantly\",[\"inst-1\"],null],[\"allegrow\",[],null]]"
expect_eq warmups_ids_in_result "$(csv_col "$T/w.out" warmup_id | wc -w)" 3
run wre import warmups "$T/w.csv" -o "$T/w2.out"
expect_eq warmups_rerun_exists "$(csv_col "$T/w2.out" status)" "exists exists invalid invalid exists"
expect_eq warmups_rerun_no_post "$(($(sbx_ops create_warmup_services) - bp))" 1

# --- update warmups ------------------------------------------------------------
id_sl=$(warmups | jq -r '.[] | select(.system_id == "smartlead") | .warmup_id')
id_in=$(warmups | jq -r '.[] | select(.system_id == "instantly") | .warmup_id')
id_al=$(warmups | jq -r '.[] | select(.system_id == "allegrow") | .warmup_id')
cat > "$T/wu.csv" <<CSV
warmup_id,system_id,warmup_exclude,api_key
$id_sl,smartlead,new-a,$KEY2
$id_in,instantly,new-b;new-c,
00000000-0000-4000-8000-000000000000,custom,x,
,custom,y,
CSV
bp=$(sbx_ops update_warmup_services)
run wupd update warmups "$T/wu.csv" -o "$T/wu.out"
expect_eq warmups_update_exit_2 "$?" 2
expect_eq warmups_update_statuses "$(csv_col "$T/wu.out" status)" "updated updated failed invalid"
check warmups_update_unknown grep -q '^00000000-0000-4000-8000-000000000000,.*,failed,no such warm-up service at Maildoso,' "$T/wu.out"
check warmups_update_needs_id grep -q '^,custom,y,,invalid,column 1 (warmup_id): warmup_id is empty,' "$T/wu.out"
expect_eq warmups_update_one_put "$(($(sbx_ops update_warmup_services) - bp))" 1
expect_eq warmups_updated_at_provider "$(warmups | jq -c --arg i "$id_sl" '.[] | select(.warmup_id == $i) | [.warmup_meta.warmup_exclude, .warmup_meta.api_key]')" \
    "[[\"new-a\"],\"$KEY2\"]"

# --- delete warmups, an interrupted run resumed ------------------------------
printf 'warmup_id,system_id\n%s,\n,instantly\nno-such-id,\n' "$id_al" > "$T/wd.csv"
run wdel delete warmups "$T/wd.csv" --yes -j 1 -o "$T/wd.out"
expect_eq warmups_delete_exit_2 "$?" 2
expect_eq warmups_delete_statuses "$(csv_col "$T/wd.out" status)" "deleted deleted failed"
expect_eq warmups_left "$(warmups | jq -r '[.[].system_id] | join(" ")')" smartlead
run wdel2 delete warmups "$T/wd.csv" --yes --resume -o "$T/wd.out"
expect_eq warmups_delete_resume_same "$(csv_col "$T/wd.out" status)" "deleted deleted failed"

# --- sequencers, then push -----------------------------------------------------
printf 'domain\nws.com\n' > "$T/d.csv"
run dom import domains --yes "$T/d.csv" -o "$T/d.out"
sleep 1
printf 'email\np1@ws.com\np2@ws.com\n' > "$T/a.csv"
run acc import accounts "$T/a.csv" -o "$T/a.out"
run push0 push "$T/a.csv" --sequencer instantly --interval 0.1 --timeout 30 -o "$T/p0.out"
expect_eq push_before_connecting_fails "$?" 64
SPW1='SeqSecret!Pw1' SPW2='SeqSecret!Pw2' SKEY=inst_SecretApiKey444
cat > "$T/s.csv" <<CSV
platform,sequencer_login,sequencer_password,sequencer_workspace,api_key
instantly,ops@acme.example,$SPW1,Main,$SKEY
Smart Lead,x,y,,
lemlist,ops@acme.example,,,
CSV
bs=$(sbx_ops add_sequencer_v1_sequencers_post)
run simp import sequencers "$T/s.csv" -o "$T/s.out"
expect_eq sequencers_import_exit_2 "$?" 2
expect_eq sequencers_import_statuses "$(csv_col "$T/s.out" status)" "created invalid invalid"
check sequencers_bad_platform grep -q '^Smart Lead,.*,invalid,column 1 (platform): platform must be a lower-case name' "$T/s.out"
check sequencers_no_password grep -q '^lemlist,.*,invalid,column 3 (sequencer_password): sequencer_password is empty,' "$T/s.out"
expect_eq sequencers_result_0600 "$(stat -c %a "$T/s.out")" 600
expect_eq sequencers_one_post "$(($(sbx_ops add_sequencer_v1_sequencers_post) - bs))" 1
sid=$(csv_col "$T/s.out" id | cut -d' ' -f1)
run sre import sequencers "$T/s.csv" -o "$T/s2.out"
check sequencers_rerun_exists grep -q '^instantly,.*,exists,already exists at Maildoso,200,0,'"$sid"',active$' "$T/s2.out"
run push push "$T/a.csv" --sequencer instantly --interval 0.1 --timeout 30 -o "$T/p.out"
expect_eq push_after_import_exit_0 "$?" 0
expect_eq push_completed "$(csv_col "$T/p.out" status)" "completed completed"
printf 'platform,sequencer_login,sequencer_password\ninstantly,ops2@acme.example,%s\nemailbison,z,w\n' "$SPW2" > "$T/su.csv"
run supd update sequencers "$T/su.csv" -o "$T/su.out"
expect_eq sequencers_update_exit_2 "$?" 2
expect_eq sequencers_update_statuses "$(csv_col "$T/su.out" status)" "updated failed"
check sequencers_update_not_connected grep -q '^emailbison,.*,failed,no such connected sequencer at Maildoso,' "$T/su.out"
expect_eq sequencer_updated_at_provider "$(curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/sequencers" |
    jq -r '.[] | select(.platform == "instantly") | "\(.id) \(.sequencer_login) \(.sequencer_password)"')" "$sid ops2@acme.example $SPW2"
printf 'id,platform,sequencer_login,sequencer_password\n%s,instantly,ops3@acme.example,%s\n' "$sid" "$SPW1" > "$T/si.csv"
run sid update sequencers "$T/si.csv" -o "$T/si.out"
expect_eq sequencers_update_by_id_exit_0 "$?" 0

# --- answers lost after the change (commit-drop): reconciled, no duplicate --
cp "$T/sandbox.err" "$T/logs/sandbox1.err"
start_sandbox --time-scale 100000 --fault commit-drop=0.4 --seed 1 ||
    fail faulty_sandbox_starts "$(cat "$T/sandbox.err")"
printf 'system_id,warmup_exclude,api_key\nsmartlead,a,%s\ninstantly,b,\nlemwarm,c,\n' "$KEY1" > "$T/wf.csv"
run wfault import warmups "$T/wf.csv" -j 1 --retries 20 -o "$T/wf.out"
expect_eq faults_warmups_exit_0 "$?" 0
expect_eq faults_warmups_created "$(csv_col "$T/wf.out" status)" "created created created"
expect_eq faults_warmups_once_each "$(warmups | jq -r '[.[].system_id] | sort | join(" ")')" "instantly lemwarm smartlead"
check faults_were_injected sh -c "[ \"\$(curl -s http://127.0.0.1:$PORT/_sandbox/stats | jq '.faults[\"commit-drop\"]')\" -gt 0 ]"
printf 'platform,sequencer_login,sequencer_password\ninstantly,i@acme.example,%s\nlemlist,l@acme.example,%s\n' "$SPW1" "$SPW2" > "$T/sf.csv"
run sfault import sequencers "$T/sf.csv" -j 1 --retries 20 -o "$T/sf.out"
expect_eq faults_sequencers_exit_0 "$?" 0
expect_eq faults_sequencers_created "$(csv_col "$T/sf.out" status)" "created created"
expect_eq faults_sequencers_once_each "$(list /v1/sequencers |
    jq '[.[] | select(.id != null)] | length')" 2
check faults_some_create_reconciled grep -qE ' [1-9][0-9]* reconciled' "$T/logs/wfault.err" "$T/logs/sfault.err"

# --- no secret in any output, log or error ------------------------------------
cat "$T"/logs/* "$T/sandbox.out" "$T/sandbox.err" > "$T/all.log"
check logs_were_verbose grep -q ' http: ' "$T/all.log"
k=0
for s in "$KEY1" "$KEY2" "$BADKEY" "$SPW1" "$SPW2" "$SKEY" pat_sandbox; do
	k=$((k + 1))
	check "no_secret_in_logs_$k" sh -c "! grep -qF -- '$s' '$T/all.log'"
done
finish
