#!/bin/sh
# End-to-end: --state FILE survives a restart; SIGTERM/SIGINT stop the
# sandbox cleanly; a bad state file is refused.
. "$(dirname "$0")/lib.sh"

A='Authorization: Bearer pat_sandbox'
K='X-API-Key: cs_live_sandbox'
S="$T/state.json"
md() {
	_m=$1 _p=$2; shift 2
	curl -s -o "$T/body" -w '%{http_code}' -X "$_m" -H "$A" "$MD_URL$_p" "$@"
}
jstr() { grep -o "\"$1\":\"[^\"]*\"" "$T/body" | head -n 1 | sed 's/.*:"\(.*\)"$/\1/'; }

need_sandbox -q --time-scale 100000 --state "$S"
md POST /v1/user/domains -d '{"domains":["keep.com"]}' >/dev/null
sleep 0.4
md POST /v1/user/accounts -d '[{"email_account":"a@keep.com","password":"KeepPassword1"},{"email_account":"b@keep.com"},{"email_account":"g@keep.com","provider":"google"}]' >/dev/null
md DELETE /v1/user/accounts -d '[1002]' >/dev/null
md POST /v1/user/forwarding -d '{"email":"fw@maildoso.email"}' >/dev/null
md POST /v1/sequencers -d '{"platform":"smartlead","sequencer_login":"l","sequencer_password":"p"}' >/dev/null
md POST /v1/sequencers/export -d '{"sequencer_id":11,"account_ids":[1001]}' >/dev/null
md DELETE /v1/user/accounts -d '[1003]' >/dev/null
curl -s -o "$T/body" -H "$K" -X POST "$CS_URL/domains" -d '{"domain":"cs.keep.com"}'
csid=$(jstr domain_id)
md GET '/v1/user/accounts-lookup' >/dev/null
before=$(sed 's/"status":"[a-z_]*"//g' "$T/body")
sleep 0.5	# the state is saved within 250 ms of a change
check state_saved_while_running grep -q '"a@keep.com"' "$S"
kill -TERM "$SBX_PID"
wait "$SBX_PID"
expect_eq sigterm_exit_0 "$?" 0
check state_written test -s "$S"
check state_no_tmp_left test -z "$(find "$T" -name "$(basename "$S").tmp*")"
expect_eq state_mode_0600 "$(stat -c %a "$S")" 600

if ! start_sandbox -q --time-scale 100000 --state "$S"; then
	fail sandbox_restarts "$(cat "$T/sandbox.err")"
	finish
	exit 0
fi
md GET '/v1/user/accounts-lookup' >/dev/null
after=$(sed 's/"status":"[a-z_]*"//g' "$T/body")
expect_eq state_accounts_same "$after" "$before"
check state_password_kept grep -q '"password":"KeepPassword1"' "$T/body"
check state_google_scheduled grep -q '"cancel_scheduled"' "$T/body"
check state_export_kept grep -q '"exported_to_sequencers":\[{"sequencer_id":11' "$T/body"
md POST /v1/user/accounts -d '[{"email_account":"c@keep.com"}]' >/dev/null
check state_ids_not_reused grep -q '"id":1004' "$T/body"
expect_eq state_dup_refused "$(md POST /v1/user/accounts -d '[{"email_account":"a@keep.com"}]')" 422
md GET /v1/user/forwarding-lookup >/dev/null
check state_forwarding_kept grep -q '"email":"fw@maildoso.email"' "$T/body"
s=$(curl -s -o "$T/body" -w '%{http_code}' -H "$K" "$CS_URL/domains/$csid")
expect_eq state_coldsend_kept "$s" 200
kill -INT "$SBX_PID"
wait "$SBX_PID"
expect_eq sigint_exit_0 "$?" 0
check state_has_new_account grep -q '"c@keep.com"' "$S"

printf '{"format":"something-else"}' > "$T/bad.json"
"$SBX" --port 0 --state "$T/bad.json" >/dev/null 2>"$T/err"
expect_eq bad_state_exit_65 "$?" 65
check bad_state_message grep -q 'not a mailfleet-sandbox state file' "$T/err"
printf '{"format":' > "$T/bad.json"
"$SBX" --port 0 --state "$T/bad.json" >/dev/null 2>&1
expect_eq truncated_state_exit_65 "$?" 65
finish
