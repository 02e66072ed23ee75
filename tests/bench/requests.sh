#!/bin/sh
# tests/bench/requests.sh - how many requests each kind of run costs, from
# the sandbox's /_sandbox/stats, against the fewest the Maildoso API allows
# (figures, never pass/fail). Runs alone in a few seconds:
#   [BUILD=build] [N=200] tests/bench/requests.sh
#
# Cases (N accounts on D=8 domains, mailfleet's defaults: batch 25; the
# sandbox holds at most 50 accounts a domain, as Maildoso does):
# fresh create; the same file again (all exist); half exist; delete by
# email; dry runs of the half-existing file sorted and interleaved by
# domain; a create killed with SIGKILL halfway, then --resume.
#
# The minimum, from the API description (shared/specs/maildoso-openapi.json):
#   B = 100   accounts per POST /v1/user/accounts and ids per DELETE (the
#             spec sets no maxItems; 100 is mailfleet's cap for both)
#   L = 10000 accounts per GET /v1/user/accounts-lookup page (its documented
#             maximum "limit"), domains_ids takes up to 100 domains
#   lookups(D, A) = ceil(D / 100) * ceil(A / L): every account on D domains
#             (A of them), with each one's id, password and hosts
#   create N new         ceil(N / B)  (a 422 names every existing row by
#                                      index: no lookup needed)
#   re-run, E exist      lookups(D, A) + ceil((N - E) / B)
#   delete N by email    lookups(D, A) + ceil(N / B)
#   dry run              lookups(D, A), whatever the order of the rows
#   --resume, R left     lookups(D, A) + ceil(R / B) (rows whose outcome
#                        the kill left unknown are found in the listing)
# Every run also makes its start requests (token check, quota, the domain
# list, the forwarding list): counted apart, in "start".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
N=${N:-200}
MF="$ROOT/$BUILD/mailfleet"
SBX="$ROOT/$BUILD/mailfleet-sandbox"
T=$(mktemp -d "${TMPDIR:-/tmp}/mf-bench-req.XXXXXX")
SPID=
trap '[ -n "$SPID" ] && kill $SPID 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT

"$SBX" --port 0 --port-file "$T/port" --time-scale 100000 -q \
    --quota accounts=10000000,domains=100000 >/dev/null 2>&1 &
SPID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$T/port")
URL="http://127.0.0.1:$PORT/maildoso"
(umask 077 && printf 'pat_sandbox\n' > "$T/token")
MFX() { "$MF" -q --api-url "$URL" --token-file "$T/token" "$@" </dev/null; }

# "start create lookup delete other" requests so far, the stats' own left out.
counts() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq -r '
	    .requests.by_operation | with_entries(.value = ([.value[]] | add)) |
	    [ ((.get_user_profile // 0) + (.get_user_stats // 0) +
	       (.list_user_domains // 0) + (.list_forwarding_accounts // 0)),
	      (.create_email_accounts // 0),
	      (.lookup_user_email_accounts_v1_user_accounts_lookup_get // 0),
	      (.delete_email_accounts // 0),
	      ([to_entries[] | select(.key | test("^(get_user_profile|get_user_stats|list_user_domains|list_forwarding_accounts|create_email_accounts|lookup_user_email_accounts_v1_user_accounts_lookup_get|delete_email_accounts|sandbox[.]stats|create_user_domains)$") | not) | .value] | add // 0)
	    ] | @tsv'
}
accounts() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq .totals.maildoso_accounts
}
ceil() { echo $((($1 + $2 - 1) / $2)); }

printf '%-36s %5s %6s %6s %7s %6s %6s %5s %8s\n' case rows used start creates \
    lookups delete other minimum
# row NAME ROWS BEFORE MINIMUM: the requests since BEFORE (counts output).
row() {
	set -- "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" $(counts)
	# $3..$7 before, $9.. after
	s=$(($9 - $3)) c=$((${10} - $4)) l=$((${11} - $5)) d=$((${12} - $6))
	o=$((${13} - $7))
	printf '%-36s %5s %6d %6d %7d %6d %6d %5d %8s\n' "$1" "$2" \
	    $((s + c + l + d + o)) $s $c $l $d $o "$8"
}
domains() {	# domains PREFIX: D domains PREFIX0.com..., ready
	{ echo domain; d=0; while [ $d -lt $D ]; do echo "$1$d.com"; d=$((d + 1)); done; } > "$T/$1.d.csv"
	MFX import domains "$T/$1.d.csv" -o "$T/$1.d.out" --rate off
	sleep 1
}
# accts PREFIX DOMAIN_PREFIX FROM COUNT_PER_DOMAIN sorted|interleaved
accts() {
	echo email
	awk -v p="$1" -v dp="$2" -v from="$3" -v n="$4" -v nd="$D" -v o="$5" 'BEGIN {
		if (o == "sorted")
			for (d = 0; d < nd; d++)
				for (i = from; i < from + n; i++)
					printf "%s%d@%s%d.com\n", p, i, dp, d
		else
			for (i = from; i < from + n; i++)
				for (d = 0; d < nd; d++)
					printf "%s%d@%s%d.com\n", p, i, dp, d
	}'
}

D=8 Q=$((N / 8)) H=$((N / 16))
LK=$(($(ceil $D 100) * $(ceil $N 10000)))
domains rq
accts u rq 0 $Q sorted > "$T/all.csv"
# half: Q - H per domain exist after the fresh run, H more are new (and
# fit: a domain holds 50); the same rows interleaved by domain
{ echo email; { accts u rq 0 $((Q - H)) sorted; accts n rq 0 $H sorted; } |
    grep -v '^email' | sort -t@ -k2,2 -s; } > "$T/half.csv"
{ echo email; sed 1d "$T/half.csv" | awk -F@ '{ k[$2]++; print k[$2], $0 }' |
    sort -n -s -k1,1 | cut -d' ' -f2; } > "$T/half_il.csv"
E=$((D * (Q - H)))

set -- $(counts); b="$*"
MFX import accounts "$T/all.csv" -o "$T/all.out" --rate off
row "fresh create" $N $b "$(ceil $N 100)"

set -- $(counts); b="$*"
MFX import accounts "$T/all.csv" -o "$T/all2.out" --rate off
row "re-run, all exist" $N $b "$LK"

set -- $(counts); b="$*"
MFX import accounts "$T/half.csv" --dry-run --rate off
row "dry run, half exist, sorted" $N $b "$LK"

set -- $(counts); b="$*"
MFX import accounts "$T/half_il.csv" --dry-run --rate off
row "dry run, half exist, interleaved" $N $b "$LK"

set -- $(counts); b="$*"
MFX import accounts "$T/half.csv" -o "$T/half.out" --rate off
row "re-run, $E of $N exist" $N $b "$((LK + $(ceil $((N - E)) 100)))"

set -- $(counts); b="$*"
MFX delete accounts "$T/all.csv" --yes -o "$T/del.out" --rate off
row "delete by email" $N $b "$((LK + $(ceil $N 100)))"

# A create at 10 requests/s in batches of 5, killed with SIGKILL once
# about half the accounts exist, then --resume (its own rates).
domains rk
accts k rk 0 $Q sorted > "$T/kill.csv"
a0=$(accounts)
set -- $(counts); b="$*"
"$MF" -q --api-url "$URL" --token-file "$T/token" import accounts \
    "$T/kill.csv" -o "$T/kill.out" --rate 10/s --batch 5 </dev/null \
    >/dev/null 2>&1 &
KP=$!
i=0
while [ $(($(accounts) - a0)) -lt $((N / 2)) ] && [ $i -lt 600 ]; do
	sleep 0.05; i=$((i + 1)); done
kill -9 $KP; wait $KP 2>/dev/null
left=$((N - ($(accounts) - a0)))
row "create killed halfway (kill -9)" $N $b "$(ceil $((N - left)) 100)"
set -- $(counts); b2="$*"
MFX import accounts "$T/kill.csv" -o "$T/kill.out" --resume --rate off
row "--resume after it ($left left)" $N $b2 "$((LK + $(ceil $left 100)))"
row "  kill -9 + --resume, together" $N $b "$(ceil $N 100)"
echo "minimum: B=100 per POST/DELETE, L=10000 per lookup page; excludes the start"
echo "requests (lookups(D=$D, A<=$N) = $LK); see the head of tests/bench/requests.sh"
