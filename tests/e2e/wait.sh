#!/bin/sh
# End-to-end: `mailfleet wait domains` through the lifecycles (Maildoso
# ORDERED -> CONFIGURING -> ACTIVE; ColdSend DNS_PENDING -> activate ->
# SERVICES_CONFIGURING -> ACTIVE), and `mailfleet quota`.
. "$(dirname "$0")/lib.sh"

# Provider time 1000x: Maildoso's set-up minutes take about a second here.
need_sandbox --time-scale 1000 --rate coldsend=none
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }

printf 'domain\nwait1.com\nwait2.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
check bought_domains_start_ordered grep -q ',created,.*,ORDERED,' "$T/d.out"
printf 'Domain Name\nwait1.com\nWAIT2.com.\nnot-mine.com\n' > "$T/w.csv"
MFX wait domains "$T/w.csv" --interval 0.1 --timeout 60 -o "$T/w.out"
expect_eq wait_exit_2_for_unknown "$?" 2
expect_eq wait_two_ready "$(grep -c ',ready,,.*,ACTIVE,' "$T/w.out")" 2
check wait_unknown_failed grep -q '^not-mine.com,failed,not in this account' "$T/w.out"
check wait_keeps_input_rows grep -q '^WAIT2.com.,ready,' "$T/w.out"
MFX wait domains --interval 0.1 --timeout 5 -o "$T/all.out"
expect_eq wait_all_nothing_pending "$?" 0
expect_eq quota_in_use "$(MFX quota | awk '$1 == "domains" { print $3 }')" 2

export COLDSEND_API_KEY=cs_live_sandbox
CSX() { "$MF" -q --provider coldsend --api-url "$CS_URL" "$@"; }
printf 'domain\nmail.wait-cs.com\n' > "$T/c.csv"
CSX import domains "$T/c.csv" --rate off -o "$T/c.out"
CSX wait domains "$T/c.csv" --timeout 0 -o "$T/c0.out"
expect_eq coldsend_timeout_exit_2 "$?" 2
check coldsend_pending_until_activated grep -q ',timeout,.*DNS_PENDING' "$T/c0.out"
CSX wait domains "$T/c.csv" --activate --interval 0.2 --timeout 60 -o "$T/c1.out"
expect_eq coldsend_activate_exit_0 "$?" 0
check coldsend_ready grep -q '^mail.wait-cs.com,ready,,.*,ACTIVE' "$T/c1.out"
finish
