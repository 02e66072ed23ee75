#!/bin/sh
# End-to-end: `mailfleet push` to a connected sequencer, polling each
# account's exported_to_sequencers until completed; an earlier completed
# export is never taken for the new one.
. "$(dirname "$0")/lib.sh"

awk -v n=200 -f "$ROOT/tests/e2e/export_seed.awk" |
    jq -c '.slots.seqs = 1 | .seqs = [{id: 11, platform: "instantly",
        login: "me@x.com", password: "SeqPass1", workspace: null,
        api_key: null, created_at: 1767225600}]
      | .accounts[0].exports = [[11, 1767225600]]' > "$T/s.json"
cp "$T/s.json" "$T/s2.json"
need_sandbox --state "$T/s.json" --time-scale 1000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@" --rate off; }

printf 'email,note\nuser000001@seed0000.com,a\nUSER000002@seed0000.com,b\nuser000003@seed0000.com,c\nnobody@seed0000.com,d\nuser000001@seed0000.com,again\nuser000150@seed0003.com,e\n' > "$T/f.csv"
MFX push "$T/f.csv" --sequencer INSTANTLY --batch 2 --interval 0.05 --timeout 60
expect_eq push_exit_2_for_unknown "$?" 2
R="$T/f.csv.push.csv"
expect_eq push_header "$(head -n 1 "$R")" "email,note,status,error,id,export_status"
expect_eq push_completed "$(grep -c ',completed,,[0-9]*,completed$' "$R")" 5
check push_unknown_failed grep -q '^nobody@seed0000.com,d,failed,no such account at Maildoso,,$' "$R"
check push_duplicate_row grep -q '^user000001@seed0000.com,again,completed,,1002,completed$' "$R"
expect_eq push_result_0600 "$(stat -c %a "$R")" 600
curl -s -H 'Authorization: Bearer pat_sandbox' "$MD_URL/v1/user/accounts-lookup?keyword=user00000" |
    jq -r '.items[] | select(.exported_to_sequencers | length > 0) | .email_account' | sort > "$T/exported"
expect_eq sandbox_has_exports "$(tr '\n' ' ' < "$T/exported")" "user000000@seed0000.com user000001@seed0000.com user000002@seed0000.com user000003@seed0000.com "
batches=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | jq '[.requests.by_operation | to_entries[] | select(.key | test("export")) | .value["202"]] | add')
expect_eq push_batches_of_2 "$batches" 2

printf 'id\n1011\n' > "$T/i.csv"
MFX push "$T/i.csv" --sequencer 11 --interval 0.05 --timeout 60 -o "$T/i.out"
expect_eq push_by_id_exit_0 "$?" 0
check push_by_id grep -q '^1011,completed,,1011,completed$' "$T/i.out"
MFX push "$T/i.csv" --sequencer smartlead -o "$T/x.out" 2>"$T/x.err"
expect_eq unconnected_sequencer_64 "$?" 64
check unconnected_named grep -q 'no such connected sequencer (connected: instantly (11))' "$T/x.err"

# Provider time at normal speed: an export takes minutes. user000000's
# old "completed" export must not count for this push.
start_sandbox --state "$T/s2.json" || fail slow_sandbox_starts
printf 'email\nuser000000@seed0000.com\n' > "$T/old.csv"
MFX push "$T/old.csv" --sequencer instantly --interval 0.05 --timeout 0.3 -o "$T/old.out"
expect_eq old_export_not_taken_exit_2 "$?" 2
check old_export_not_taken grep -q '^user000000@seed0000.com,timeout,not completed when --timeout ran out,1001,pending$' "$T/old.out"
# ColdSend has no push: a usage error said before the token is read (none
# is set here), as quota's.
env -u COLDSEND_API_KEY "$MF" --provider coldsend push "$T/i.csv" \
    --sequencer 11 -o "$T/cs.out" >/dev/null 2>"$T/cs.err"
expect_eq coldsend_push_exit_64 "$?" 64
check coldsend_push_says_so grep -qF 'push is not supported by this provider (coldsend)' "$T/cs.err"
check coldsend_push_no_token_error sh -c "! grep -qi 'token\|COLDSEND_API_KEY' '$T/cs.err'"
finish
