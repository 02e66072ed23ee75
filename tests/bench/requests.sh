#!/bin/sh
# tests/bench/requests.sh - how many requests each kind of run costs, from
# the sandbox's /_sandbox/stats, against the fewest the APIs allow (figures;
# `ok` when used <= 1.2 x minimum + 3, the goal). Runs alone in seconds:
#   [BUILD=build] [N=200] tests/bench/requests.sh
#
# Cases: N Maildoso accounts on D=8 domains with mailfleet's defaults: fresh
# create; the same file again (all exist); half exist; dry runs (sorted and
# interleaved by domain) of account creates, updates, deletes, domains and
# forwarding inboxes; update and delete by email; a create killed with
# SIGKILL halfway, then --resume; ColdSend: N/2 inboxes on 2 domains, the
# re-run, dry runs of inboxes and domains, delete by email.
#
# The minimum, from the API descriptions (shared/specs/):
#   B = 100   accounts per POST /v1/user/accounts and ids per DELETE (the
#             spec sets no maxItems; 100 is mailfleet's cap for both), and
#             ColdSend inboxes per bulk POST (one domain each)
#   L = 10000 accounts per GET /v1/user/accounts-lookup page (its documented
#             maximum "limit"); domains_ids takes up to 100 domains
#   lookups(D, A) = ceil(D / 100) * ceil(A / L): every account on D domains
#             (A of them), with each one's id, password and hosts
#   start     what any run needs before rows go: the domain list (which
#             domains take accounts, how many more, their ids) and, for
#             creates, the quota (GET /v1/user/stats); the token check and
#             the forwarding list are not counted (they fall in the + 3)
#   create N new         start + ceil(N / B) (a 422 names every existing
#                        row by index: no lookup needed)
#   re-run, E exist      start + lookups(D, A) + ceil((N - E) / B)
#   update N by email    start + lookups(D, A) + N (one PUT per account)
#   delete N by email    start + lookups(D, A) + ceil(N / B)
#   dry run              start + lookups(D, A), whatever the order of rows
#                        (domains and forwarding: their one unpaged list)
#   --resume, R left     start + lookups(D, A) + ceil(R / B)
#   ColdSend             the domain list (pages of 100), the inbox list
#                        (pages of 100, no domain filter), one bulk POST a
#                        domain per 100 new inboxes, one DELETE per inbox
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
    --rate coldsend=none --quota accounts=10000000,domains=100000 \
    >/dev/null 2>&1 &
SPID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$T/port")
URL="http://127.0.0.1:$PORT/maildoso"
CSURL="http://127.0.0.1:$PORT/coldsend"
export COLDSEND_API_KEY=cs_live_sandbox
(umask 077 && printf 'pat_sandbox\n' > "$T/token")
MFX() { "$MF" -q --api-url "$URL" --token-file "$T/token" "$@" </dev/null; }
CSX() { "$MF" -q --provider coldsend --api-url "$CSURL" "$@" --rate off </dev/null; }

# Requests so far, the stats' own left out.
used() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '.requests.total -
	    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'
}
accounts() {
	curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq .totals.maildoso_accounts
}
ceil() { echo $((($1 + $2 - 1) / $2)); }

printf '%-40s %5s %6s %8s %6s %s\n' case rows used minimum ratio goal
FAILS=0
# row NAME ROWS BEFORE MINIMUM: the requests since BEFORE against MINIMUM.
row() {
	u=$(($(used) - $3))
	if [ $((u * 10)) -le $((12 * $4 + 30)) ]; then g=ok; else g=OVER; FAILS=$((FAILS + 1)); fi
	printf '%-40s %5s %6d %8d %6s %s\n' "$1" "$2" $u "$4" \
	    "$(awk -v u=$u -v m=$4 'BEGIN { printf "%.2f", m ? u / m : 0 }')" $g
}
domains() {	# domains PREFIX: D domains PREFIX0.com..., ready
	{ echo domain; d=0; while [ $d -lt $D ]; do echo "$1$d.com"; d=$((d + 1)); done; } > "$T/$1.d.csv"
	MFX import domains --yes "$T/$1.d.csv" -o "$T/$1.d.out" --rate off
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
S=2			# start: the domain list and the quota
domains rq
accts u rq 0 $Q sorted > "$T/all.csv"
accts u rq 0 $Q interleaved > "$T/all_il.csv"
# half: Q - H per domain exist after the fresh run, H more are new (and
# fit: a domain holds 50); the same rows interleaved by domain
{ echo email; { accts u rq 0 $((Q - H)) sorted; accts n rq 0 $H sorted; } |
    grep -v '^email' | sort -t@ -k2,2 -s; } > "$T/half.csv"
{ echo email; sed 1d "$T/half.csv" | awk -F@ '{ k[$2]++; print k[$2], $0 }' |
    sort -n -s -k1,1 | cut -d' ' -f2; } > "$T/half_il.csv"
E=$((D * (Q - H)))

b=$(used); MFX import accounts "$T/all.csv" -o "$T/all.out" --rate off
row "fresh create" $N $b $((S + $(ceil $N 100)))
b=$(used); MFX import accounts "$T/all.csv" -o "$T/all2.out" --rate off
row "re-run, all exist" $N $b $((S + LK))
b=$(used); MFX import accounts "$T/half.csv" --dry-run --rate off
row "dry run create, half exist, sorted" $N $b $((S + LK))
b=$(used); MFX import accounts "$T/half_il.csv" --dry-run --rate off
row "dry run create, half exist, interleaved" $N $b $((S + LK))
b=$(used); MFX update accounts "$T/all_il.csv" --dry-run --rate off
row "dry run update by email, interleaved" $N $b $((1 + LK))
b=$(used); MFX delete accounts "$T/all_il.csv" --dry-run --rate off
row "dry run delete by email, interleaved" $N $b $((1 + LK))
b=$(used); MFX import domains "$T/rq.d.csv" --dry-run --rate off
row "dry run domains (all exist)" $D $b 1
{ echo email; i=0; while [ $i -lt 20 ]; do echo "fw$i@fwd.example"; i=$((i + 1)); done; } > "$T/fw.csv"
MFX import forwarding "$T/fw.csv" -o "$T/fw.out" --rate off
b=$(used); MFX import forwarding "$T/fw.csv" --dry-run --rate off
row "dry run forwarding (all exist)" 20 $b 1
b=$(used); MFX import accounts "$T/half.csv" -o "$T/half.out" --rate off
row "re-run, $E of $N exist" $N $b $((S + LK + $(ceil $((N - E)) 100)))
{ echo email,first_name; sed 1d "$T/all_il.csv" | sed 's/$/,Renamed/'; } > "$T/upd.csv"
b=$(used); MFX update accounts "$T/upd.csv" -o "$T/upd.out" --rate off
row "update by email" $N $b $((1 + LK + N))
b=$(used); MFX delete accounts "$T/all.csv" --yes -o "$T/del.out" --rate off
row "delete by email" $N $b $((1 + LK + $(ceil $N 100)))

# A create at 10 requests/s in batches of 5, killed with SIGKILL once
# about half the accounts exist, then --resume (its own batches).
domains rk
accts k rk 0 $Q sorted > "$T/kill.csv"
a0=$(accounts)
b=$(used)
"$MF" -q --api-url "$URL" --token-file "$T/token" import accounts \
    "$T/kill.csv" -o "$T/kill.out" --rate 10/s --batch 5 </dev/null \
    >/dev/null 2>&1 &
KP=$!
i=0
while [ $(($(accounts) - a0)) -lt $((N / 2)) ] && [ $i -lt 600 ]; do
	sleep 0.05; i=$((i + 1)); done
kill -9 $KP; wait $KP 2>/dev/null
left=$((N - ($(accounts) - a0)))
row "create killed halfway (--batch 5)" $N $b $((S + $(ceil $((N - left)) 5)))
b=$(used)
MFX import accounts "$T/kill.csv" -o "$T/kill.out" --resume --rate off
row "--resume after it ($left left)" $N $b $((S + LK + $(ceil $left 100)))

# ColdSend: N/2 inboxes on two domains (each holds 50: N/4 a domain).
CN=$((N / 2)) CQ=$((N / 4))
printf 'domain\nmail.cs-one.com\nmail.cs-two.com\n' > "$T/cd.csv"
CSX import domains "$T/cd.csv" -o "$T/cd.out"
for id in $(sed 1d "$T/cd.out" | cut -d, -f6); do
	curl -s -X POST -H "X-API-Key: cs_live_sandbox" "$CSURL/domains/$id/activate" >/dev/null
done
sleep 1
{ echo "email_prefix,domain,display_name"; i=0; while [ $i -lt $CQ ]; do
	echo "s$i,mail.cs-one.com,S $i"; echo "s$i,mail.cs-two.com,S $i"; i=$((i + 1)); done; } > "$T/cs.csv"
b=$(used); CSX import sender-accounts "$T/cs.csv" -o "$T/cs.out"
row "ColdSend inboxes, fresh" $CN $b $((1 + 2))
b=$(used); CSX import sender-accounts "$T/cs.csv" -o "$T/cs2.out"
row "ColdSend inboxes, re-run (all exist)" $CN $b $((1 + $(ceil $CN 100)))
b=$(used); CSX import sender-accounts "$T/cs.csv" --dry-run
row "ColdSend dry run inboxes" $CN $b $((1 + $(ceil $CN 100)))
b=$(used); CSX import domains "$T/cd.csv" --dry-run
row "ColdSend dry run domains" 2 $b 1
{ echo email,display_name; sed 1d "$T/cs.csv" | awk -F, '{ print $1 "@" $2 "," $3 }'; } > "$T/csdel.csv"
b=$(used); CSX delete sender-accounts "$T/csdel.csv" --yes -o "$T/csdel.out"
row "ColdSend delete inboxes by email" $CN $b $((1 + $(ceil $CN 100) + CN))
echo "minimum: the start (domain list, quota for creates) + the work; B=100, L=10000"
echo "(lookups(D=$D, A<=$N) = $LK); goal: used <= 1.2 x minimum + 3; see the head of"
echo "tests/bench/requests.sh. $FAILS case(s) over the goal."
