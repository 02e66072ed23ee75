#!/bin/sh
# Install the official MCP TypeScript SDK (@modelcontextprotocol/sdk, the
# client tests/e2e/mcp_sdk.sh drives `mailfleet mcp` with) into the
# project-local, git-ignored .mcp-sdk/ with the machine's npm. Idempotent:
# does nothing when it is there. Never fails the deps step: without npm or
# a registry it warns and goes on (the SDK test then reports itself
# skipped).
here=$(cd "$(dirname "$0")/.." && pwd)
dir="$here/.mcp-sdk"
pkg="$dir/node_modules/@modelcontextprotocol/sdk/package.json"
if [ -f "$pkg" ]; then
	echo "deps: mcp sdk present"
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "deps: warning: npm not found; the MCP SDK not installed (the mcp sdk test will be skipped)" >&2
	exit 0
fi
mkdir -p "$dir"
echo "deps: installing @modelcontextprotocol/sdk into .mcp-sdk/"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    @modelcontextprotocol/sdk@1 >"$dir/npm.log" 2>&1; then
	echo "deps: warning: npm could not install the MCP SDK (see .mcp-sdk/npm.log); the mcp sdk test will be skipped" >&2
	exit 0
fi
[ -f "$pkg" ] && echo "deps: mcp sdk installed" ||
	echo "deps: warning: the MCP SDK did not install; the mcp sdk test will be skipped" >&2
exit 0
