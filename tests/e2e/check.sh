#!/bin/sh
# tests/e2e/check.sh - `mailfleet check KIND FILE` end to end: the files in
# samples/ and tests/data/, exit codes (0, 2, 64, 65, 66, 74), the result CSV
# byte for byte on small files, suffixed result columns, -o -, --delimiter,
# --excel, --raw, --provider, UTF-16 input, and mode 0600 when the result
# holds passwords.
. "$(dirname "$0")/lib.sh"
D="$ROOT/tests/data"
umask 022

# rc_of ARGS...: runs mailfleet, stdout to $T/out, stderr to $T/err; prints
# the exit code.
rc_of() { "$MF" "$@" >"$T/out" 2>"$T/err"; echo $?; }
# same NAME GOT_FILE WANT_FILE: byte-for-byte equal.
same() {
	if cmp -s "$2" "$3"; then ok "$1"
	else fail "$1" "$(diff "$3" "$2" | head -n 20)"; fi
}
# has NAME FILE TEXT: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$3" "$2"; then ok "$1"
	else fail "$1" "no [$3] in $(head -c 600 "$2")"; fi
}
mode_of() { stat -c %a "$1"; }

if [ ! -x "$MF" ]; then
	fail "binary" "$MF not built"
	finish
	exit 1
fi

# --- samples/ ------------------------------------------------------------
nsamples=0
for f in "$ROOT"/samples/*.csv; do
	[ -f "$f" ] || continue
	base=$(basename "$f" .csv)
	kind=${base%%-messy*}
	kind=${kind%%_*}
	case $kind in
	domains|external-domains|accounts|forwarding|sender-accounts) ;;
	*) skip "sample $base" "no row kind in its name"; continue ;;
	esac
	nsamples=$((nsamples + 1))
	case $base in *messy*) want=2 ;; *) want=0 ;; esac
	rc=$(rc_of check "$kind" "$f" -o "$T/sample.csv")
	expect_eq "sample $base: exit" "$rc" "$want"
	head -n 1 "$T/sample.csv" | tr -d '\r' | grep -Eq '.status.error$' &&
	    ok "sample $base: status and error columns" ||
	    fail "sample $base: status and error columns" "$(head -n 1 "$T/sample.csv")"
	rows=$(sed -n 's/.*: \([0-9]*\) rows, \([0-9]*\) valid, \([0-9]*\) invalid.*/\1 \2 \3/p' "$T/err")
	set -- $rows
	if [ $# -eq 3 ] && [ "$1" -gt 0 ] && [ $(($2 + $3)) -eq "$1" ]; then
		ok "sample $base: summary adds up"
	else
		fail "sample $base: summary adds up" "$(cat "$T/err")"
	fi
	if [ "$want" -eq 0 ]; then
		expect_eq "sample $base: no invalid rows" "${3:-}" 0
	else
		[ "${3:-0}" -gt 0 ] && ok "sample $base: invalid rows found" ||
		    fail "sample $base: invalid rows found" "$(cat "$T/err")"
	fi
done
[ "$nsamples" -gt 0 ] || skip "samples" "no samples/*.csv"

# The default result name is FILE.check.csv, next to FILE.
if [ -f "$ROOT/samples/accounts.csv" ]; then
	cp "$ROOT/samples/accounts.csv" "$T/accounts.csv"
	rc=$(rc_of check accounts "$T/accounts.csv")
	expect_eq "default output: exit" "$rc" 0
	check "default output: FILE.check.csv written" test -s "$T/accounts.csv.check.csv"
fi

# --- a small file, byte for byte ------------------------------------------
rc=$(rc_of check accounts "$D/accounts_mixed.csv" -o "$T/mixed.csv")
expect_eq "accounts_mixed: exit 2 (some rows invalid)" "$rc" 2
cat >"$T/want" <<'EOF'
email,first_name,last_name,password,forwarding,status,error
ann@brand.com,Ann,Lee,,,valid,
bad-address,Bo,Ray,,,invalid,column 1 (email): address has no @
Cy@Brand.COM,Cy,Oh,weakpass1,,invalid,"column 4 (password): password is too short (9 characters, at least 12) and has no upper-case letter"
dee@brand.com,Dee,Ng,Sup3rSecretPw,dee@maildoso.email,valid,
ANN@brand.com,Ann,Again,,,invalid,column 1 (email): duplicate: this address already appears on line 2
eve@brand.com,Eve,,,eve@gmail.com,invalid,column 5 (forwarding): forwarding inboxes must be @maildoso.email addresses
'=cmd@brand.com,"Mal, Lory",,,,invalid,"column 1 (email): local part has a character mailbox providers refuse (""=""); letters, digits, . _ - + only"
EOF
same "accounts_mixed: result CSV" "$T/mixed.csv" "$T/want"
has "accounts_mixed: summary on stderr" "$T/err" "7 rows, 2 valid, 5 invalid"
has "accounts_mixed: first errors on stderr with file:line" "$T/err" \
    "accounts_mixed.csv:3: column 1 (email): address has no @"
expect_eq "accounts_mixed: password column -> mode 600" "$(mode_of "$T/mixed.csv")" 600
expect_eq "accounts_mixed: nothing left but the result" "$(ls "$T" | grep -c 'mixed')" 1
if grep -q 'weakpass1' "$T/err"; then
	fail "accounts_mixed: stderr never shows a password" "$(cat "$T/err")"
else
	ok "accounts_mixed: stderr never shows a password"
fi

# Mode 0600 even with umask 0; 0644 for results without passwords.
rc=$( (umask 0; rc_of check accounts "$D/accounts_mixed.csv" -o "$T/mixed0.csv") )
expect_eq "umask 0: password result still mode 600" "$(mode_of "$T/mixed0.csv")" 600
rc=$(rc_of check domains "$D/domains_blocked.csv" -o "$T/dom.csv")
expect_eq "no password column -> mode 644" "$(mode_of "$T/dom.csv")" 644

# --raw: no formula guard.
rc=$(rc_of check accounts "$D/accounts_mixed.csv" -o - --raw)
expect_eq "--raw: exit" "$rc" 2
if grep -q '^=cmd@brand.com,"Mal, Lory",,,,invalid,' "$T/out"; then
	ok "--raw: cell written as is"
else
	fail "--raw: cell written as is" "$(cat "$T/out")"
fi
if grep -q "^'=" "$T/out"; then fail "--raw: no quote prefix" "$(cat "$T/out")"
else ok "--raw: no quote prefix"; fi

# -o -: the result on standard output, identical to the file; no file.
rc=$(rc_of check accounts "$D/accounts_mixed.csv" -o -)
expect_eq "-o -: exit" "$rc" 2
same "-o -: same bytes as the file" "$T/out" "$T/want"
check "-o -: no FILE.check.csv created" test ! -e "$D/accounts_mixed.csv.check.csv"

# --excel: BOM and CRLF.
rc=$(rc_of check domains "$D/domains_blocked.csv" --excel -o "$T/excel.csv")
expect_eq "--excel: exit" "$rc" 2
printf '\357\273\277domain,redirect_to,status,error\r\ngood-brand.com,https://good-brand.com,valid,\r\nbrand.xyz,,invalid,column 1 (domain): Maildoso does not register .xyz domains\r\nBrand.Tech,,invalid,column 1 (domain): Maildoso does not register .tech domains\r\nbrand.io,,valid,\r\nbrand.fr,,invalid,column 1 (domain): Maildoso does not register .fr domains\r\nm\303\274nchen.de,,valid,\r\n' >"$T/want"
same "--excel: BOM + CRLF result" "$T/excel.csv" "$T/want"
has "domains_blocked: summary" "$T/err" "6 rows, 3 valid, 3 invalid"

# The blocked TLDs apply to buying at Maildoso only.
rc=$(rc_of --provider coldsend check domains "$D/domains_blocked.csv" -o -)
expect_eq "--provider coldsend: no TLD refusals, exit 0" "$rc" 0
rc=$(rc_of check external-domains "$D/domains_blocked.csv" -o -)
expect_eq "external-domains: no TLD refusals, exit 0" "$rc" 0

# Excel's export: BOM, ';', CRLF, an empty ';;;;' row, Instantly headers.
rc=$(rc_of check accounts "$D/excel_semicolon_bom.csv" -o -)
expect_eq "excel_semicolon_bom: exit 0" "$rc" 0
printf 'Email;First Name;Last Name;IMAP Password;Daily Limit;status;error\nann@brand.com;Ann;Lee;Sup3rSecretPw;30;valid;\nbob@brand.com;Bob;"Ray; Jr";Sup3rSecretPw;30;valid;\n' >"$T/want"
same "excel_semicolon_bom: result keeps ';', drops the empty row" "$T/out" "$T/want"
has "excel_semicolon_bom: 2 rows" "$T/err" "2 rows, 2 valid, 0 invalid"

# refused NAME FILE CHECK_NAME TEXT: `check accounts FILE` exits 65 and
# says TEXT.
refused() {
	rc=$(rc_of check accounts "$2" -o -)
	expect_eq "$1: exit 65" "$rc" 65
	has "$3" "$T/err" "$4"
}

# Excel's "sep=;" first line (after a BOM too): the delimiter, not a row;
# messages keep the file's own line numbers.
printf '\357\273\277sep=;\r\nemail;first_name\r\nann@brand.com;Ann, Lee\r\nbad;Bob\r\n' >"$T/sep.csv"
rc=$(rc_of check accounts "$T/sep.csv" -o -)
expect_eq "sep=; line: exit 2 (one bad row)" "$rc" 2
printf 'email;first_name;status;error\nann@brand.com;Ann, Lee;valid;\nbad;Bob;invalid;column 1 (email): address has no @\n' >"$T/want"
same "sep=; line: read with ';', not a row" "$T/out" "$T/want"
has "sep=; line: the bad row is line 4" "$T/err" "sep.csv:4: column 1 (email)"
printf 'sep=|\nemail|first_name\nann@brand.com|A,B\n' | "$MF" check accounts - -o "$T/sep2.out" 2>"$T/err"
expect_eq "sep=| on stdin: exit 0" "$?" 0
expect_eq "sep=| on stdin: ',' inside a field" "$(sed -n 2p "$T/sep2.out")" "ann@brand.com|A,B|valid|"
printf 'sep=\nemail\n' >"$T/sep3.csv"
refused "sep= without a character" "$T/sep3.csv" "sep= without a character: said" 'line 1: "sep=" must be followed by one delimiter character'

# Unicode spaces in a header count as spaces; a missing column's message
# shows them.
printf 'email\302\240,First\342\200\257Name\nann@brand.com,Ann\n' >"$T/nbsp.csv"
rc=$(rc_of check accounts "$T/nbsp.csv" -o -)
expect_eq "no-break space after email: exit 0" "$rc" 0
has "no-break space after email: row valid" "$T/out" "ann@brand.com,Ann,valid,"
printf 'e\302\240mail x,\343\200\200notes\t\nann@brand.com,n\n' >"$T/nbsp2.csv"
refused "unknown header with Unicode spaces" "$T/nbsp2.csv" "columns found shows them" 'columns found: "e<U+00A0>mail x", "<U+3000>notes<U+0009>"'

# A column named twice (same name, or two names of one field): refused,
# both columns named, no result.
printf 'email,first_name,email\nann@brand.com,Ann,bob@brand.com\n' >"$T/twice.csv"
rc=$(rc_of check accounts "$T/twice.csv" -o "$T/twice.out")
expect_eq "header twice: exit 65" "$rc" 65
has "header twice: both columns named" "$T/err" 'twice.csv: line 1: column 1 "email" and column 3 "email" have the same name'
check "header twice: no result" test ! -e "$T/twice.out"
printf 'sep=;\nFirst Name;email;first_name\302\240\n' >"$T/twice2.csv"
refused "header twice after normalising" "$T/twice2.csv" "header twice after normalising: line 2, visible" 'line 2: column 1 "First Name" and column 3 "first_name<U+00A0>" have the same name'
printf 'Email Address,first_name,From Email\nann@brand.com,Ann,bob@brand.com\n' >"$T/twice3.csv"
refused "two aliases of email" "$T/twice3.csv" "two aliases of email: named" 'column 1 "Email Address" and column 3 "From Email" both name the email column'
rc=$(rc_of diff "$T/twice.csv" "$T/twice.csv")
expect_eq "header twice: diff refuses too (65)" "$rc" 65
printf 'email,password,status,Email\nann@brand.com,Sup3rSecretPw,created,ann@brand.com\n' >"$T/twice4.csv"
rc=$(rc_of export accounts --from "$T/twice4.csv" --format instantly -o "$T/x.csv")
expect_eq "header twice: export --from refuses too (65)" "$rc" 65
# Sequencer copies (IMAP and SMTP logins) are no conflict.
printf 'Email,IMAP Username,IMAP Password,SMTP Username,SMTP Password\nann@brand.com,ann@brand.com,Sup3rSecretPw,ann@brand.com,Sup3rSecretPw\n' >"$T/copies.csv"
rc=$(rc_of check accounts "$T/copies.csv" -o "$T/copies.out")
expect_eq "IMAP/SMTP copies: exit 0" "$rc" 0

# Result columns never overwrite input columns.
rc=$(rc_of check domains "$D/status_column.csv" -o -)
expect_eq "status_column: exit 2" "$rc" 2
expect_eq "status_column: suffixed result columns" "$(head -n 1 "$T/out")" \
    "domain,status,error,status_2,status_3,error_2"
expect_eq "status_column: input status kept" "$(sed -n 2p "$T/out")" \
    "brand.com,old,,x,valid,"

# --delimiter overrides detection.
rc=$(rc_of check accounts "$D/delimiter_ambiguous.csv" -o -)
expect_eq "delimiter detected as ',': no email column, exit 65" "$rc" 65
for d in ';' semicolon; do
	rc=$(rc_of check accounts "$D/delimiter_ambiguous.csv" --delimiter "$d" -o -)
	expect_eq "--delimiter $d: exit 0" "$rc" 0
	printf 'email;note,x;status;error\na@b.com;hello,world;valid;\n' >"$T/want"
	same "--delimiter $d: result" "$T/out" "$T/want"
done
printf 'email\tname\na@b.com\tAnn, Lee\n' >"$T/tab.csv"
rc=$(rc_of check accounts "$T/tab.csv" -o -)
printf 'email\tname\tstatus\terror\na@b.com\tAnn, Lee\tvalid\t\n' >"$T/want"
same "tab-separated input detected, tab output" "$T/out" "$T/want"

# Broken rows never stop the run nor shift the rows after them.
rc=$(rc_of check accounts "$D/broken_rows.csv" -o -)
expect_eq "broken_rows: exit 2" "$rc" 2
expect_eq "broken_rows: statuses in order" \
    "$(sed -n 's/^\(ok[0-9]\)@[^,]*,.*,\(valid\|invalid\),.*/\1 \2/p' "$T/out" | tr '\n' ' ')" \
    "ok2 invalid ok3 valid ok4 invalid ok5 invalid ok6 valid "
expect_eq "broken_rows: multi-line row 1 kept whole and valid" \
    "$(sed -n 2,3p "$T/out" | tr '\n' '|')" 'ok1@brand.com,A,"multi|line",valid,|'
has "broken_rows: unterminated quote reported at its line" "$T/err" \
    "broken_rows.csv:4: column 3: unterminated quoted field"
has "broken_rows: malformed quoting named" "$T/err" \
    "broken_rows.csv:6: column 3: malformed quoting"
has "broken_rows: field count named" "$T/err" \
    "broken_rows.csv:7: column 4: row has 4 fields, the header has 3"

# UTF-16 (Excel's "Unicode text"), generated here.
printf 'email\tfirst_name\r\nanna@brand.com\tJ\303\274rgen\r\n' >"$T/u8.txt"
if iconv -f UTF-8 -t UTF-16LE "$T/u8.txt" >"$T/u16le.body" 2>/dev/null; then
	printf '\377\376' | cat - "$T/u16le.body" >"$T/utf16le.csv"
	iconv -f UTF-8 -t UTF-16BE "$T/u8.txt" >"$T/u16be.body"
	printf '\376\377' | cat - "$T/u16be.body" >"$T/utf16be.csv"
	cp "$T/u16le.body" "$T/utf16le_nobom.csv"
	printf 'email\tfirst_name\tstatus\terror\nanna@brand.com\tJ\303\274rgen\tvalid\t\n' >"$T/want"
	for f in utf16le utf16le_nobom utf16be; do
		rc=$(rc_of check accounts "$T/$f.csv" -o -)
		expect_eq "$f: exit 0" "$rc" 0
		same "$f: converted to UTF-8" "$T/out" "$T/want"
	done
else
	skip "utf16" "iconv cannot write UTF-16"
fi

# Standard input.
rc=$("$MF" check domains - <"$D/domains_blocked.csv" >"$T/out" 2>"$T/err"; echo $?)
expect_eq "stdin: exit 2" "$rc" 2
expect_eq "stdin: result on stdout" "$(grep -c ',valid,$' "$T/out")" 3

# A larger generated file.
awk 'BEGIN { print "email,first_name"; for (i = 0; i < 20000; i++) printf "user%d@brand%d.com,N%d\n", i, i % 50, i }' >"$T/big.csv"
rc=$(rc_of check accounts "$T/big.csv" -o "$T/big.out")
expect_eq "20000 rows: exit 0" "$rc" 0
has "20000 rows: summary" "$T/err" "20000 rows, 20000 valid, 0 invalid"
expect_eq "20000 rows: result lines" "$(wc -l <"$T/big.out" | tr -d ' ')" 20001

# --- exit 65: the file as a whole cannot be read ---------------------------
rc=$(rc_of check accounts "$D/missing_column.csv" -o "$T/x.csv")
expect_eq "missing required column: exit 65" "$rc" 65
has "missing required column: named" "$T/err" "no email column (or username + domain)"
has "missing required column: columns found listed" "$T/err" 'columns found: "name", "notes"'
check "missing required column: no result file" test ! -e "$T/x.csv"
rc=$(rc_of check domains "$D/accounts_mixed.csv" -o -)
expect_eq "domains kind on an accounts file: exit 65" "$rc" 65
: >"$T/empty.csv"
rc=$(rc_of check accounts "$T/empty.csv" -o -)
expect_eq "empty file: exit 65" "$rc" 65
has "empty file: says so" "$T/err" "empty"
printf '\357\273\277\n\n' >"$T/bomonly.csv"
rc=$(rc_of check accounts "$T/bomonly.csv" -o -)
expect_eq "BOM and blank lines only: exit 65" "$rc" 65
printf 'em\377ail,x\n' >"$T/bin.csv"
rc=$(rc_of check accounts "$T/bin.csv" -o -)
expect_eq "header not UTF-8: exit 65" "$rc" 65
printf 'email,first_name\n' >"$T/hdr.csv"
rc=$(rc_of check accounts "$T/hdr.csv" -o -)
expect_eq "header only: exit 0" "$rc" 0
expect_eq "header only: result is the header" "$(cat "$T/out")" \
    "email,first_name,status,error"

# --- exit 66: the input cannot be opened ------------------------------------
rc=$(rc_of check accounts "$T/nope.csv" -o -)
expect_eq "missing file: exit 66" "$rc" 66
mkdir "$T/empty-header"
rc=$(rc_of check accounts "$T/empty-header/missing.csv" -o -)
expect_eq "missing file, path with 'empty' and 'header': exit 66" "$rc" 66
rc=$(rc_of check accounts "$T/empty-header" -o -)
expect_eq "a directory: exit 66" "$rc" 66

# --- exit 74: the result cannot be written ----------------------------------
rc=$(rc_of check accounts "$D/accounts_mixed.csv" -o "$T/no/such/dir/r.csv")
expect_eq "unwritable result: exit 74" "$rc" 74

# --- exit 64: usage -----------------------------------------------------------
rc=$(rc_of check); expect_eq "no KIND/FILE: exit 64" "$rc" 64
rc=$(rc_of check accounts); expect_eq "no FILE: exit 64" "$rc" 64
rc=$(rc_of check accounts a b); expect_eq "extra argument: exit 64" "$rc" 64
rc=$(rc_of check bogus "$D/accounts_mixed.csv")
expect_eq "unknown kind: exit 64" "$rc" 64
has "unknown kind: lists the kinds" "$T/err" "sender-accounts"
rc=$(rc_of check accounts "$D/accounts_mixed.csv" --no-such-option)
expect_eq "unknown option: exit 64" "$rc" 64
rc=$(rc_of check accounts "$D/accounts_mixed.csv" --delimiter x)
expect_eq "bad --delimiter: exit 64" "$rc" 64
rc=$(rc_of --provider nope check accounts "$D/accounts_mixed.csv")
expect_eq "bad --provider: exit 64" "$rc" 64
rc=$(rc_of check accounts "$D/accounts_mixed.csv" --token abc)
expect_eq "--token refused: exit 64" "$rc" 64
rc=$(rc_of check --help); expect_eq "check --help: exit 0" "$rc" 0
has "check --help: usage on stdout" "$T/out" "usage: mailfleet check KIND FILE"
# A pipe is read once: the first pass (duplicates on disk) is for regular
# files only; every row of a 20,000-row pipe is checked.
awk 'BEGIN { print "email"; for (i = 1; i <= 20000; i++) printf "p%d@pipe.example.com\n", i }' > "$T/pipe.csv"
cat "$T/pipe.csv" | "$MF" -q check accounts /dev/stdin -o "$T/pipe.out" 2>"$T/pipe.err"
expect_eq "pipe: exit 0" "$?" 0
expect_eq "pipe: every row checked" "$(grep -c ',valid,' "$T/pipe.out")" 20000
check "no stray result next to the inputs" test -z "$(ls "$D" | grep -v '\.csv$')"
check "no result files in tests/data" test -z "$(ls "$D" | grep '\.check\.csv$')"

finish
