#!/usr/bin/env bash
# Refresh the JavaScript vendored from npm packages (never a CDN): the accessibility engine the
# browser tests inject. Run by hand when a version changes; the files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE=4.14.1
work=$(mktemp -d)
(cd "$work" && npm pack "axe-core@$AXE" --silent >/dev/null && tar xzf "axe-core-$AXE.tgz")
cp "$work/package/axe.min.js" "tests/web/vendor/axe-core-$AXE.min.js"
cp "$work/package/LICENSE" tests/web/vendor/axe-core-LICENSE.txt
rm -rf "$work"
