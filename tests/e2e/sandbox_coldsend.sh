#!/bin/sh
# End-to-end: the sandbox's ColdSend API driven with curl - domains,
# activation lifecycle, sender accounts (native, smtp, bulk, jobs), the
# documented errors, rate-limit headers on every answer and the 429.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --seed 5 -q --campaign-domain busy.example.com
hdr() { grep -i "^$1:" "$T/hdr" | sed 's/^[^:]*: *//' | tr -d '\r'; }

# --- auth and headers on every answer -----------------------------------
st=$(curl -s -D "$T/hdr" -o "$T/body" -w '%{http_code}' "$CS_URL/domains")
expect_eq auth_missing_401 "$st" 401
check auth_401_body has '"detail":"Invalid or revoked API key"'
expect_eq auth_401_has_limit "$(hdr X-RateLimit-Limit)" 100
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-API-Key: cs_live_other' "$CS_URL/domains")
expect_eq auth_wrong_401 "$st" 401
st=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer cs_live_sandbox' "$CS_URL/domains")
expect_eq auth_bearer_not_accepted "$st" 401

# --- domains ------------------------------------------------------------
expect_eq add_missing_422 "$(cs POST /domains -d '{}')" 422
check add_missing_v1_body has '{"detail":\[{"loc":\["body","domain"\],"msg":"field required","type":"value_error.missing"}\]}'
expect_eq add_invalid_422 "$(cs POST /domains -d '{"domain":"not a domain"}')" 422
expect_eq add_201 "$(cs POST /domains -d '{"domain":"Mail.Example.com"}')" 201
did=$(jstr domain_id)
check add_uuid test "$(echo "$did" | grep -c '^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$')" = 1
expect_eq add_status "$(jstr status)" DNS_PENDING
check add_nameservers has '"nameservers":\["[a-z]*.ns.cloudflare.com","[a-z]*.ns.cloudflare.com"\]'
expect_eq add_lowercased "$(jstr domain_name)" mail.example.com
for h in Limit Remaining Reset; do
	check "header_$h" test -n "$(hdr X-RateLimit-$h)"
done
expect_eq add_again_409 "$(cs POST /domains -d '{"domain":"mail.example.com"}')" 409
cs POST /domains -d '{"domain":"second.example.com"}' >/dev/null
did2=$(jstr domain_id)
cs POST /domains -d '{"domain":"busy.example.com"}' >/dev/null
did3=$(jstr domain_id)
expect_eq list_200 "$(cs GET '/domains?limit=2')" 200
check list_pagination has '"pagination":{"page":1,"limit":2,"total":3,"pages":2,"has_next":true,"has_prev":false}'
check list_fields has '"mailcow_added":false,"cloudflare_verified":[a-z]*,"max_inboxes":50,"current_inboxes":0'
check list_message has '"success":true,"message":"Domains retrieved successfully"'
expect_eq list_page2 "$(cs GET '/domains?limit=2&page=2' >/dev/null; jcount '"domain_id"')" 1
expect_eq list_status_filter "$(cs GET '/domains?status=ACTIVE' >/dev/null; jnum total)" 0
expect_eq list_bad_status_422 "$(cs GET '/domains?status=NOPE')" 422
expect_eq list_limit_422 "$(cs GET '/domains?limit=101')" 422
expect_eq get_404 "$(cs GET /domains/00000000-0000-4000-8000-000000000000)" 404
check get_404_detail has '"detail":"Domain not found"'
expect_eq get_200 "$(cs GET "/domains/$did")" 200
check get_dns_records has '"dns_records":\[{"type":"MX"'
expect_eq progress_pending "$(cs GET "/domains/$did/progress" >/dev/null; jstr status)" PENDING
expect_eq native_on_pending_400 "$(cs POST /sender-accounts/coldsend-native -d "{\"domain_id\":\"$did\",\"email_prefix\":\"a\",\"display_name\":\"A\"}")" 400
sleep 0.05	# name servers propagate after 5 provider minutes (3 ms)
expect_eq activate_200 "$(cs POST "/domains/$did/activate")" 200
expect_eq activate_status "$(jstr status)" SERVICES_CONFIGURING
expect_eq activate_again_409 "$(cs POST "/domains/$did/activate")" 409
sleep 0.3
expect_eq progress_complete "$(cs GET "/domains/$did/progress" >/dev/null; jstr status)/$(jnum progress_percentage)" COMPLETED/100
check progress_flags has '"is_complete":true,"is_failed":false'
expect_eq domain_active "$(cs GET "/domains/$did" >/dev/null; jstr status)" ACTIVE

# --- native sender accounts ---------------------------------------------
expect_eq native_missing_422 "$(cs POST /sender-accounts/coldsend-native -d "{\"domain_id\":\"$did\"}")" 422
expect_eq native_unknown_domain_404 "$(cs POST /sender-accounts/coldsend-native -d '{"domain_id":"x","email_prefix":"a","display_name":"A"}')" 404
expect_eq native_201 "$(cs POST /sender-accounts/coldsend-native -d "{\"domain_id\":\"$did\",\"email_prefix\":\"john\",\"display_name\":\"John Smith\"}")" 201
iid=$(jstr inbox_id)
check native_fields has '"email_address":"john@mail.example.com","display_name":"John Smith","inbox_type":"COLDSEND_NATIVE"'
check native_no_credentials sh -c "! grep -q password '$T/body'"
expect_eq native_dup_409 "$(cs POST /sender-accounts/coldsend-native -d "{\"domain_id\":\"$did\",\"email_prefix\":\"john\",\"display_name\":\"J\"}")" 409
expect_eq bulk_200 "$(cs POST /sender-accounts/coldsend-native/bulk -d "{\"domain_id\":\"$did\",\"inboxes\":[{\"email_prefix\":\"a1\",\"display_name\":\"A\"},{\"email_prefix\":\"john\",\"display_name\":\"J\"},{\"email_prefix\":\"a2\",\"display_name\":\"B\"}]}")" 200
check bulk_counts has '"total":3,"success_count":2,"failed_count":1'
expect_eq bulk_empty_422 "$(cs POST /sender-accounts/coldsend-native/bulk -d "{\"domain_id\":\"$did\",\"inboxes\":[]}")" 422
big=$(i=0; printf '['; while [ $i -le 100 ]; do [ $i -gt 0 ] && printf ','; printf '{"email_prefix":"b%d","display_name":"B"}' $i; i=$((i + 1)); done; printf ']')
expect_eq bulk_101_422 "$(cs POST /sender-accounts/coldsend-native/bulk -d "{\"domain_id\":\"$did\",\"inboxes\":$big}")" 422
cs GET "/domains/$did" >/dev/null
expect_eq domain_current_inboxes "$(jnum current_inboxes)" 3

# --- smtp sender accounts and the bulk job -------------------------------
SMTP='"display_name":"Out","inbox_type":"OUTLOOK_365","smtp_host":"smtp.office365.com","smtp_port":587,"smtp_username":"u","smtp_password":"p"'
expect_eq smtp_201 "$(cs POST /sender-accounts/smtp -d "{\"email_address\":\"Out@Corp.com\",$SMTP,\"daily_limit\":40}")" 201
check smtp_fields has '"email_address":"out@corp.com","display_name":"Out","inbox_type":"OUTLOOK_365","daily_limit":40,"overall_status":"PENDING"'
expect_eq smtp_dup_409 "$(cs POST /sender-accounts/smtp -d "{\"email_address\":\"out@corp.com\",$SMTP}")" 409
expect_eq smtp_bad_type_422 "$(cs POST /sender-accounts/smtp -d '{"email_address":"z@corp.com","display_name":"Z","inbox_type":"FAX","smtp_host":"h","smtp_port":1,"smtp_username":"u","smtp_password":"p"}')" 422
expect_eq smtp_bulk_200 "$(cs POST /sender-accounts/smtp/bulk -d "{\"inboxes\":[{\"email_address\":\"s1@corp.com\",$SMTP},{\"email_address\":\"out@corp.com\",$SMTP},{\"email_address\":\"s2@corp.com\"}]}")" 200
# the bulk answer starts the job; its rows are processed over time
check smtp_bulk_started has '"total":3,"success_count":0,"failed_count":0,"job_id":"[^"]*","results":\[\]'
job=$(jstr job_id)
sleep 0.05
expect_eq job_200 "$(cs GET "/sender-accounts/smtp/bulk/$job/progress")" 200
check job_done has '"status":"completed","progress_percentage":100,"total_rows":3,"processed_count":3,"success_count":1,"failed_count":2'
check smtp_bulk_row_error has '"row":3,"email_address":"s2@corp.com","success":false,"error":"display_name: field required'
check smtp_bulk_row_exists has '"row":2,"email_address":"out@corp.com","success":false,"error":"Inbox out@corp.com already exists'
expect_eq job_404 "$(cs GET /sender-accounts/smtp/bulk/nope/progress)" 404

# --- list, delete -------------------------------------------------------
sleep 0.1
expect_eq inbox_list_200 "$(cs GET '/sender-accounts?limit=100')" 200
expect_eq inbox_list_total "$(jnum total)" 5
expect_eq inbox_list_active "$(cs GET '/sender-accounts?status=ACTIVE' >/dev/null; jnum total)" 5
expect_eq inbox_list_bad_status_422 "$(cs GET '/sender-accounts?status=GONE')" 422
expect_eq inbox_delete_200 "$(cs DELETE "/sender-accounts/$iid")" 200
expect_eq inbox_delete_again_404 "$(cs DELETE "/sender-accounts/$iid")" 404
expect_eq campaign_delete_409 "$(cs DELETE "/domains/$did3")" 409
expect_eq domain_delete_200 "$(cs DELETE "/domains/$did")" 200
expect_eq domain_delete_takes_inboxes "$(cs GET /sender-accounts >/dev/null; jnum total)" 2
expect_eq domain_gone_404 "$(cs GET "/domains/$did")" 404
expect_eq unknown_404 "$(cs GET /nothing)" 404
check unknown_has_limit_headers test -n "$(hdr X-RateLimit-Remaining)"
: "$did2"

# --- the documented limit: 100 per minute; 429 body, no Retry-After ------
if start_sandbox -q; then
	i=0 n429=0 last=""
	while [ $i -lt 105 ]; do
		s=$(cs GET /domains)
		[ "$s" = 429 ] && n429=$((n429 + 1))
		[ $i -eq 98 ] && last=$(hdr X-RateLimit-Remaining)
		i=$((i + 1))
	done
	expect_eq limit_remaining_counts_down "$last" 1
	expect_eq limit_429_after_100 "$n429" 5
	check limit_429_body has '{"detail":"Rate limit exceeded. Retry after 60 seconds."}'
	expect_eq limit_429_remaining_0 "$(hdr X-RateLimit-Remaining)" 0
	check limit_no_retry_after test -z "$(hdr Retry-After)"
	now=$(date +%s)
	check limit_reset_future test "$(hdr X-RateLimit-Reset)" -gt "$now"
	curl -s -o "$T/body" "http://127.0.0.1:$PORT/_sandbox/stats"
	check limit_stats_429 has '"coldsend.list_domains":{"200":100,"429":5}'
	check limit_stats_window has '"coldsend":{"requests":105,"max_1s":[0-9]*,"max_60s":105'
else
	fail limit_sandbox_starts "$(cat "$T/sandbox.err")"
fi
# The last sandbox stops cleanly (under ASan that includes no leaks).
kill -TERM "$SBX_PID" 2>/dev/null
wait "$SBX_PID"
expect_eq sandbox_clean_exit "$?" 0
check sandbox_no_sanitizer_report sh -c "! grep -q Sanitizer '$T/sandbox.err'"
finish
