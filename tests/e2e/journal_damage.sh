#!/bin/sh
# End-to-end: a journal record that is well formed (its CRC is right) but
# names a row the input cannot have is damage: --resume refuses it with
# exit 65, as other damage, and leaves the journal alone. (Found by
# fuzzing: row 4000000000000 made the loader ask for 32 TiB and abort
# with exit 134.)
. "$(dirname "$0")/lib.sh"

need_sandbox --time-scale 100000
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }
# sealed PAYLOAD: the journal line for PAYLOAD (tabs as \t).
sealed() {
	python3 -c 'import sys, zlib
p = sys.argv[1].replace("\\t", "\t")
print("%08x %s" % (zlib.crc32(p.encode()), p))' "$1"
}

printf 'domain\njd1.com\n' > "$T/d.csv"
MFX import domains --yes "$T/d.csv" --rate off -o "$T/d.out"
sleep 1
printf 'email\na@jd1.com\nb@jd1.com\nc@jd1.com\n' > "$T/a.csv"
MFX import accounts "$T/a.csv" --rate off -o "$T/a.out"
expect_eq first_run_exit_0 "$?" 0
check journal_kept [ -s "$T/a.out.journal" ]
cp "$T/a.out.journal" "$T/j.good"

# A well-formed record inside the input's bounds is still read.
sealed 'I\t3\timport\td@jd1.com\t' >> "$T/a.out.journal"
MFX import accounts "$T/a.csv" -o "$T/a.out" --resume 2>"$T/e0"
expect_eq in_bounds_record_resumes "$?" 0

for seq in 4000000000000 500001001 4; do
	cp "$T/j.good" "$T/a.out.journal"
	sealed "I\\t$seq\\t\\t\\t" >> "$T/a.out.journal"
	cp "$T/a.out.journal" "$T/j.bad"
	MFX import accounts "$T/a.csv" -o "$T/a.out" --resume 2>"$T/e1"
	expect_eq "row_${seq}_exit_65" "$?" 65
	check "row_${seq}_named" grep -q "names row $seq" "$T/e1"
	check "row_${seq}_journal_untouched" cmp -s "$T/a.out.journal" "$T/j.bad"
done
finish
