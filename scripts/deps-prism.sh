#!/bin/sh
# Install Prism (@stoplight/prism-cli, the OpenAPI validating proxy used by
# tests/e2e/sandbox_prism.sh) into the project-local, git-ignored .prism/
# with the machine's npm. Idempotent: does nothing when it is there. Never
# fails the deps step: without npm or a registry it warns and goes on (the
# Prism test then reports itself skipped).
here=$(cd "$(dirname "$0")/.." && pwd)
dir="$here/.prism"
bin="$dir/node_modules/.bin/prism"
if [ -x "$bin" ]; then
	echo "deps: prism present"
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "deps: warning: npm not found; prism not installed (the prism test will be skipped)" >&2
	exit 0
fi
mkdir -p "$dir"
echo "deps: installing @stoplight/prism-cli into .prism/"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
    @stoplight/prism-cli@5 >"$dir/npm.log" 2>&1; then
	echo "deps: warning: npm could not install prism (see .prism/npm.log); the prism test will be skipped" >&2
	exit 0
fi
[ -x "$bin" ] && echo "deps: prism installed" ||
	echo "deps: warning: prism did not install; the prism test will be skipped" >&2
exit 0
