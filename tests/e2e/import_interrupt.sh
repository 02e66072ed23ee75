#!/bin/sh
# End-to-end: Ctrl-C (SIGINT) during an import. Requests in flight finish,
# rows not sent are "skipped", the result is written, exit 130, and what the
# result calls created is exactly what the provider holds.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
printf 'domain\n' > "$T/d.csv"
i=1; while [ $i -le 40 ]; do echo "int$i.com" >> "$T/d.csv"; i=$((i + 1)); done
MFX import domains --yes "$T/d.csv" --rate off -o "$T/d.out"
sleep 1
{
	echo email
	i=1; while [ $i -le 2000 ]; do echo "i$i@int$(( (i % 40) + 1 )).com"; i=$((i + 1)); done
} > "$T/a.csv"
"$MF" -q --api-url "$MD_URL" --token-file "$T/token" import accounts "$T/a.csv" \
    --rate 5/s -j 4 --batch 25 -o "$T/a.out" &
pid=$!
sleep 2
kill -INT $pid
wait $pid
expect_eq interrupted_exit_130 "$?" 130
expect_eq result_has_every_row "$(sed 1d "$T/a.out" | wc -l)" 2000
other=$(sed 1d "$T/a.out" | grep -v ',created,' | grep -vc ',skipped,')
expect_eq only_created_or_skipped "$other" 0
created=$(grep -c ',created,' "$T/a.out")
check some_created_some_skipped sh -c "[ $created -gt 0 ] && [ $created -lt 2000 ]"
held=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["maildoso_accounts"])')
expect_eq provider_holds_what_result_says "$held" "$created"
finish
