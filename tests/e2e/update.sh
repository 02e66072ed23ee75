#!/bin/sh
# End-to-end: `mailfleet update accounts` (by email and by id), the new
# passwords land at the provider, and forwarding links are set.
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
pw_of() {
	curl -s -H 'Authorization: Bearer pat_sandbox' \
	    "$MD_URL/v1/user/accounts-lookup?keyword=$1" |
	    python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["password"], (i[0]["forwarding_account"] or {}).get("email", "-"))'
}
printf 'domain\nupd.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" -o "$T/d.out"
sleep 1
printf 'email\na@upd.com\nb@upd.com\nc@upd.com\n' > "$T/a.csv"
MFX import accounts "$T/a.csv" -o "$T/a.out"
printf 'email\nreplies@maildoso.email\n' > "$T/f.csv"
MFX import forwarding "$T/f.csv" -o "$T/f.out"
expect_eq forwarding_created "$(grep -c ',created,' "$T/f.out")" 1

id_b=$(grep '^b@upd.com,' "$T/a.out" | cut -d, -f6)
cat > "$T/u.csv" <<CSV
email,id,password,first_name,forwarding
a@upd.com,,NewPassw0rd123,Ann,replies@maildoso.email
,$id_b,,Bob,
c@upd.com,,,,
nobody@upd.com,,,Nob,
CSV
MFX update accounts "$T/u.csv" -o "$T/u.out"
expect_eq update_exit_2 "$?" 2
check update_a_updated grep -q '^a@upd.com,,NewPassw0rd123,Ann,replies@maildoso.email,updated,' "$T/u.out"
check update_b_by_id grep -q "^,$id_b,,Bob,,updated," "$T/u.out"
check update_c_nothing_to_change grep -q '^c@upd.com,,,,,skipped,"nothing to change: .*",,1,[0-9]*,,$' "$T/u.out"
check update_unknown_failed grep -q '^nobody@upd.com,.*,failed,.*no such account' "$T/u.out"
expect_eq provider_has_new_password_and_link "$(pw_of a%40upd.com)" "NewPassw0rd123 replies@maildoso.email"

printf 'email\nc@upd.com\n' > "$T/n.csv"
MFX update accounts "$T/n.csv" --new-passwords -o "$T/n.out"
expect_eq new_passwords_exit_0 "$?" 0
newpw=$(sed 1d "$T/n.out" | python3 -c 'import csv,sys; print(next(csv.reader(sys.stdin))[6])')
expect_eq generated_password_at_provider "$(pw_of c%40upd.com)" "$newpw -"
check generated_password_meets_rule sh -c "echo '$newpw' | grep -qE '^[A-Za-z0-9]{16}$'"

# --new-passwords does not read the password column: a weak one there is
# neither refused nor sent.
printf 'email,password\nb@upd.com,weak\n' > "$T/w.csv"
MFX update accounts "$T/w.csv" --new-passwords -o "$T/w.out" 2>"$T/w.err"
expect_eq new_passwords_ignores_column_exit_0 "$?" 0
check new_passwords_weak_column_updated grep -q '^b@upd.com,weak,updated,' "$T/w.out"
newpw=$(sed 1d "$T/w.out" | python3 -c 'import csv,sys; print(next(csv.reader(sys.stdin))[7])')
expect_eq new_passwords_generated_not_column "$(pw_of b%40upd.com)" "$newpw -"
check new_passwords_generated_strong sh -c "echo '$newpw' | grep -qE '^[A-Za-z0-9]{16}$'"
finish
