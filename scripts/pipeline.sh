#!/usr/bin/env bash
# The README's main command: installs what is needed, then runs the complete pipeline
# locally against the bundled sample app (pnpm pipeline).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
pnpm pipeline "$@"
