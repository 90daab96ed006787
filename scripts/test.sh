#!/usr/bin/env bash
# The whole test suite: set-up, lint, types, generated docs and bundles, unit and
# integration tests. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh

echo "== lint" && pnpm lint
echo "== typecheck" && pnpm typecheck
echo "== action docs" && pnpm run docs --check
echo "== dist" && pnpm check-dist
echo "== tests"
mkdir -p .tmp
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json --reporter=junit --outputFile.junit=.tmp/junit.xml || status=$?
node scripts/print-test-totals.mjs .tmp/vitest.json
exit $status
