#!/usr/bin/env bash
# Stops the Podman API service started by start.sh. Containers keep running under conmon; pass
# --remove-containers to also remove every container of the project-local engine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

[ -d "$GLASS_PODMAN_DIR" ] || exit 0
exec 9>"$GLASS_PODMAN_DIR/.lock"
flock 9

if [ "${1:-}" = "--remove-containers" ] && [ -f "$CONTAINERS_CONF" ]; then
  podman rm --all --force --time 0 >/dev/null
fi

pid="$(cat "$GLASS_PODMAN_PIDFILE" 2>/dev/null || true)"
is_service() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'system service'
}

if [ -n "$pid" ] && glass_podman_alive "$pid" && is_service "$pid"; then
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    glass_podman_alive "$pid" || break
    sleep 0.1
  done
  if glass_podman_alive "$pid"; then kill -KILL "$pid"; fi
fi
rm -f "$GLASS_PODMAN_PIDFILE" "$GLASS_PODMAN_SOCKET"
# Services started under a name of their own are short-lived; the main one keeps its log.
if [ "$GLASS_PODMAN_SOCKET_NAME" != podman ]; then rm -f "$GLASS_PODMAN_LOG"; fi
