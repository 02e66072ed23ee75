#!/bin/sh
# End-to-end: the sandbox's Maildoso API driven with curl - each
# operation's success and documented error answers, and the lifecycles at
# a large --time-scale.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --seed 3 -q --require-registrant

# --- authentication -----------------------------------------------------
st=$(curl -s -o "$T/body" -w '%{http_code}' "$MD_URL/v1/user/me")
expect_eq auth_missing_401 "$st" 401
check auth_401_detail has '"detail":"'
st=$(curl -s -o "$T/body" -w '%{http_code}' -H 'Authorization: Bearer nope' \
    "$MD_URL/v1/user/me")
expect_eq auth_wrong_token_401 "$st" 401
expect_eq me_200 "$(md GET /v1/user/me)" 200
expect_eq me_id "$(jnum id)" 1
expect_eq unknown_path_404 "$(md GET /v1/nothing)" 404
expect_eq wrong_method_405 "$(md PATCH /v1/user/me)" 405

# --- user data, settings, PAT, stats ------------------------------------
expect_eq data_empty_null "$(md GET /v1/user/data; cat "$T/body")" "200null"
expect_eq data_post_422_missing "$(md POST /v1/user/data -d '{"company_name":"Acme"}')" 422
check data_post_422_loc has '"loc":\["body","job_title"\],"msg":"Field required","type":"missing"'
check data_post_422_country has '"loc":\["body","country"\]'
expect_eq data_post_422_pattern "$(md POST /v1/user/data -d '{"company_name":"A","job_title":"B","country":"us"}')" 422
check data_pattern_msg has 'string_pattern_mismatch'
expect_eq data_post_200 "$(md POST /v1/user/data -d '{"company_name":"Acme","job_title":"CEO","country":"US","first_name":"Ann","phone_zone":"+1","phone_number":"5550100"}')" 200
expect_eq data_post_company "$(jstr company_name)" Acme
expect_eq data_patch_200 "$(md PATCH /v1/user/data -d '{"job_title":"CTO"}')" 200
expect_eq data_patch_kept "$(jstr company_name)/$(jstr job_title)" Acme/CTO
expect_eq data_patch_422 "$(md PATCH /v1/user/data -d '{"phone_number":"12"}')" 422
expect_eq settings_200 "$(md GET /v1/user/settings)" 200
expect_eq settings_pat "$(jstr value)" pat_sandbox
expect_eq regen_204 "$(md POST /v1/user/regenerate_auth_pat)" 204
md GET /v1/user/settings >/dev/null
newpat=$(jstr value)
check regen_new_pat test "$newpat" != pat_sandbox
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $newpat" "$MD_URL/v1/user/me")
expect_eq regen_new_pat_works "$st" 200
expect_eq stats_200 "$(md GET /v1/user/stats)" 200
check stats_quota has '"domains":{"total":1000,"in_use":0}'

# --- domains: buy, blocked TLD, list, filters ---------------------------
expect_eq buy_blocked_422 "$(md POST /v1/user/domains -d '{"domains":["ok.com","bad.xyz"]}')" 422
check buy_blocked_loc has '"loc":\["body","domains",1\]'
expect_eq buy_empty_422 "$(md POST /v1/user/domains -d '{"domains":[]}')" 422
check buy_empty_too_short has 'too_short'
expect_eq buy_202 "$(md POST /v1/user/domains -d '{"domains":["alpha.com","Beta.io","taken-name.com","alpha.com"],"redirect_to":["https://alpha.example"]}')" 202
expect_eq buy_results "$(jcount '"result":"success"')/$(jcount '"result":"failure"')" 2/2
check buy_task_id has '"task_id":"[0-9a-f-]\{36\}"'
check buy_ordered_status_via_list true
expect_eq buy_again_failure "$(md POST /v1/user/domains -d '{"domains":["alpha.com"]}')/$(jstr result)" 202/failure
expect_eq list_200 "$(md GET '/v1/user/domains?order_by=-domain_name')" 200
expect_eq list_order "$(grep -o '"domain_name":"[a-z.]*"' "$T/body" | tr '\n' ' ')" '"domain_name":"beta.io" "domain_name":"alpha.com" '
expect_eq list_keyword "$(md GET '/v1/user/domains?keyword=alp' >/dev/null; jcount '"domain_name"')" 1
expect_eq list_exact_miss "$(md GET '/v1/user/domains?keyword=alp&exact_match=true' >/dev/null; jcount '"domain_name"')" 0
expect_eq list_bad_order_422 "$(md GET '/v1/user/domains?order_by=name')" 422
expect_eq list_bad_type_422 "$(md GET '/v1/user/domains?domain_type=FOO')" 422
expect_eq list_ids "$(md GET '/v1/user/domains?ids=102' >/dev/null; jstr domain_name)" beta.io
# An id past 64 bits is no int (it was clamped to LLONG_MAX and matched nothing).
expect_eq list_ids_overflow_422 "$(md GET '/v1/user/domains?ids=99999999999999999999')" 422
check list_ids_overflow_type has '"loc":\["query","ids",0\]'
today=$(date -u +%Y-%m-%d)
expect_eq list_created_bad_422 "$(md GET '/v1/user/domains?created_at=2024-13-01')" 422
sleep 0.3	# 25 provider minutes pass in 15 ms; allow slack
md GET '/v1/user/domains?keyword=alpha.com&exact_match=true' >/dev/null
expect_eq domain_lifecycle_active "$(jstr domain_status)" ACTIVE
check domain_redirect has '"redirect_to":"https://alpha.example"'
expect_eq put_domain_204 "$(md PUT /v1/user/domains -d '[{"id":101,"redirect_to":"https://new.example"}]')" 204
md GET '/v1/user/domains?ids=101' >/dev/null
check put_domain_applied has '"redirect_to":"https://new.example"'
expect_eq put_domain_unknown_422 "$(md PUT /v1/user/domains -d '[{"id":9999}]')" 422
expect_eq put_domain_bad_url_422 "$(md PUT /v1/user/domains -d '[{"id":101,"redirect_to":"ftp://x"}]')" 422
expect_eq tracking_204 "$(md PUT '/v1/user/domains/tracking?state=false')" 204
md GET '/v1/user/domains?ids=101' >/dev/null
check tracking_applied has '"enable_tracking":false'
expect_eq tracking_bad_422 "$(md PUT '/v1/user/domains/tracking?state=maybe')" 422
expect_eq search_200 "$(md POST /v1/user/domains/search -d '{"domains":["fresh.com","alpha.com"],"add_variations":3}')" 200
expect_eq search_items "$(jcount '"name"')" 8
check search_alpha_taken has '"name":"alpha.com","status":"ok","available":"false"'
expect_eq search_bad_422 "$(md POST /v1/user/domains/search -d '{"domains":["a.com"],"add_variations":101}')" 422
expect_eq avail_200 "$(md GET '/v1/user/domains/provider-availability?domains=alpha.com&domains=new.net')" 200
check avail_both has '"new.net":{"GOOGLE":true,"MAILDOSO":true}'
expect_eq avail_missing_422 "$(md GET /v1/user/domains/provider-availability)" 422

# --- external domains: AWAITING_NS -> ACTIVE, resubmission rules ---------
expect_eq external_201 "$(md POST /v1/user/domains/external -d '{"domains":["ext.org"],"providers":["google"]}')" 201
md GET '/v1/user/domains?keyword=ext.org' >/dev/null
st1=$(jstr domain_status)
check external_awaiting_or_active test "$st1" = AWAITING_NS -o "$st1" = ACTIVE
check external_ns has '"name_servers":\["ns1-'
check external_google_only has '"available_providers":\["google"\]'
expect_eq external_providers_422 "$(md POST /v1/user/domains/external -d '{"domains":["x.org"]}')" 422
sleep 0.3
md GET '/v1/user/domains?keyword=ext.org' >/dev/null
expect_eq external_active "$(jstr domain_status)" ACTIVE
ns3=$(grep -o '"name_servers":\[[^]]*\]' "$T/body")
md POST /v1/user/domains/external -d '{"domains":["ext.org"],"providers":["google"]}' >/dev/null
check external_active_unchanged has '"message":"Domain is already active"'
md GET '/v1/user/domains?keyword=ext.org' >/dev/null
expect_eq external_active_same_ns "$(grep -o '"name_servers":\[[^]]*\]' "$T/body")" "$ns3"
expect_eq restart_202 "$(md POST /v1/user/domains/restart-setup -d '{"domain_ids":[101,4242]}')" 202
check restart_active_failure has '"message":"Domain is already configured"'
check restart_unknown_failure has '"message":"Domain not found"'
expect_eq restart_empty_422 "$(md POST /v1/user/domains/restart-setup -d '{"domain_ids":[]}')" 422

# --- accounts -----------------------------------------------------------
expect_eq acc_weak_422 "$(md POST /v1/user/accounts -d '[{"email_account":"a@alpha.com","password":"alllowercase123"}]')" 422
check acc_weak_loc has '"loc":\["body",0,"password"\]'
expect_eq acc_short_422 "$(md POST /v1/user/accounts -d '[{"email_account":"a@alpha.com","password":"Ab1"}]')" 422
check acc_short_type has string_too_short
expect_eq acc_nodomain_422 "$(md POST /v1/user/accounts -d '[{"email_account":"a@nowhere.com"}]')" 422
expect_eq acc_bad_email_422 "$(md POST /v1/user/accounts -d '[{"email_account":"not-an-email"}]')" 422
expect_eq acc_not_list_422 "$(md POST /v1/user/accounts -d '{"email_account":"a@alpha.com"}')" 422
expect_eq acc_bad_json_422 "$(md POST /v1/user/accounts -d '[{')" 422
check acc_bad_json_type has json_invalid
expect_eq acc_create_202 "$(md POST /v1/user/accounts -d '[{"email_account":"Ann@Alpha.com","first_name":"Ann","password":"GoodPassword123"},{"email_account":"bob@alpha.com"},{"email_account":"gil@ext.org","provider":"google"}]')" 202
expect_eq acc_results "$(jcount '"email_account"')" 3
check acc_lowercased has '"email_account":"ann@alpha.com"'
check acc_given_password has '"password":"GoodPassword123"'
check acc_pending has '"status":"pending"'
check acc_imap has '"imap":{"imap_host":"imap.s[0-9]*.maildoso.com","port":993}'
check acc_smtp has '"smtp":{"smtp_host":"smtp.maildoso.com","port":587}'
bobpw=$(grep -o '"email_account":"bob@alpha.com"[^}]*' "$T/body" | grep -o '"password":"[^"]*"' | sed 's/.*:"\(.*\)"/\1/')
check acc_generated_password_rule sh -c "echo '$bobpw' | grep -q '^[A-Za-z0-9]\{12,\}$' && echo '$bobpw' | grep -q '[A-Z]' && echo '$bobpw' | grep -q '[a-z]' && echo '$bobpw' | grep -q '[0-9]'"
expect_eq acc_duplicate_422 "$(md POST /v1/user/accounts -d '[{"email_account":"bob@alpha.com"}]')" 422
check acc_duplicate_msg has 'already exists'
expect_eq acc_dup_in_batch_422 "$(md POST /v1/user/accounts -d '[{"email_account":"cy@alpha.com"},{"email_account":"cy@alpha.com"}]')" 422
expect_eq acc_google_on_maildoso_only_ok "$(md POST /v1/user/accounts -d '[{"email_account":"mo@ext.org"}]')" 422
expect_eq lookup_200 "$(md GET '/v1/user/accounts-lookup?limit=2&offset=1&order_by=email_account')" 200
check lookup_meta has '"meta":{"offset":1,"limit":2,"total":3,"current":2}'
expect_eq lookup_order "$(grep -o '"email_account":"[^"]*"' "$T/body" | tr '\n' ' ')" '"email_account":"bob@alpha.com" "email_account":"gil@ext.org" '
expect_eq lookup_lookup_pw "$(md GET '/v1/user/accounts-lookup?keyword=bob' >/dev/null; jstr password)" "$bobpw"
sleep 0.1
expect_eq lookup_status_active "$(md GET '/v1/user/accounts-lookup?status=active' >/dev/null; jnum total)" 3
expect_eq lookup_provider "$(md GET '/v1/user/accounts-lookup?provider=google' >/dev/null; jnum total)" 1
expect_eq lookup_domains_ids "$(md GET '/v1/user/accounts-lookup?domains_ids=101' >/dev/null; jnum total)" 2
expect_eq lookup_bad_status_422 "$(md GET '/v1/user/accounts-lookup?status=gone')" 422
expect_eq lookup_limit_422 "$(md GET '/v1/user/accounts-lookup?limit=0')" 422
expect_eq lookup_no_limit_null "$(md GET '/v1/user/accounts-lookup' >/dev/null; grep -o '"limit":null' "$T/body")" '"limit":null'
expect_eq lookup_rep "$(md GET '/v1/user/accounts-lookup?reputations=google:high' >/dev/null; jnum total)" 0
expect_eq update_204 "$(md PUT /v1/user/accounts/1002 -d '{"first_name":"Robert","password":"NewPassword456"}')" 204
md GET '/v1/user/accounts-lookup?keyword=bob' >/dev/null
check update_applied has '"password":"NewPassword456","first_name":"Robert"'
expect_eq update_weak_422 "$(md PUT /v1/user/accounts/1002 -d '{"password":"weakpassword1"}')" 422
expect_eq update_unknown_422 "$(md PUT /v1/user/accounts/99 -d '{}')" 422
expect_eq update_path_int_422 "$(md PUT /v1/user/accounts/abc -d '{}')" 422
check update_path_int_type has int_parsing
expect_eq totp_google_200 "$(md GET /v1/user/accounts/1003/totp)" 200
check totp_shape has '"totp":"[0-9]\{6\}","expires_at":[0-9]*'
expect_eq totp_maildoso_400 "$(md GET /v1/user/accounts/1001/totp)" 400
expect_eq totp_unknown_404 "$(md GET /v1/user/accounts/5/totp)" 404

# --- forwarding ---------------------------------------------------------
expect_eq fwd_bad_domain_422 "$(md POST /v1/user/forwarding -d '{"email":"x@gmail.com"}')" 422
expect_eq fwd_create_201 "$(md POST /v1/user/forwarding -d '{"email":"boss@maildoso.email","first_name":"Bo"}')" 201
fid=$(jnum id)
check fwd_password has '"password":"[A-Za-z0-9]\{12,\}"'
expect_eq fwd_dup_422 "$(md POST /v1/user/forwarding -d '{"email":"boss@maildoso.email"}')" 422
expect_eq fwd_link_204 "$(md PUT /v1/user/accounts/forwarding -d "[{\"email_id\":1001,\"forward_id\":$fid}]")" 204
expect_eq fwd_link_bad_422 "$(md PUT /v1/user/accounts/forwarding -d '[{"email_id":1001,"forward_id":9}]')" 422
expect_eq fwd_list_200 "$(md GET /v1/user/accounts/forwarding)" 200
check fwd_attached has '"attached_mailboxes":\[{"id":1001,"email_account":"ann@alpha.com"}\]'
expect_eq fwd_lookup_200 "$(md GET '/v1/user/forwarding-lookup?keyword=boss&limit=5')" 200
check fwd_lookup_meta has '"meta":{"offset":0,"limit":5,"total":1,"current":1}'
md GET '/v1/user/accounts-lookup?keyword=ann' >/dev/null
check acc_forwarding_object has "\"forwarding_account\":{\"id\":$fid,\"email\":\"boss@maildoso.email\"}"
expect_eq fwd_pw_weak_422 "$(md POST "/v1/user/forwarding/password?account_id=$fid&new_password=short")" 422
expect_eq fwd_pw_missing_422 "$(md POST /v1/user/forwarding/password)" 422
expect_eq fwd_pw_set_200 "$(md POST "/v1/user/forwarding/password?account_id=$fid&new_password=Another1Pass2")" 200
expect_eq fwd_pw_set_value "$(jstr password)" Another1Pass2
expect_eq fwd_pw_gen_200 "$(md POST "/v1/user/forwarding/password?account_id=$fid")" 200
check fwd_pw_generated test "$(jstr password)" != Another1Pass2
expect_eq fwd_delete_204 "$(md DELETE /v1/user/forwarding -d "[$fid]")" 204
md GET '/v1/user/accounts-lookup?keyword=ann' >/dev/null
check fwd_delete_keeps_account has '"forwarding_account_id":null'
expect_eq fwd_delete_account_kept "$(jnum total)" 1

# --- warmups, sequencers, pricing ---------------------------------------
expect_eq warm_smartlead_no_key_422 "$(md POST /v1/user/services/warmups -d '[{"system_id":"smartlead","warmup_meta":{"warmup_exclude":["x"]}}]')" 422
expect_eq warm_other_key_422 "$(md POST /v1/user/services/warmups -d '[{"system_id":"instantly","warmup_meta":{"api_key":"k"}}]')" 422
expect_eq warm_bad_system_422 "$(md POST /v1/user/services/warmups -d '[{"system_id":"nope","warmup_meta":{}}]')" 422
expect_eq warm_create_200 "$(md POST /v1/user/services/warmups -d '[{"system_id":"smartlead","warmup_meta":{"warmup_exclude":["wu"],"api_key":"k1"}},{"system_id":"instantly","warmup_meta":{"warmup_exclude":["in"]}}]')" 200
wid=$(jstr warmup_id)
expect_eq warm_created_two "$(jcount '"warmup_id"')" 2
expect_eq warm_update_200 "$(md PUT /v1/user/services/warmups -d "[{\"warmup_id\":\"$wid\",\"system_id\":\"smartlead\",\"warmup_meta\":{\"warmup_exclude\":[\"new\"],\"api_key\":\"k2\"}}]")" 200
check warm_updated has '"warmup_exclude":\["new"\],"api_key":"k2"'
expect_eq warm_update_unknown_422 "$(md PUT /v1/user/services/warmups -d '[{"warmup_id":"nope","system_id":"custom","warmup_meta":{}}]')" 422
expect_eq warm_delete_204 "$(md DELETE "/v1/user/services/warmups/$wid")" 204
expect_eq warm_list_one "$(md GET /v1/user/services/warmups >/dev/null; jcount '"warmup_id"')" 1
expect_eq warm_delete_again_422 "$(md DELETE "/v1/user/services/warmups/$wid")" 422
expect_eq pricing_200 "$(md GET /v1/billing/pricing)" 200
check pricing_example has '"domains":{"ranges":\[{"price":1500}\]}'
expect_eq seq_list_200 "$(md GET /v1/sequencers)" 200
check seq_list_unconnected has '"id":null,"platform":"smartlead"'
expect_eq seq_add_bad_422 "$(md POST /v1/sequencers -d '{"platform":"nope","sequencer_login":"a","sequencer_password":"b"}')" 422
expect_eq seq_add_201 "$(md POST /v1/sequencers -d '{"platform":"instantly","sequencer_login":"me","sequencer_password":"pw"}')" 201
sid=$(jnum id)
check seq_add_status has '"status":"active"'
expect_eq seq_update_204 "$(md PUT /v1/sequencers -d "{\"id\":$sid,\"platform\":\"instantly\",\"sequencer_login\":\"me2\",\"sequencer_password\":\"pw2\"}")" 204
md GET /v1/sequencers >/dev/null
check seq_updated has "\"id\":$sid,\"platform\":\"instantly\",\"status\":\"active\""
expect_eq seq_export_404 "$(md POST /v1/sequencers/export -d '{"sequencer_id":999,"account_ids":[1001]}')" 404
expect_eq seq_export_acc_404 "$(md POST /v1/sequencers/export -d "{\"sequencer_id\":$sid,\"account_ids\":[7]}")" 404
expect_eq seq_export_202 "$(md POST /v1/sequencers/export -d "{\"sequencer_id\":$sid,\"account_ids\":[1001,1001]}")" 202
md GET '/v1/user/accounts-lookup?keyword=ann' >/dev/null
check export_recorded has "\"exported_to_sequencers\":\[{\"sequencer_id\":$sid,\"sequencer_name\":\"Instantly\""
sleep 0.1
md GET '/v1/user/accounts-lookup?keyword=ann' >/dev/null
check export_completed has '"status":"completed","created_at"'

# --- delete: maildoso at once, google scheduled per the date rule --------
expect_eq delete_empty_422 "$(md DELETE /v1/user/accounts -d '[]')" 422
expect_eq delete_204 "$(md DELETE /v1/user/accounts -d '[1002,1003,777]')" 204
expect_eq delete_maildoso_gone "$(md GET '/v1/user/accounts-lookup?keyword=bob' >/dev/null; jnum total)" 0
md GET '/v1/user/accounts-lookup?keyword=gil' >/dev/null
check delete_google_scheduled has '"status":"cancel_scheduled"'
created=$(jstr created_at | cut -c1-10)
cancel=$(jstr cancellation_at | cut -c1-10)
# Creation day of month, in the month after now (clamped): compute in sh.
cday=$(echo "$created" | cut -c9-10 | sed 's/^0//')
check delete_cancellation_day sh -c "d=\$(echo $cancel | cut -c9-10 | sed 's/^0//'); [ \$d -eq $cday ] || [ \$d -ge 28 ]"
check delete_cancellation_later test "$cancel" \> "$created"
md GET /v1/user/stats >/dev/null
check stats_in_use has '"maildoso_accounts":{"total":100000,"in_use":1}'
check stats_google_in_use has '"google_accounts":{"total":100000,"in_use":1}'

# --- /_sandbox/stats ----------------------------------------------------
curl -s -o "$T/body" "http://127.0.0.1:$PORT/_sandbox/stats"
check stats_created_once has '"ann@alpha.com":1'
check stats_no_dups has '"duplicates":0'
check stats_ops has '"create_email_accounts":{"202":1,"422":'

# --- at real speed: statuses that do not move during the test -----------
if start_sandbox --time-scale 1 -q; then
	md POST /v1/user/domains/external -d '{"domains":["slow.org"],"providers":["maildoso"]}' >/dev/null
	md GET '/v1/user/domains?keyword=slow.org' >/dev/null
	expect_eq real_external_awaiting "$(jstr domain_status)" AWAITING_NS
	ns1=$(grep -o '"name_servers":\[[^]]*\]' "$T/body")
	md POST /v1/user/domains/external -d '{"domains":["slow.org"],"providers":["maildoso"]}' >/dev/null
	check real_external_reconfigured has '"message":"Domain reconfigured'
	md GET '/v1/user/domains?keyword=slow.org' >/dev/null
	ns2=$(grep -o '"name_servers":\[[^]]*\]' "$T/body")
	check real_external_new_ns test "$ns1" != "$ns2"
	md POST /v1/user/domains -d '{"domains":["slowbuy.com"]}' >/dev/null
	md GET '/v1/user/domains?keyword=slowbuy.com' >/dev/null
	expect_eq real_bought_ordered "$(jstr domain_status)" ORDERED
	expect_eq real_account_needs_active "$(md POST /v1/user/accounts -d '[{"email_account":"a@slowbuy.com"}]')" 422
	check real_account_not_active_msg has 'is not active (status ORDERED)'
	expect_eq real_restart_in_progress "$(md POST /v1/user/domains/restart-setup -d '{"domain_ids":[101]}'; jstr message)" "202Domain setup is in progress"
else
	fail real_sandbox_starts "$(cat "$T/sandbox.err")"
fi

# --- --fail-rate 1: every setup fails; restart-setup starts again --------
if start_sandbox --time-scale 100000 --fail-rate 1 -q; then
	md POST /v1/user/domains -d '{"domains":["f1.com","f2.com","f3.com","f4.com"]}' >/dev/null
	md POST /v1/user/domains/external -d '{"domains":["f5.com"],"providers":["maildoso"]}' >/dev/null
	sleep 0.4
	md GET /v1/user/domains >/dev/null
	expect_eq fail_none_active "$(jcount '"domain_status":"ACTIVE"')" 0
	expect_eq fail_all_failed "$(( $(jcount '"domain_status":"FAILED_TO_BUY"') + $(jcount '"domain_status":"SETUP_FAILED"') ))" 5
	expect_eq fail_restart_202 "$(md POST /v1/user/domains/restart-setup -d '{"domain_ids":[101,102,103,104,105]}')" 202
	expect_eq fail_restart_all "$(jcount '"message":"Domain setup initiated"')" 5
else
	fail failrate_sandbox_starts "$(cat "$T/sandbox.err")"
fi
# --- --quota: creates beyond it are refused (403), nothing half-made ----
if start_sandbox --time-scale 100000 -q --quota accounts=2,domains=2; then
	expect_eq quota_domains_403 "$(md POST /v1/user/domains -d '{"domains":["q1.com","q2.com","q3.com"]}')" 403
	check quota_domains_detail has '"detail":"Domain quota exceeded'
	expect_eq quota_domains_fit_202 "$(md POST /v1/user/domains -d '{"domains":["q1.com","q2.com"]}')" 202
	sleep 0.3
	expect_eq quota_accounts_403 "$(md POST /v1/user/accounts -d '[{"email_account":"a@q1.com"},{"email_account":"b@q1.com"},{"email_account":"c@q1.com"}]')" 403
	expect_eq quota_accounts_none_made "$(md GET /v1/user/accounts-lookup >/dev/null; jnum total)" 0
	expect_eq quota_accounts_fit_202 "$(md POST /v1/user/accounts -d '[{"email_account":"a@q1.com"},{"email_account":"b@q1.com"}]')" 202
	md GET /v1/user/stats >/dev/null
	check quota_stats has '"domains":{"total":2,"in_use":2},"maildoso_accounts":{"total":2,"in_use":2}'
else
	fail quota_sandbox_starts "$(cat "$T/sandbox.err")"
fi
# The last sandbox stops cleanly (under ASan that includes no leaks).
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
