#!/usr/bin/env bash
# Makes sure the Debian packages that the integration tests use as real peers are installed.
# Installs the missing ones when running as root with apt-get; otherwise prints the exact
# command to run and fails, so that no test can pass or skip for lack of a peer.
set -euo pipefail

packages=(
  sqlite3
  openssl
  mosquitto
  mosquitto-clients
  prometheus
  prometheus-alertmanager
  podman
  runc
  busybox-static
  chromium
  fonts-dejavu-core
  curl
)

# Not a Debian package: Debian's kubernetes-client is 1.20, older than the kustomize 5 that the
# Kubernetes checks render with. Either a recent kubectl or a kustomize binary will do.
check_kustomize() {
  command -v kustomize >/dev/null 2>&1 && return 0
  kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v[5-9]' && return 0
  echo "Missing test peer: kubectl 1.27 or newer (with kustomize 5), or a kustomize 5 binary." >&2
  echo "Install kubectl from the Kubernetes project's own package repository, then run npm test." >&2
  exit 1
}

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  check_kustomize
  exit 0
fi

install_line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing test peers: ${missing[*]}" >&2
  echo "Install them first:  sudo apt-get update && sudo $install_line" >&2
  exit 1
fi

echo "Installing test peers: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Package post-install scripts must not try to start services on a machine without init.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  created_policy=1
fi
trap '[ "$created_policy" -eq 1 ] && rm -f "$policy"' EXIT

apt-get update -qq >/dev/null
$install_line >/tmp/glass-apt-install.log 2>&1 || {
  tail -n 30 /tmp/glass-apt-install.log >&2
  echo "Installing test peers failed: $install_line" >&2
  exit 1
}
check_kustomize
