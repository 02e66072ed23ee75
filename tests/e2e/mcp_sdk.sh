#!/bin/sh
# End-to-end: `mailfleet mcp` driven by the official MCP TypeScript SDK
# (@modelcontextprotocol/sdk, installed by make deps into .mcp-sdk/)
# against the sandbox; tests/e2e/mcp_client.mjs does the calls and prints
# one ok / not ok line per check. Skipped (never passed) without node or
# the package.
. "$(dirname "$0")/lib.sh"

SDK="$ROOT/.mcp-sdk"
if ! command -v node >/dev/null 2>&1; then
	skip mcp_sdk "node not found"
	finish
	exit 0
fi
if [ ! -f "$SDK/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
	skip mcp_sdk "@modelcontextprotocol/sdk not installed (make deps installs it with npm)"
	finish
	exit 0
fi
need_sandbox --time-scale 100000 --taken-domain mcp-taken.com \
    --price domains=1500:3,1200
W="$T/work"
mkdir -p "$W"
printf 'domain\nmcp-one.com\nmcp-two.com\nbad_domain\n' > "$W/d.csv"
printf 'domain\nmcp-one.com\nmcp-two.com\n' > "$W/dv.csv"
printf 'domain\nmcp-three.com\n' > "$W/e.csv"
printf 'domain\nmcp-c1.com\nmcp-taken.com\nmcp-c2.com\nmcp-c3.com\nmcp-c4.com\n' > "$W/c.csv"
printf 'email,first_name,password\nann@mcp-one.com,Ann,\nbob@mcp-one.com,Bob,Sup3rSecretPass1\ncy@mcp-two.com,Cy,\n' > "$W/a.csv"
{
	echo domain
	i=1; while [ $i -le 40 ]; do echo "mcp-long$i.com"; i=$((i + 1)); done
} > "$W/long.csv"
TRANSCRIPT="$T/transcript.txt" node "$ROOT/tests/e2e/mcp_client.mjs" \
    "$SDK" "$MF" "$MD_URL" "$T/token" "$W" > "$T/mcp.out" 2> "$T/mcp.err"
rc=$?
while IFS= read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) n=${line#not ok }; fail "${n%%:*}" "${n#*: }" ;;
	esac
done < "$T/mcp.out"
expect_eq client_exit_0 "$rc" 0
[ "$rc" -eq 0 ] || tail -n 20 "$T/mcp.err" >&2
dups=$(curl -s "http://127.0.0.1:$PORT/_sandbox/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["duplicates"])')
expect_eq no_duplicates_after_cancel_and_resume "$dups" 0
[ -z "${MCP_TRANSCRIPT:-}" ] || cp "$T/transcript.txt" "$MCP_TRANSCRIPT"
finish
