#!/bin/sh
# End-to-end: `search domains` (with and without --variations: a taken
# name comes back unavailable with its variations after it, a partial
# name needs N > 0, a blocked TLD is refused offline), its result fed to
# `import domains` as it is; a dry run that marks unavailable and blocked
# names and prices the rest, the total checked against the sandbox's own
# tiers (read here with curl, computed with jq); the consent a purchase
# needs: a prompt on a pseudo-terminal (python3's pty), --yes, refusal
# without a terminal, --max-cost refusing with no write request. Request
# counts (the sandbox's stats) stay within 1.2 x the minimum + 3.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000 --taken-domain taken1.com \
    --price domains=1500:3,1200:6,900 \
    --price maildoso_accounts=300:2,250 --price google_accounts=600
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off; }
api() { curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL$1"; }
stats() { curl -s "http://127.0.0.1:$PORT/_sandbox/stats"; }
used() { stats | jq '.requests.total -
    ([.requests.by_operation["sandbox.stats"][]?] | add // 0)'; }
ops() { stats | jq "[.requests.by_operation[\"$1\"][]?] | add // 0"; }
within() {
	u=$(($(used) - $2))
	if [ $((u * 10)) -le $((12 * $3 + 30)) ]; then ok "$1 ($u requests, minimum $3)"
	else fail "$1" "$u requests, minimum $3, goal <= 1.2 x $3 + 3"; fi
}
# col FILE NAME: the column NAME of FILE's data rows (no quoted commas)
col() { awk -F, -v n="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next } { print $c }' "$1"; }
# expected_cost PRODUCT HELD COUNT: cents of units HELD+1..HELD+COUNT by
# the sandbox's tiers (a tier holds the units its inclusive from..to hold)
expected_cost() {
	api /v1/billing/pricing | jq --arg p "$1" --argjson h "$2" --argjson n "$3" '
	    .[$p].ranges as $r | [range($h + 1; $h + $n + 1) as $u |
	    [$r[] | select(((.from // 0) <= $u) and ((.to // 1e18) >= $u))][0].price] | add // 0'
}
held() { api /v1/user/stats | jq ".$1.in_use"; }
dollars() { awk -v c="$1" 'BEGIN { printf "%d.%02d", c / 100, c % 100 }'; }

# --- search without variations: 250 names, 3 requests of 100 ----------------
{ echo domain; i=0; while [ $i -lt 249 ]; do echo "sr$i.com"; i=$((i + 1)); done
  echo taken1.com; } > "$T/s.csv"
b=$(used); s0=$(ops search_domains)
MFX search domains "$T/s.csv" -o "$T/s.out"
expect_eq search_exit_0 "$?" 0
expect_eq search_one_row_each "$(sed 1d "$T/s.out" | wc -l | tr -d ' ')" 250
expect_eq search_batched "$(($(ops search_domains) - s0))" 3
within search_requests "$b" 6		# me, 3 searches, pricing, stats
check search_taken_unavailable grep -q '^taken1.com,unavailable,.*,taken1.com,false,ok,$' "$T/s.out"
check search_free_available_priced grep -q '^sr7.com,available,,200,1,sr7.com,true,ok,15.00$' "$T/s.out"

# --- with variations: each input row, then its variations ----------------------
printf 'domain\nfoo.com\ntaken1.com\nmy-business\nbad.xyz\n' > "$T/v.csv"
MFX search domains "$T/v.csv" --variations 3 -o "$T/v.out"
expect_eq variations_exit_2_for_the_blocked_row "$?" 2
expect_eq variations_rows_in_input_order "$(col "$T/v.out" requested | tr '\n' ' ')" \
    "foo.com foo.com foo.com foo.com taken1.com taken1.com taken1.com taken1.com my-business my-business my-business  "
expect_eq variations_own_name_first "$(col "$T/v.out" domain | sed -n '1p;5p')" "foo.com
taken1.com"
expect_eq variations_taken_unavailable "$(col "$T/v.out" status | sed -n 5p)" unavailable
check variations_partial_gets_tlds grep -q '^my-business.net,available,' "$T/v.out"
check variations_blocked_refused_offline grep -q '^bad.xyz,invalid,.*does not register .xyz domains,,0,' "$T/v.out"
# a partial name without variations is not a name
printf 'domain\nmy-business\n' > "$T/p.csv"
MFX search domains "$T/p.csv" -o "$T/p.out"
expect_eq partial_without_variations_exit_2 "$?" 2
check partial_without_variations_invalid grep -q '^my-business,invalid,.*two labels' "$T/p.out"

# --- the search result is an import input: search, then buy ----------------------
printf 'domain\nbuy1.com\ntaken1.com\nbuy2\n' > "$T/b.csv"
MFX search domains "$T/b.csv" --variations 1 -o "$T/b.out"
# keep the available rows (awk on the status column), buy them as they are
awk -F, 'NR == 1 || $2 == "available"' "$T/b.out" > "$T/b.buy"
want=$(($(wc -l < "$T/b.buy") - 1))
check search_then_buy_has_rows test "$want" -ge 3
MFX import domains "$T/b.buy" --yes -o "$T/b.res"
expect_eq search_then_buy_exit_0 "$?" 0
# (the search's own columns are carried: the import's outcome is status_2)
expect_eq search_then_buy_created "$(col "$T/b.res" status_2 | grep -c '^created$')" "$want"
# --available-only writes that file itself
printf 'domain\nbuy3.com\ntaken1.com\n' > "$T/c.csv"
MFX search domains "$T/c.csv" --available-only -o "$T/c.out"
expect_eq available_only_rows "$(sed 1d "$T/c.out" | cut -d, -f1)" buy3.com
MFX import domains --yes "$T/c.out" -o "$T/c.res"
expect_eq available_only_then_buy "$(col "$T/c.res" status_2)" created

# --- the dry run: unavailable, blocked, and the price ----------------------------
printf 'domain\nd1.com\ntaken1.com\nd2.com\nbad.xyz\nd3.com\nd4.com\nd5.com\nbuy1.com\n' > "$T/d.csv"
h=$(held domains)
cents=$(expected_cost domains "$h" 5)
check tiers_make_a_difference test "$cents" -ne $((5 * 1500))
b=$(used)
"$MF" --api-url "$MD_URL" --token-file "$T/token" import domains "$T/d.csv" --dry-run 2>"$T/d.err"
expect_eq dry_run_exit_2 "$?" 2
within dry_run_requests "$b" 5		# me, domains, stats, search, pricing
expect_eq dry_run_statuses "$(col "$T/d.csv.plan.csv" status | tr '\n' ' ')" \
    "planned unavailable planned invalid planned planned planned exists "
check dry_run_total_said grep -q "would buy 5 domains for \$$(dollars "$cents"); 1 unavailable" "$T/d.err"
expect_eq dry_run_row_prices_add_up "$(col "$T/d.csv.plan.csv" price | awk -F. '$0 != "" { c += $1 * 100 + $2 } END { print c + 0 }')" "$cents"

# --- consent --------------------------------------------------------------------
writes() { ops create_user_domains; }
w0=$(writes)
# no terminal (setsid: no controlling one), no --yes: refused
setsid -w "$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/d.csv" -o "$T/n.out" </dev/null 2>"$T/n.err"
expect_eq no_terminal_exit_64 "$?" 64
check no_terminal_says_yes grep -q 'give --yes' "$T/n.err"
check no_terminal_says_total grep -q "5 domains for \$$(dollars "$cents")" "$T/n.err"
# --max-cost below the total: refused before any write
MFX import domains "$T/d.csv" --yes --max-cost "$(dollars $((cents - 1)))" -o "$T/m.out" 2>"$T/m.err"
expect_eq max_cost_exit_64 "$?" 64
check max_cost_says grep -q 'over --max-cost' "$T/m.err"
MFX import domains "$T/d.csv" --yes --max-cost 12x -o "$T/m.out" 2>/dev/null
expect_eq max_cost_not_dollars_64 "$?" 64
expect_eq refusals_wrote_nothing "$(($(writes) - w0))" 0
check refusals_left_no_journal test ! -e "$T/n.out.journal" -a ! -e "$T/m.out.journal"

# the prompt on a pseudo-terminal: "n" buys nothing, "y" buys
cat > "$T/answer.py" <<'EOF'
import os, pty, sys
answer = sys.argv[1].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
seen = b""
while b"[y/N]" not in seen:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
sys.stdout.write(seen.decode(errors="replace"))
if b"[y/N]" in seen:
    os.write(fd, answer + b"\n")
try:
    while os.read(fd, 1024):
        pass
except OSError:
    pass
_, st = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(st))
EOF
python3 "$T/answer.py" n "$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/d.csv" -o "$T/t.out" > "$T/t.tty"
expect_eq prompt_no_exit_3 "$?" 3
check prompt_shows_total grep -q "buy 5 domains for \$$(dollars "$cents"); 1 unavailable, not bought? \[y/N\]" "$T/t.tty"
expect_eq prompt_no_wrote_nothing "$(($(writes) - w0))" 0
b=$(used)
python3 "$T/answer.py" y "$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/d.csv" --max-cost "$(dollars "$cents")" -o "$T/t.out" > "$T/t.tty"
expect_eq prompt_yes_exit_2 "$?" 2		# the unavailable and blocked rows
expect_eq prompt_yes_statuses "$(col "$T/t.out" status | tr '\n' ' ')" \
    "created unavailable created invalid created created created exists "
expect_eq prompt_yes_one_write "$(($(writes) - w0))" 1
# me, domains, stats, search, pricing, 1 POST, a look at each of the 5
within purchase_requests "$b" 11
# nothing left to buy: no consent asked, no price list read
p0=$(ops get_pricing)
setsid -w "$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/d.csv" -o "$T/r.out" </dev/null 2>"$T/r.err"
expect_eq nothing_to_buy_exit_2 "$?" 2
expect_eq nothing_to_buy_no_pricing "$(($(ops get_pricing) - p0))" 0

# --- --resume is priced afresh: what is left to buy, asked again ------------------
printf 'domain\nrs1.com\nrs2.com\nrs3.com\nrs4.com\nrs5.com\nrs6.com\n' > "$T/rs.csv"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/rs.csv" \
    --yes --batch 1 -j 1 --rate 2/s -o "$T/rs.out" </dev/null 2>/dev/null &
pid=$!
i=0	# until the journal holds an outcome (bounded, not timed)
while ! grep -q " O	" "$T/rs.out.journal" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.05; i=$((i + 1))
done
kill -INT $pid; wait $pid
expect_eq resume_interrupted_130 "$?" 130
done1=$(col "$T/rs.out" status | grep -c '^created$')
check resume_some_left test "$done1" -ge 1 -a "$done1" -lt 6
left=$((6 - done1))
setsid -w "$MF" -q --api-url "$MD_URL" --token-file "$T/token" import domains "$T/rs.csv" --resume -o "$T/rs.out" </dev/null 2>"$T/rs.err"
expect_eq resume_needs_consent_again_64 "$?" 64
check resume_prices_what_is_left grep -q "would buy $left domains for \$$(dollars "$(expected_cost domains "$(held domains)" "$left")")" "$T/rs.err"
MFX import domains "$T/rs.csv" --resume --yes -o "$T/rs.out"
expect_eq resume_with_yes_0 "$?" 0
expect_eq resume_all_created "$(col "$T/rs.out" status | grep -c '^created$')" 6

# --- accounts: a dry run prices Maildoso and Google inboxes ---------------------
sleep 1		# the bought domains become ACTIVE (time scale)
printf 'email,provider\nx1@buy1.com,\nx2@buy1.com,\nx3@buy1.com,google\nx4@buy1.com,maildoso\n' > "$T/a.csv"
hm=$(held maildoso_accounts) hg=$(held google_accounts)
am=$(expected_cost maildoso_accounts "$hm" 3) ag=$(expected_cost google_accounts "$hg" 1)
"$MF" --api-url "$MD_URL" --token-file "$T/token" import accounts "$T/a.csv" --dry-run 2>"$T/a.err"
expect_eq accounts_dry_run_exit_0 "$?" 0
check accounts_dry_run_total grep -q "would buy 3 maildoso_accounts for \$$(dollars "$am") and 1 google_accounts for \$$(dollars "$ag")" "$T/a.err"
expect_eq accounts_row_prices "$(col "$T/a.csv.plan.csv" price | tr '\n' ' ')" \
    "3.00 3.00 6.00 2.50 "
finish
