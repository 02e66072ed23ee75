#!/bin/sh
# End-to-end: `mailfleet diff` on added, removed and changed rows, sorted
# (streamed) and unsorted (held in memory) inputs, identical files and
# broken ones.
. "$(dirname "$0")/lib.sh"

printf 'email,first_name,status\na@x.com,Ann,active\nb@x.com,Bob,pending\nc@x.com,Cy,active\nd@x.com,Di,active\n' > "$T/old.csv"
printf 'Email Account,status,first_name,note\nA@x.com,active,Ann,\nb@x.com,active,Bob,\nd@x.com,active,Dee,hi\ne@x.com,pending,Eve,\n' > "$T/new.csv"
"$MF" diff "$T/old.csv" "$T/new.csv" -o "$T/d.csv" > "$T/sum.txt"
expect_eq differ_exit_1 "$?" 1
expect_eq summary "$(cat "$T/sum.txt")" "diff: 1 added, 1 removed, 2 changed, 1 unchanged (both sorted by key: streamed)"
expect_eq sorted_result "$(cat "$T/d.csv")" "change,key,changed_columns,Email Account,status,first_name,note
changed,b@x.com,status,b@x.com,active,Bob,
removed,c@x.com,,c@x.com,active,Cy,
changed,d@x.com,first_name;note,d@x.com,active,Dee,hi
added,e@x.com,,e@x.com,pending,Eve,"
expect_eq result_mode_0600 "$(stat -c %a "$T/d.csv")" 600

# The same rows shuffled: not sorted, same differences (NEW's order,
# then the removed rows in OLD's order).
{ head -n 1 "$T/old.csv"; tail -n +2 "$T/old.csv" | sort -r; } > "$T/old2.csv"
{ head -n 1 "$T/new.csv"; tail -n +2 "$T/new.csv" | sort -r; } > "$T/new2.csv"
"$MF" diff "$T/old2.csv" "$T/new2.csv" -o "$T/d2.csv" > "$T/sum2.txt"
expect_eq unsorted_exit_1 "$?" 1
check unsorted_says_memory grep -q '1 added, 1 removed, 2 changed, 1 unchanged (not sorted: OLD held in memory)' "$T/sum2.txt"
expect_eq unsorted_same_rows "$(tail -n +2 "$T/d2.csv" | sort)" "$(tail -n +2 "$T/d.csv" | sort)"
expect_eq unsorted_removed_last "$(tail -n 1 "$T/d2.csv")" "removed,c@x.com,,c@x.com,active,Cy,"

# Identical (up to column order and case of the key): exit 0, header only.
printf 'first_name,email,status\nAnn,A@X.COM,active\nBob,b@x.com,pending\nCy,c@x.com,active\nDi,d@x.com,active\n' > "$T/same.csv"
"$MF" diff "$T/old.csv" "$T/same.csv" 2>"$T/sum3.txt" > "$T/d3.csv"
expect_eq identical_exit_0 "$?" 0
expect_eq identical_header_only "$(wc -l < "$T/d3.csv")" 1
check identical_summary_on_stderr grep -q '0 added, 0 removed, 0 changed, 4 unchanged' "$T/sum3.txt"

# --key: ids of digits compare as numbers (an export ordered by id).
printf 'id,v\n9,a\n10,b\n100,c\n' > "$T/i1.csv"
printf 'id,v\n9,a\n10,B\n1000,d\n' > "$T/i2.csv"
"$MF" diff --key id "$T/i1.csv" "$T/i2.csv" -o "$T/i.csv" > "$T/isum.txt"
check numeric_keys_streamed grep -q '1 added, 1 removed, 1 changed, 1 unchanged (both sorted' "$T/isum.txt"

# Columns that share an alias are compared each by its own name, and each
# shows in the result: id and domain_id; IMAP and SMTP Password.
printf 'id,email,domain_id\n1,a@x.com,10\n2,b@x.com,20\n' > "$T/a1.csv"
printf 'id,email,domain_id\n1,a@x.com,10\n2,b@x.com,21\n' > "$T/a2.csv"
"$MF" diff "$T/a1.csv" "$T/a2.csv" -o "$T/a.csv" > "$T/asum.txt"
expect_eq alias_columns_differ_1 "$?" 1
check alias_columns_changed grep -q '0 added, 0 removed, 1 changed, 1 unchanged' "$T/asum.txt"
expect_eq alias_columns_all_shown "$(cat "$T/a.csv")" "change,key,changed_columns,id,email,domain_id
changed,b@x.com,domain_id,2,b@x.com,21"
# The result is an input the other commands read (no column named twice):
"$MF" -q check accounts "$T/a.csv" -o "$T/a.check.csv" 2>"$T/a.check.err"
expect_eq diff_result_reads_back "$?" 0
H='Email,First Name,Last Name,IMAP Username,IMAP Password,IMAP Host,IMAP Port,SMTP Username,SMTP Password,SMTP Host,SMTP Port'
printf '%s\na@x.com,A,L,a@x.com,Pw1secretAAA,imap.x,993,a@x.com,Pw1secretAAA,smtp.x,587\n' "$H" > "$T/in1.csv"
printf '%s\na@x.com,A,L,a@x.com,Pw1secretAAA,imap.x,993,a@x.com,Pw2secretBBB,smtp.x,587\n' "$H" > "$T/in2.csv"
"$MF" diff "$T/in1.csv" "$T/in2.csv" -o "$T/in.csv" > "$T/insum.txt" 2>"$T/in.err"
expect_eq smtp_password_differs_1 "$?" 1
check smtp_password_changed grep -q '0 added, 0 removed, 1 changed, 0 unchanged' "$T/insum.txt"
expect_eq smtp_password_named "$(cut -d, -f1-3 "$T/in.csv" | tail -n 1)" "changed,a@x.com,SMTP Password"
expect_eq smtp_password_every_column "$(head -n 1 "$T/in.csv")" "change,key,changed_columns,$H"
check password_not_in_summary_or_log sh -c "! grep -q secret '$T/insum.txt' '$T/in.err'"
expect_eq alias_result_mode_0600 "$(stat -c %a "$T/in.csv")" 600

# Broken inputs.
printf 'email,v\na@x.com,1\na@x.com,2\n' > "$T/dup.csv"
"$MF" diff "$T/old.csv" "$T/dup.csv" -o "$T/x.csv" 2>"$T/dup.err"
expect_eq duplicate_key_65 "$?" 65
check duplicate_key_named grep -q 'key "a@x.com" twice' "$T/dup.err"
check no_result_on_error test ! -e "$T/x.csv"
printf 'name\nx\n' > "$T/nokey.csv"
"$MF" diff "$T/old.csv" "$T/nokey.csv" 2>/dev/null
expect_eq missing_key_column_65 "$?" 65
"$MF" diff "$T/old.csv" "$T/nonesuch.csv" 2>/dev/null
expect_eq missing_file_66 "$?" 66
"$MF" diff "$T/old.csv" 2>/dev/null
expect_eq one_file_64 "$?" 64
# The memory bound is enforced for unsorted input.
awk 'BEGIN { print "email,v"; for (i = 200000; i > 0; i--) printf "u%d@x.com,%0200d\n", i, i }' > "$T/big.csv"
"$MF" diff --max-memory 1 "$T/big.csv" "$T/old.csv" 2>"$T/big.err" > /dev/null
expect_eq memory_bound_65 "$?" 65
check memory_bound_stated grep -q 'more than the memory bound (1 MiB)' "$T/big.err"
finish
