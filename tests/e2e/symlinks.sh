#!/bin/sh
# tests/e2e/symlinks.sh - whoever can write the folder of the result cannot
# get it written elsewhere: symlinks to a 0666 victim are planted at every
# temporary name an old build would use (NAME.tmp, and NAME.tmp.<pid> for
# the process's own pid and the next 1,000) for the result, --failed, the
# sandbox's state and port files; import accounts then runs (and the sandbox
# saves its state). The victim stays as it was, the planted
# links stay as they were, nothing but the intended files appears, and
# every file holding passwords is a regular file of mode 0600.
. "$(dirname "$0")/lib.sh"
umask 000	# the victim's owner invites anyone in; mailfleet must not

N=1000
W="$T/w"
mkdir -p "$W" "$T/v"
V="$T/v/victim.txt"
printf 'victim: keep me\n' > "$V"
chmod 0666 "$V"
cp "$V" "$T/victim.orig"
PID_MAX=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 32768)

# $T/planted CMD...: plants, for each path in $PLANT, PATH.tmp and
# PATH.tmp.<pid> for its own pid and the next $N (wrapping as the kernel
# does), all pointing to the victim, then execs CMD: CMD keeps the pid, so
# an old build's PATH.tmp.<getpid()> is sure to be one of the links.
cat > "$T/planted" <<'SH'
#!/bin/sh
exec perl -e 'my ($v, $n, $max, @cmd) = @ARGV;
    for my $b (split " ", $ENV{PLANT}) {
	symlink($v, "$b.tmp") or die "$b.tmp: $!";
	for my $i (0 .. $n - 1) {
		my $p = $$ + $i;
		$p = $p - $max + 300 if $p >= $max;
		symlink($v, "$b.tmp.$p") or $!{EEXIST} or die "$!";
	}
    }
    exec { $cmd[0] } @cmd or die "$cmd[0]: $!"' "$VICTIM" "$N" "$PID_MAX" "$@"
SH
chmod +x "$T/planted"
export VICTIM="$V" N PID_MAX
links() { find "$T" -type l -name '*.tmp*' -lname "$V" | wc -l; }
# listing: the folder's names but the planted ones.
listing() { ls -A "$W" | grep -v '\.tmp' | sort; }
# pid_planted NAME PID BASE: the process PID found BASE.tmp.PID planted
# (still there, or renamed to BASE by a build that followed it).
pid_planted() {
	if [ -L "$3.tmp.$2" ] || [ -L "$3" ]; then ok "$1"
	else fail "$1" "no $3.tmp.$2"; fi
}

# --- the sandbox, its state file and port file in the shared folder ------
printf '#!/bin/sh\nPLANT="%s %s" exec "%s" "%s" "$@"\n' "$W/state.json" \
    "$T/port" "$T/planted" "$SBX" > "$T/sbx"
chmod +x "$T/sbx"
SBX="$T/sbx"
if ! start_sandbox -q --time-scale 100000 --state "$W/state.json"; then
	fail sandbox_starts "$(cat "$T/sandbox.err")"
	finish
	exit 0
fi
(umask 077 && printf 'pat_sandbox\n' > "$T/token")
pid_planted sandbox_pid_planted "$SBX_PID" "$W/state.json"
MFX() { "$MF" -q --api-url "$MD_URL" --token-file "$T/token" "$@"; }

printf 'domain\nlinks1.com\nlinks2.com\n' > "$W/domains.csv"
MFX import domains --yes "$W/domains.csv" -o "$W/domains.out"
expect_eq domains_exit_0 "$?" 0
sleep 1		# lifecycles at --time-scale 100000

# --- import accounts: -o and --failed in the shared folder ---------------
{
	echo "email,first_name"
	i=1
	while [ $i -le 20 ]; do
		echo "u$i@links$(( i % 2 + 1 )).com,U$i"
		i=$((i + 1))
	done
} > "$W/acc.csv"
listing > "$T/before"
PLANT="$W/r.csv $W/f.csv" "$T/planted" "$MF" -q --api-url "$MD_URL" \
    --token-file "$T/token" import accounts "$W/acc.csv" -o "$W/r.csv" \
    --failed "$W/f.csv" &
pid=$!
wait $pid
expect_eq accounts_exit_0 "$?" 0
pid_planted import_pid_planted "$pid" "$W/r.csv"
expect_eq accounts_20_created "$(grep -c ',created,' "$W/r.csv")" 20

kill -TERM "$SBX_PID"
wait "$SBX_PID"
expect_eq sandbox_stops_0 "$?" 0

check victim_unchanged cmp -s "$V" "$T/victim.orig"
expect_eq victim_mode_kept "$(stat -c %a "$V")" 666
expect_eq planted_links_kept "$(links)" $((4 * (N + 1)))
listing > "$T/after"
expect_eq only_intended_files_new "$(comm -13 "$T/before" "$T/after" | tr '\n' ' ')" \
    "f.csv r.csv r.csv.journal "
expect_eq nothing_removed "$(comm -23 "$T/before" "$T/after" | wc -l)" 0
for f in r.csv f.csv r.csv.journal domains.out state.json; do
	if [ -f "$W/$f" ] && [ ! -L "$W/$f" ]; then ok "${f}_regular_file"
	else fail "${f}_regular_file" "$(ls -l "$W/$f" 2>&1)"; fi
	expect_eq "${f}_mode_0600" "$(stat -c %a "$W/$f")" 600
done
check state_saved grep -q '"u1@links2.com"' "$W/state.json"
expect_eq no_tmp_file_left "$(find "$T" -name '*.tmp.*' -type f | wc -l)" 0

finish
