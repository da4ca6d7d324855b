#!/usr/bin/env bash
# Refresh the files vendored from npm packages (never a CDN): the accessibility engine the
# browser tests inject, and the app's CSS foundation (Pico CSS, classless build) with its licence.
# Run by hand when a version changes; the files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE=4.14.1
work=$(mktemp -d)
(cd "$work" && npm pack "axe-core@$AXE" --silent >/dev/null && tar xzf "axe-core-$AXE.tgz")
cp "$work/package/axe.min.js" "tests/web/vendor/axe-core-$AXE.min.js"
cp "$work/package/LICENSE" tests/web/vendor/axe-core-LICENSE.txt
PICO=2.1.1
(cd "$work" && npm pack "@picocss/pico@$PICO" --silent >/dev/null && rm -rf package \
  && tar xzf "picocss-pico-$PICO.tgz")
cp "$work/package/css/pico.classless.min.css" "src/clientfit/web/static/pico-$PICO.classless.min.css"
cp "$work/package/LICENSE.md" src/clientfit/web/static/pico-LICENSE.md
rm -rf "$work"
