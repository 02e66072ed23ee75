#!/bin/sh
# Install the Debian packages mailfleet needs, only those that are missing.
# Idempotent: prints one line and does nothing when everything is present.
set -eu
PKGS="libcurl4-openssl-dev libcsv-dev libjsmn-dev libmicrohttpd-dev libcmocka-dev pkg-config curl python3 time zsh groff-base clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$missing" ]; then
	echo "deps: all packages present"
else
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# Prism (the OpenAPI validator the sandbox test uses), project-local.
[ ! -x "$here/deps-prism.sh" ] || "$here/deps-prism.sh"
# The MCP TypeScript SDK (the client the mcp test drives), project-local.
[ ! -x "$here/deps-mcp-sdk.sh" ] || "$here/deps-mcp-sdk.sh"
