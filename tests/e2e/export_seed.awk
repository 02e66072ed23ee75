# export_seed.awk - a mailfleet-sandbox --state file with N Maildoso
# accounts (awk -v n=5000 -f export_seed.awk > state.json), 50 per domain.
# Used by tests/e2e/export*.sh and tests/bench/export.sh to start the
# sandbox with many accounts at once (creating them through the API would
# be slower and test import, not export). Every 7th account is pending,
# every 11th a Google account, every 13th has a forwarding inbox, and
# created_at spreads over 2026-01-01..2026-01-30 (day = i % 30).
BEGIN {
	if (n == "") n = 5000
	nd = int((n + 49) / 50)
	day = 1767225600	# 2026-01-01T00:00:00Z
	printf "{\"format\":\"mailfleet-sandbox-state\",\"version\":1,"
	printf "\"clock\":1790000000.0,\"user\":{\"tracking\":0,\"pat\":null,"
	printf "\"pat_created\":%d.0,\"user_created\":%d.0,", day, day
	# registrant data as an account that buys domains has it
	printf "\"ud_created\":%d.0,\"ud_updated\":%d.0,", day, day
	printf "\"ud\":{\"first_name\":\"Ann\",\"last_name\":\"Seed\","
	printf "\"company_name\":\"Seed Co\",\"job_title\":\"CTO\","
	printf "\"address\":\"1 Main St\",\"city\":\"Austin\",\"state\":\"TX\","
	printf "\"country\":\"US\",\"postal_code\":\"78701\",\"phone_zone\":\"+1\","
	printf "\"phone_number\":\"5125550100\",\"register_email\":\"ann@seed.example\"}},"
	printf "\"slots\":{\"domains\":%d,\"accounts\":%d,\"forwards\":1,\"seqs\":0}", nd, n
	printf ",\"domains\":["
	for (d = 0; d < nd; d++) {
		printf "%s{\"id\":%d,\"name\":\"seed%04d.com\",\"external\":0,", d ? "," : "", 101 + d, d
		printf "\"status\":\"ACTIVE\",\"created_at\":%d.0,\"status_at\":%d.0,", day, day
		printf "\"expires_at\":1798761600.0,\"next_at\":0.0,\"fail\":0,\"redirect_to\":null,"
		printf "\"tracking\":0,\"providers\":3,\"server\":%d,", 1 + d % 4
		printf "\"ns\":[\"ns1.maildoso.com\",\"ns2.maildoso.com\"]}"
	}
	printf "],\"accounts\":["
	for (i = 0; i < n; i++) {
		d = int(i / 50)
		st = (i % 7 == 3) ? "pending" : "active"
		printf "%s{\"id\":%d,\"email\":\"user%06d@seed%04d.com\",", i ? "," : "", 1001 + i, i, d
		printf "\"is_active\":1,\"domain_id\":%d,\"vendor_uuid\":null,", 101 + d
		printf "\"fwd_id\":%d,\"password\":\"Pw%06dAbcdefgh\",", (i % 13 == 5) ? 501 : 0, i
		printf "\"first_name\":\"First%d\",\"last_name\":\"Last%d\",", i, i
		printf "\"picture_url\":null,\"premium_warmup\":0,\"google\":%d,", (i % 11 == 4) ? 1 : 0
		printf "\"status\":\"%s\",\"created_at\":%d.0,\"next_at\":0.0,", st, day + (i % 30) * 86400 + 3600
		printf "\"cancel_at\":0.0,\"exports\":[]}"
	}
	printf "],\"forwards\":[{\"id\":501,\"email\":\"replies@maildoso.email\","
	printf "\"first_name\":\"Re\",\"last_name\":\"Plies\",\"password\":\"FwdPass12345X\","
	printf "\"assignment\":\"MASTER\",\"created_at\":%d.0}]", day
	printf ",\"warmups\":[],\"seqs\":[],\"cs_domains\":[],\"cs_inboxes\":[],\"cs_jobs\":[]}\n"
}
