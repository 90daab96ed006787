#!/usr/bin/env bash
# Installs what the tests and the local pipeline need and starts the Docker engine:
# missing Debian packages from .ci/apt-packages.txt, pnpm at the version pinned in
# package.json, and the workspace's npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < .ci/apt-packages.txt
if ((${#missing[@]})); then
  echo "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

start_dockerd() {
  as_root sh -c "nohup dockerd $* > /tmp/pipeline-kit-dockerd.log 2>&1 &"
  for _ in $(seq 1 30); do docker info > /dev/null 2>&1 && return 0; sleep 1; done
  return 1
}
if ! docker info > /dev/null 2>&1; then
  echo "Starting dockerd"
  if ! start_dockerd; then
    # Sandboxes without iptables: no bridge network; serving containers use --network host.
    echo "dockerd did not start with default networking; retrying with --iptables=false --bridge=none"
    as_root pkill dockerd || true
    sleep 2
    start_dockerd --iptables=false --bridge=none || { cat /tmp/pipeline-kit-dockerd.log; exit 1; }
  fi
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2> /dev/null || true)" != "$pnpm_version" ]; then
  npm install -g "pnpm@$pnpm_version"
fi
pnpm install --frozen-lockfile
