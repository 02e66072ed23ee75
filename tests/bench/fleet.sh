#!/bin/sh
# tests/bench/fleet.sh - figures (never pass/fail) for the fleet sheet:
# `plan` then `apply --yes` of the 300-row sheet of tests/e2e/fleet_300.sh
# (tests/e2e/fleet_300.awk) against the sandbox at BENCH_LATENCY_MS (default
# 50) a request and --time-scale 100000 (domains ACTIVE at once, so the
# wall time is the requests'), -j 4 (the default). Per phase: the requests it
# made (the `-v` request lines between apply's "apply: PHASE:" lines; the
# pipeline's own count where it prints one) against the minimum; the whole
# apply against the sum of the minimums; the wall times; the requests of a
# second, converged apply.
#
# The minimums, given what the plan read (the 9 domains made first, 2 of
# their inboxes, the sequencer):
#   plan              7: the domain list, the forwarding inboxes, the
#                     sequencers, the accounts of the one domain that holds
#                     some (one accounts-lookup), one search (20 names, 100
#                     a request), the stats (quota, units held), the price
#                     list. (Google on nog.com: the domain list says its
#                     available_providers; no provider-availability.)
#   forwarding        3: one POST /v1/user/forwarding per inbox (no bulk).
#   domains           1: one purchase of the 19 names (100 a request).
#   external-domains  1: one POST /v1/user/domains/external.
#   wait              1: one domain list that finds them ACTIVE.
#   accounts          3: 287 inboxes (the 5 past big.com's limit of 50 are
#                     known from that list), 100 a POST.
#   forwarding-links  1: one PUT of the 2 links (one body).
#   redirects         1: one PUT /v1/user/domains (own02.com).
#   push-ID           2: one export of the 18, one listing that sees it
#                     completed.
#   converged apply   6: domains, forwarding, sequencers, accounts-lookup,
#                     the search of the taken name (it may have become
#                     free), the stats (the summary's quota).
# No token check, registrant read or repeated listing is counted: the plan
# has just read all of it.
. "$(dirname "$0")/../e2e/lib.sh"
LAT=${BENCH_LATENCY_MS:-50}

echo "== fleet: plan + apply of a 300-row sheet, sandbox latency $LAT ms"
if ! start_sandbox --time-scale 100000 --latency-ms "$LAT" \
    --taken-domain taken.com --no-google nog.com -q; then
	echo "the sandbox did not start"; exit 1
fi
(umask 077 && printf 'pat_sandbox\n' > "$T/token")
MFX() { "$MF" --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off \
    </dev/null; }
{ echo domain; for k in 1 2 3 4 5 6 7 8; do printf 'own%02d.com\n' $k; done
  echo nog.com; } > "$T/d.csv"
MFX -q import domains --yes "$T/d.csv" -o "$T/d.out"
MFX -q wait domains "$T/d.csv" -o "$T/w.out" --interval 0.05
printf 'email\nu0@own01.com\nu26@own01.com\n' > "$T/pre.csv"
MFX -q import accounts "$T/pre.csv" -o "$T/pre.out"
printf 'platform,sequencer_login,sequencer_password,api_key\ninstantly,ops@acme.example,SeqPw!1x,inst_key\n' > "$T/s.csv"
MFX -q import sequencers "$T/s.csv" -o "$T/s.out"
awk -f "$ROOT/tests/e2e/fleet_300.awk" > "$T/fleet.csv"

now() { date +%s.%N; }
t0=$(now); b0=$(sbx_requests)
MFX plan "$T/fleet.csv" 2>"$T/plan.err"
t1=$(now); b1=$(sbx_requests)
MFX -v apply "$T/fleet.csv" --yes --interval 0.05 2>"$T/apply.err"; [ -n "${FLEET_BENCH_LOG:-}" ] && cp "$T/apply.err" "$FLEET_BENCH_LOG"
t2=$(now); b2=$(sbx_requests)
MFX apply "$T/fleet.csv" --interval 0.05 2>"$T/conv.err"
t3=$(now); b3=$(sbx_requests)

awk -v pre=$((b1 - b0)) -v tp="$(echo "$t1 - $t0" | bc)" '
BEGIN {
	min["plan"] = 7; min["forwarding"] = 3; min["domains"] = 1
	min["external-domains"] = 1; min["wait"] = 1; min["accounts"] = 3
	min["forwarding-links"] = 1; min["redirects"] = 1; min["push"] = 2
	ph = "plan"; order[n++] = ph
	printf "plan (its own run): %d requests (minimum %d), %.2f s\n", pre, 7, tp
}
/^mailfleet: apply: [a-z0-9-]*: [0-9]* rows/ {
	ph = $3; sub(/:$/, "", ph); order[n++] = ph; rows[ph] = $4; next
}
/ debug: http: / { used[ph]++; next }
/ requests, / && ph != "plan" {
	s = $0; sub(/ requests,.*/, "", s); sub(/.*; /, "", s); said[ph] = s
}
END {
	printf "apply, per phase (requests used / minimum):\n"
	for (i = 0; i < n; i++) {
		p = order[i]; m = p; sub(/-[0-9]+$/, "", m)
		if (!(m in min)) m = "push"
		printf "  %-17s %4s rows %4d / %d", p, p == "plan" ? "-" : rows[p], used[p], min[m]
		if (p in said) printf "  (the pipeline says %s)", said[p]
		printf "\n"
		tot += used[p]; totmin += min[m]
	}
	printf "  %-17s           %4d / %d  (%.2fx)\n", "whole apply", tot, totmin, tot / totmin
}' "$T/apply.err"
echo "apply: $((b2 - b1)) requests at the sandbox; $(grep '^mailfleet: apply: [0-9]* ready' "$T/apply.err" | sed 's/^mailfleet: apply: //; s/; result.*//')"
printf 'wall: plan %.2f s, apply %.2f s, converged apply %.2f s\n' \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)"
echo "converged apply: $((b3 - b2)) requests (minimum 6): $(grep -o 'nothing to do ([0-9]* read requests)' "$T/conv.err")"
