#!/bin/sh
# Checked against the published spec: Prism (@stoplight/prism-cli, see
# scripts/deps-prism.sh) runs as a validating proxy in front of the
# sandbox's Maildoso with --errors; every operation of the OpenAPI file is
# driven through it with a valid request, and any request or response the
# spec rejects fails the test. Without the spec (../shared) or Prism the
# test is skipped, never passed.
. "$(dirname "$0")/lib.sh"

need_prism
need_sandbox -q --time-scale 100000 --seed 9
need_prism_proxy "http://127.0.0.1:$PORT/maildoso"
P=$PRISM_URL

# op NAME WANT METHOD PATH [JSON]: one request through Prism. Passes when
# the status is WANT and Prism reported no violation for it.
op() {
	_n=$1 _want=$2 _m=$3 _p=$4
	_before=$(grep -ci violation "$PRISM_LOG")
	if [ $# -ge 5 ]; then
		_s=$(curl -s -o "$T/body" -w '%{http_code}' -X "$_m" \
		    -H 'Authorization: Bearer pat_sandbox' \
		    -H 'Content-Type: application/json' -d "$5" "$P$_p")
	else
		_s=$(curl -s -o "$T/body" -w '%{http_code}' -X "$_m" \
		    -H 'Authorization: Bearer pat_sandbox' "$P$_p")
	fi
	sleep 0.05	# let Prism log
	_after=$(grep -ci violation "$PRISM_LOG")
	if [ "$_s" = "$_want" ] && [ "$_after" = "$_before" ]; then
		ok "prism_$_n"
	else
		fail "prism_$_n" "status $_s (want $_want), body $(head -c 600 "$T/body"), log: $(grep -i violation "$PRISM_LOG" | tail -n 3)"
	fi
}
jnum() { grep -o "\"$1\":[0-9]*" "$T/body" | head -n 1 | sed 's/.*://'; }
jstr() { grep -o "\"$1\":\"[^\"]*\"" "$T/body" | head -n 1 | sed 's/.*:"\(.*\)"$/\1/'; }

op get_user_profile 200 GET /v1/user/me
op get_user_data 200 GET /v1/user/data
op create_user_data 200 POST /v1/user/data '{"first_name":"Ann","last_name":"Lee","company_name":"Acme","job_title":"CEO","address":"1 Main St","city":"Austin","state":"TX","country":"US","postal_code":"73301","phone_zone":"+1","phone_number":"5550100","register_email":"ann@acme.com"}'
op update_user_data 200 PATCH /v1/user/data '{"company_name":"Acme Corporation","job_title":"VP of Marketing","country":"US"}'
op get_user_settings 200 GET /v1/user/settings
op get_user_stats 200 GET /v1/user/stats
op search_domains 200 POST /v1/user/domains/search '{"domains":["prismtest.com"],"add_variations":2}'
op check_provider_availability 200 GET '/v1/user/domains/provider-availability?domains=prismtest.com&domains=other.io'
op create_user_domains 202 POST /v1/user/domains '{"domains":["prismtest.com","prism2.io"],"redirect_to":["https://acme.com"]}'
op create_external_domains 201 POST /v1/user/domains/external '{"domains":["ext-prism.org"],"providers":["maildoso","google"]}'
sleep 0.5	# provider hours pass at --time-scale 100000
op list_user_domains 200 GET '/v1/user/domains?order_by=-created_at&keyword=prism&domain_type=STANDARD&provider=maildoso'
op list_user_domains_dates 200 GET "/v1/user/domains?created_at=2000-01-01&created_at=2100-01-01&ids=101&ids=102"
op update_user_domain 204 PUT /v1/user/domains '[{"id":101,"redirect_to":"https://acme.example"}]'
op set_domains_tracking 204 PUT '/v1/user/domains/tracking?state=true'
op restart_domain_setup 202 POST /v1/user/domains/restart-setup '{"domain_ids":[101]}'
op create_forwarding_account 201 POST /v1/user/forwarding '{"email":"john.doe@maildoso.email","first_name":"John","last_name":"Doe","assignment":"MASTER"}'
fid=$(jnum id)
op create_email_accounts 202 POST /v1/user/accounts "[{\"email_account\":\"ann@prismtest.com\",\"password\":\"GoodPassword123\",\"first_name\":\"Ann\",\"forwarding_account_id\":$fid},{\"email_account\":\"bob@prismtest.com\"},{\"email_account\":\"gil@ext-prism.org\",\"provider\":\"google\"}]"
aid=$(jnum id)
op lookup_user_email_accounts 200 GET '/v1/user/accounts-lookup?limit=10&offset=0&order_by=email_account&keyword=prism&status=pending&status=active&provider=maildoso&provider=google'
op lookup_user_email_accounts_all 200 GET "/v1/user/accounts-lookup?domains_ids=101&forwarding_accounts_ids=$fid&forwarding_accounts=john.doe@maildoso.email&redirect_urls=https://acme.example&reputations=google:unmeasured&is_admin=false"
op update_email_accounts 204 PUT "/v1/user/accounts/$aid" '{"first_name":"Anne","is_premium_warmup":false,"password":"OtherPassword456"}'
op list_forwarding_accounts 200 GET /v1/user/accounts/forwarding
op update_forwarding_accounts 204 PUT /v1/user/accounts/forwarding "[{\"email_id\":$((aid + 1)),\"forward_id\":$fid}]"
op lookup_forwarding_accounts 200 GET '/v1/user/forwarding-lookup?limit=5&offset=0&order_by=-email&keyword=john'
op reset_forwarding_account_password 200 POST "/v1/user/forwarding/password?account_id=$fid&new_password=MyPassword123"
sleep 0.1
op generate_account_totp 200 GET "/v1/user/accounts/$((aid + 2))/totp"
op create_warmup_services 200 POST /v1/user/services/warmups '[{"system_id":"smartlead","warmup_meta":{"warmup_exclude":["wu"],"api_key":"sl-key"}},{"system_id":"lemwarm","warmup_meta":{"warmup_exclude":["lw"]}}]'
wid=$(jstr warmup_id)
op list_warmup_services 200 GET /v1/user/services/warmups
op update_warmup_services 200 PUT /v1/user/services/warmups "[{\"warmup_id\":\"$wid\",\"system_id\":\"smartlead\",\"warmup_meta\":{\"warmup_exclude\":[\"a\",\"b\"],\"api_key\":\"k2\"}}]"
op delete_warmup_service 204 DELETE "/v1/user/services/warmups/$wid"
op get_pricing 200 GET /v1/billing/pricing
op add_sequencer 201 POST /v1/sequencers '{"platform":"instantly","sequencer_login":"me@acme.com","sequencer_password":"pw","sequencer_workspace":"main"}'
sid=$(jnum id)
op get_user_sequencers 200 GET /v1/sequencers
op update_sequencer 204 PUT /v1/sequencers "{\"id\":$sid,\"platform\":\"instantly\",\"sequencer_login\":\"me@acme.com\",\"sequencer_password\":\"pw2\",\"api_key\":null}"
op export_to_sequencer 202 POST /v1/sequencers/export "{\"sequencer_id\":$sid,\"account_ids\":[$aid]}"
op lookup_after_export 200 GET "/v1/user/accounts-lookup?keyword=ann"
op delete_forwarding_accounts 204 DELETE /v1/user/forwarding "[$fid]"
op delete_email_accounts 204 DELETE /v1/user/accounts "[$aid,$((aid + 2))]"
op lookup_cancel_scheduled 200 GET '/v1/user/accounts-lookup?status=cancel_scheduled&status=failed'
op regenerate_user_auth_pat 204 POST /v1/user/regenerate_auth_pat
# 35 operations above (plus a few extra calls); count what Prism saw.
check prism_no_violations_logged sh -c "! grep -qi violation '$PRISM_LOG'"
# The last sandbox stops cleanly (under ASan that includes no leaks).
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
