#!/bin/sh
# End-to-end: re-running a domain import (buy and external) on domains the
# account already has sends no create: every row is "exists" with the
# provider's id, status and name servers (the same as the first run had),
# from the domain list the run loads at its start; the same in --dry-run
# and with --restart; a --resume after kill -9 with the POST unanswered
# finds the rows in that list (no lookup each). An external domain POSTed again would get new name
# servers (the spec's note on POST /v1/user/domains/external).
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --quota domains=10000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off </dev/null; }
# creates: POSTs of domains (buy and external) the sandbox has answered
creates() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '[.requests.by_operation
	    | (.create_user_domains // {}, .create_external_domains_v1_user_domains_external_post // {})
	    | .[]] | add // 0'
}
# cols FILE: domain, status, id, name_servers of each row, sorted
cols() { python3 -c '
import csv, sys
for r in sorted(csv.DictReader(open(sys.argv[1])), key=lambda r: r["domain"]):
    print(r["domain"], r["status"], r["id"], r["name_servers"])' "$1"; }
# same FIRST SECOND: SECOND has every row "exists", id and NS as FIRST
same() { cols "$1" | sed 's/ created / exists /'; }

printf 'domain\nrerun-x1.com\nrerun-x2.com\nrerun-x3.com\n' > "$T/e.csv"
printf 'domain\nrerun-b1.com\nrerun-b2.com\n' > "$T/b.csv"
for k in external-domains domains; do
	f=$T/e.csv; [ $k = domains ] && f=$T/b.csv
	MFX import $k --yes "$f" -o "$T/$k.1.csv"
	expect_eq "${k}_first_rc" "$?" 0
	expect_eq "${k}_first_created" "$(cut -d, -f2 "$T/$k.1.csv" | sed 1d | sort -u)" created
	check "${k}_first_has_ns" test -z "$(cut -d, -f8 "$T/$k.1.csv" | sed 1d | grep -x '')"
	b=$(creates)
	MFX import $k --yes "$f" -o "$T/$k.2.csv"
	expect_eq "${k}_rerun_rc" "$?" 0
	expect_eq "${k}_rerun_exists_same_id_ns" "$(cols "$T/$k.2.csv")" "$(same "$T/$k.1.csv")"
	MFX import $k --yes "$f" --dry-run
	expect_eq "${k}_dry_run_rc" "$?" 0
	expect_eq "${k}_dry_run_exists" "$(cols "$f.plan.csv")" "$(same "$T/$k.1.csv")"
	MFX import $k --yes "$f" -o "$T/$k.1.csv" --restart
	expect_eq "${k}_restart_rc" "$?" 0
	expect_eq "${k}_restart_exists" "$(cols "$T/$k.1.csv")" "$(cols "$T/$k.2.csv")"
	expect_eq "${k}_rerun_no_create_request" "$(($(creates) - b))" 0
done

# --resume: killed while its POST waits for the answer (the sandbox's
# latency): the rows are found in the one domain list, not looked up.
stop_sandbox() { kill "$SBX_PID"; wait "$SBX_PID" 2>/dev/null; }
stop_sandbox
need_sandbox --time-scale 100000 --latency-ms 2000 --quota domains=10000
ops() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq ".requests.by_operation.$1 // {} | [.[]] | add // 0"; }
printf 'domain
rerun-k1.com
rerun-k2.com
' > "$T/k.csv"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import \
    external-domains "$T/k.csv" -o "$T/k.out" --rate off </dev/null &
pid=$!
i=0
while ! grep -q " I	" "$T/k.out.journal" 2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.1; i=$((i + 1))
done
sleep 0.5
kill -9 $pid; wait $pid 2>/dev/null
expect_eq resume_killed_midway "$(grep -c " O	" "$T/k.out.journal")" 0
b=$(ops list_user_domains)
MFX import external-domains "$T/k.csv" -o "$T/k.out" --resume
expect_eq resume_rc "$?" 0
expect_eq resume_rows_reconciled "$(cut -d, -f2,3 "$T/k.out" | sed 1d | sort -u)" \
    "created,reconciled: found after an unanswered request"
expect_eq resume_one_domain_list "$(($(ops list_user_domains) - b))" 1
expect_eq resume_one_post "$(creates)" 1
finish
