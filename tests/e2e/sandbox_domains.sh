#!/bin/sh
# End-to-end: the sandbox's domain lifecycle against the documents -
# Maildoso search (variations, partial names, availability), pricing tiers,
# domain settings (redirect_to), restart-setup of failed setups, provider
# availability, tracking, capacity; ColdSend retry of FAILED domains,
# progress, detail with name servers, the refused delete. The knobs:
# --taken-domain, --fail-domain, --no-google, --price.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 -q --taken-domain gone.com \
    --taken-domain .biz --fail-domain broken.com --no-google nog.com --no-google .io \
    --price domains=1500:10,1200:100,900 --price google_accounts=700
names() { grep -o '"name":"[^"]*"' "$T/body" | sed 's/"name":"\(.*\)"/\1/' | tr '\n' ' '; }
# dom NAME: the EmailDomain object of NAME in the domain list, in $T/body.
dom() {
	md GET "/v1/user/domains?keyword=$1&exact_match=true" >/dev/null
}

# --- POST /v1/user/domains/search ----------------------------------------
expect_eq search_200 "$(md POST /v1/user/domains/search -d '{"domains":["Fresh.com"],"add_variations":3}')" 200
expect_eq search_tld_variations "$(names)" "fresh.com fresh.net fresh.org fresh.io "
expect_eq search_members "$(jcount '"status":')/$(jcount '"available":')/$(jcount '"error":')" 4/4/4
check search_available_string has '"name":"fresh.com","status":"ok","available":"true","error":null'
md POST /v1/user/domains/search -d '{"domains":["fresh.net"],"add_variations":2}' >/dev/null
expect_eq search_own_tld_skipped "$(names)" "fresh.net fresh.com fresh.org "
expect_eq search_partial_200 "$(md POST /v1/user/domains/search -d '{"domains":["my-biz"],"add_variations":2}')" 200
expect_eq search_partial_only_variations "$(names)" "my-biz.com my-biz.net "
expect_eq search_partial_no_vars_422 "$(md POST /v1/user/domains/search -d '{"domains":["ok.com","my-biz"]}')" 422
check search_partial_loc has '"loc":\["body","domains",1\]'
expect_eq search_vars_negative_422 "$(md POST /v1/user/domains/search -d '{"domains":["a.com"],"add_variations":-1}')" 422
check search_vars_negative_type has greater_than_equal
expect_eq search_vars_101_422 "$(md POST /v1/user/domains/search -d '{"domains":["a.com"],"add_variations":101}')" 422
expect_eq search_vars_100 "$(md POST /v1/user/domains/search -d '{"domains":["a.com"],"add_variations":100}'; jcount '"name"')" 200101
expect_eq search_vars_100_distinct "$(names | tr ' ' '\n' | sort -u | grep -c .)" 101
check search_vars_no_blocked_tld sh -c "! grep -q '\"error\":\"TLD' '$T/body'"
expect_eq search_missing_422 "$(md POST /v1/user/domains/search -d '{}')" 422
check search_missing_loc has '"loc":\["body","domains"\],"msg":"Field required","type":"missing"'
expect_eq search_empty_422 "$(md POST /v1/user/domains/search -d '{"domains":[]}')" 422
md POST /v1/user/domains/search -d '{"domains":["gone.com","any.biz","x.xyz","bad_name.com"]}' >/dev/null
check search_taken_flag has '"name":"gone.com","status":"ok","available":"false","error":null'
check search_taken_tld has '"name":"any.biz","status":"ok","available":"false","error":null'
check search_blocked_tld_error has '"name":"x.xyz","status":null,"available":null,"error":"TLD is not allowed'
check search_invalid_error has '"name":"bad_name.com","status":null,"available":null,"error":"Invalid domain name"'

# --- buying what search calls unavailable ---------------------------------
expect_eq buy_202 "$(md POST /v1/user/domains -d '{"domains":["gone.com","any.biz","alpha.com","broken.com","nog.com"]}')" 202
check buy_taken_fails has '"name":"gone.com","result":"failure","message":"Domain is not available for registration"'
check buy_taken_tld_fails has '"name":"any.biz","result":"failure","message":"Domain is not available for registration"'
expect_eq buy_others_ok "$(jcount '"result":"success"')" 3
md POST /v1/user/domains/search -d '{"domains":["alpha.com"]}' >/dev/null
check search_owned_unavailable has '"available":"false"'

# --- GET /v1/billing/pricing ----------------------------------------------
expect_eq pricing_200 "$(md GET /v1/billing/pricing)" 200
check pricing_tiers has '"domains":{"ranges":\[{"to":10,"price":1500},{"from":11,"to":100,"price":1200},{"from":101,"price":900}\]}'
check pricing_fixed has '"google_accounts":{"ranges":\[{"price":700}\]}'
check pricing_default_kept has '"maildoso_accounts":{"ranges":\[{"to":10,"price":300},{"from":11,"to":50,"price":250},{"from":51,"price":200}\]}'

# --- lifecycle, --fail-domain and restart-setup ---------------------------
sleep 0.4	# every setup is over in provider time
dom alpha.com
expect_eq alpha_active "$(jstr domain_status)" ACTIVE
alpha=$(jnum id)
dom broken.com
expect_eq fail_domain_setup_failed "$(jstr domain_status)" SETUP_FAILED
broken=$(jnum id)
expect_eq restart_202 "$(md POST /v1/user/domains/restart-setup -d "{\"domain_ids\":[$broken,$alpha,9999]}")" 202
check restart_failed_initiated has "\"name\":\"broken.com\",\"result\":\"success\",\"message\":\"Domain setup initiated\""
check restart_active_refused has "\"name\":\"alpha.com\",\"result\":\"failure\",\"message\":\"Domain is already configured\""
check restart_unknown_refused has '"name":"9999","result":"failure","message":"Domain not found"'
check restart_task_id has '"task_id":"[0-9a-f-]\{36\}"'
sleep 0.3
dom broken.com
expect_eq restart_reaches_active "$(jstr domain_status)" ACTIVE
expect_eq restart_missing_422 "$(md POST /v1/user/domains/restart-setup -d '{}')" 422
check restart_missing_loc has '"loc":\["body","domain_ids"\]'
expect_eq restart_not_ints_422 "$(md POST /v1/user/domains/restart-setup -d '{"domain_ids":["x"]}')" 422

# --- PUT /v1/user/domains: redirect_to by id -------------------------------
expect_eq put_204 "$(md PUT /v1/user/domains -d "[{\"id\":$alpha,\"redirect_to\":\"https://alpha.example/\"},{\"id\":$broken,\"redirect_to\":\"http://b.example\"}]")" 204
dom alpha.com
check put_shown_in_list has '"redirect_to":"https://alpha.example/"'
dom broken.com
check put_second_applied has '"redirect_to":"http://b.example"'
expect_eq put_null_204 "$(md PUT /v1/user/domains -d "[{\"id\":$alpha,\"redirect_to\":null}]")" 204
dom alpha.com
check put_null_removes has '"redirect_to":null'
expect_eq put_absent_204 "$(md PUT /v1/user/domains -d "[{\"id\":$broken}]")" 204
dom broken.com
check put_absent_keeps has '"redirect_to":"http://b.example"'
expect_eq put_empty_422 "$(md PUT /v1/user/domains -d "[{\"id\":$alpha,\"redirect_to\":\"\"}]")" 422
check put_empty_too_short has '"loc":\["body",0,"redirect_to"\],"msg":"String should have at least 1 character","type":"string_too_short"'
expect_eq put_by_name_422 "$(md PUT /v1/user/domains -d '[{"domain_name":"alpha.com","redirect_to":"https://x.example"}]')" 422
check put_by_name_needs_id has '"loc":\["body",0,"id"\],"msg":"Field required","type":"missing"'
expect_eq put_all_or_nothing_422 "$(md PUT /v1/user/domains -d "[{\"id\":$alpha,\"redirect_to\":\"https://y.example\"},{\"id\":9999}]")" 422
dom alpha.com
check put_nothing_applied has '"redirect_to":null'
expect_eq put_not_list_422 "$(md PUT /v1/user/domains -d "{\"id\":$alpha}")" 422

# --- provider availability, --no-google -----------------------------------
expect_eq avail_200 "$(md GET '/v1/user/domains/provider-availability?domains=nog.com&domains=free.org&domains=alpha.com')" 200
check avail_no_google has '"nog.com":{"GOOGLE":false,"MAILDOSO":true}'
check avail_unknown_both has '"free.org":{"GOOGLE":true,"MAILDOSO":true}'
check avail_owned_both has '"alpha.com":{"GOOGLE":true,"MAILDOSO":true}'
dom nog.com
check nog_providers has '"available_providers":\["maildoso"\],"accounts_limit":50'
expect_eq nog_google_account_422 "$(md POST /v1/user/accounts -d '[{"email_account":"g@nog.com","provider":"google"}]')" 422
check nog_google_account_msg has 'does not offer provider google'
md GET '/v1/user/domains/provider-availability?domains=any.io' >/dev/null
check avail_no_google_tld has '"any.io":{"GOOGLE":false,"MAILDOSO":true}'
md POST /v1/user/domains/external -d '{"domains":["ext.io","both.io"],"providers":["google"]}' >/dev/null
check external_no_google_refused has '"name":"ext.io","result":"failure","message":"Google Workspace is not available for this domain"'
md POST /v1/user/domains/external -d '{"domains":["both.io"],"providers":["google","maildoso"]}' >/dev/null
check external_no_google_drops_google has '"name":"both.io","result":"success"'
dom both.io
check external_no_google_maildoso_only has '"available_providers":\["maildoso"\]'
md POST /v1/user/domains/external -d '{"domains":["gext.org"],"providers":["google"]}' >/dev/null

# --- capacity: accounts_limit and linked_accounts ---------------------------
md POST /v1/user/accounts -d '[{"email_account":"a@alpha.com"},{"email_account":"b@alpha.com"}]' >/dev/null
dom alpha.com
expect_eq capacity_linked "$(jnum linked_accounts)" 2
expect_eq capacity_limit "$(jnum accounts_limit)" 50
dom gext.org
expect_eq capacity_google_limit "$(jnum accounts_limit)" 10

# --- PUT /v1/user/domains/tracking ----------------------------------------
expect_eq tracking_off_204 "$(md PUT '/v1/user/domains/tracking?state=false')" 204
md GET /v1/user/domains >/dev/null
expect_eq tracking_all_off "$(jcount '"enable_tracking":true')/$(jcount '"enable_tracking":false')" "0/$(jcount '"domain_name"')"
md POST /v1/user/domains -d '{"domains":["later.com"]}' >/dev/null
dom later.com
check tracking_new_domain_inherits has '"enable_tracking":false'
expect_eq tracking_default_204 "$(md PUT /v1/user/domains/tracking)" 204
md GET /v1/user/domains >/dev/null
expect_eq tracking_default_on "$(jcount '"enable_tracking":false')" 0

# --- bad knobs are refused ------------------------------------------------
"$SBX" --port 0 --price domains=1500:10,1200:5 >/dev/null 2>"$T/err"
expect_eq price_descending_64 "$?" 64
check price_descending_msg grep -q 'ascend' "$T/err"
"$SBX" --port 0 --price hosting=100 >/dev/null 2>"$T/err"
expect_eq price_unknown_product_64 "$?" 64
"$SBX" --port 0 --price domains=100,200 >/dev/null 2>"$T/err"
expect_eq price_open_not_last_64 "$?" 64

# --- --price none: the documented 503 --------------------------------------
if start_sandbox -q --price none; then
	expect_eq pricing_503 "$(md GET /v1/billing/pricing)" 503
	check pricing_503_detail has '{"detail":"Pricing is currently unavailable. Please try again later."}'
else
	fail price_none_starts "$(cat "$T/sandbox.err")"
fi

# --- ColdSend: FAILED retried, progress, detail, refused delete ------------
if start_sandbox --time-scale 100000 --seed 7 -q --fail-domain flaky.example.com --campaign-domain busy.example.com; then
	cs POST /domains -d '{"domain":"flaky.example.com"}' >/dev/null
	fid=$(jstr domain_id)
	ns=$(grep -o '"nameservers":\["[^"]*","[^"]*"\]' "$T/body")
	check cs_add_nameservers test -n "$ns"
	expect_eq cs_get_200 "$(cs GET "/domains/$fid")" 200
	expect_eq cs_get_same_nameservers "$(grep -o '"nameservers":\[[^]]*\]' "$T/body")" "$ns"
	check cs_get_fields has "\"domain_id\":\"$fid\",\"domain_name\":\"flaky.example.com\",\"status\":\"DNS_PENDING\""
	check cs_get_capacity has '"max_inboxes":50,"current_inboxes":0'
	sleep 0.05
	expect_eq cs_activate_200 "$(cs POST "/domains/$fid/activate")" 200
	sleep 0.3
	cs GET "/domains/$fid/progress" >/dev/null
	expect_eq cs_fail_domain_failed "$(jstr status)/$(jnum progress_percentage)" FAILED/0
	check cs_progress_failed_flags has '"is_complete":false,"is_failed":true'
	check cs_progress_message has '"status_message":"[^"][^"]*"'
	check cs_progress_members has "\"success\":true,\"message\":\"[^\"]*\",\"domain_id\":\"$fid\",\"domain_name\":\"flaky.example.com\""
	expect_eq cs_detail_failed "$(cs GET "/domains/$fid" >/dev/null; jstr status)" FAILED
	expect_eq cs_retry_200 "$(cs POST "/domains/$fid/activate")" 200
	expect_eq cs_retry_configuring "$(jstr status)" SERVICES_CONFIGURING
	sleep 0.3
	cs GET "/domains/$fid/progress" >/dev/null
	expect_eq cs_retry_completes "$(jstr status)/$(jnum progress_percentage)" COMPLETED/100
	check cs_retry_flags has '"is_complete":true,"is_failed":false'
	expect_eq cs_detail_active "$(cs GET "/domains/$fid" >/dev/null; jstr status)" ACTIVE
	expect_eq cs_progress_404 "$(cs GET /domains/00000000-0000-4000-8000-000000000000/progress)" 404
	cs POST /domains -d '{"domain":"busy.example.com"}' >/dev/null
	bid=$(jstr domain_id)
	expect_eq cs_campaign_delete_409 "$(cs DELETE "/domains/$bid")" 409
	check cs_campaign_delete_body sh -c "grep -q '^{\"detail\":\"[^\"]*\"}$' '$T/body'"
	expect_eq cs_campaign_domain_kept "$(cs GET "/domains/$bid")" 200
else
	fail coldsend_starts "$(cat "$T/sandbox.err")"
fi
# ColdSend at a slower clock: the progress while services configure.
if start_sandbox --time-scale 100 -q; then
	cs POST /domains -d '{"domain":"slow.example.com"}' >/dev/null
	sid=$(jstr domain_id)
	sleep 3.2	# 5 provider minutes for the name servers
	cs POST "/domains/$sid/activate" >/dev/null
	cs GET "/domains/$sid/progress" >/dev/null
	expect_eq cs_in_progress "$(jstr status)" IN_PROGRESS
	pct=$(jnum progress_percentage)
	check cs_in_progress_pct test "$pct" -ge 10 -a "$pct" -le 99
	check cs_in_progress_flags has '"is_complete":false,"is_failed":false'
else
	fail coldsend_slow_starts "$(cat "$T/sandbox.err")"
fi
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
