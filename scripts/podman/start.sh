#!/usr/bin/env bash
# Starts a project-local Podman engine that serves the Docker API on a Unix socket, for the
# docker collector's tests and benchmark. Idempotent: when the service already answers it only
# prints the socket. Prints `DOCKER_HOST=unix://...` on stdout as its last line.
#
#   scripts/podman/start.sh            start (or reuse) the engine
#   GLASS_PODMAN_DIR=/some/dir ...     keep its state somewhere else (default /tmp/glass-podman)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"

mkdir -p "$GLASS_PODMAN_DIR"
exec 9>"$GLASS_PODMAN_DIR/.lock"
flock 9

# Node is there wherever the tests run; curl may not be.
service_answers() {
  [ -S "$GLASS_PODMAN_SOCKET" ] && node -e '
    const request = require("http").get(
      { socketPath: process.argv[1], path: "/_ping", timeout: 2000 },
      (response) => process.exit(response.statusCode === 200 ? 0 : 1),
    );
    request.on("error", () => process.exit(1));
    request.on("timeout", () => process.exit(1));
  ' "$GLASS_PODMAN_SOCKET" >/dev/null 2>&1
}

if service_answers && podman image exists "$GLASS_PODMAN_IMAGE" 2>/dev/null; then
  echo "DOCKER_HOST=unix://$GLASS_PODMAN_SOCKET"
  exit 0
fi

for tool in podman runc busybox node flock; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "scripts/podman/start.sh: '$tool' is missing; run scripts/ensure-peers.sh as root" >&2
    exit 1
  fi
done

run_dir="$GLASS_PODMAN_DIR/run"
boot_id="$(cat /proc/sys/kernel/random/boot_id)"
# Podman expects its run directories on a tmpfs that a reboot empties; these live on disk, so a
# reboot is detected here and their stale contents dropped.
if [ "$(cat "$GLASS_PODMAN_DIR/boot_id" 2>/dev/null)" != "$boot_id" ]; then
  rm -rf "$run_dir"
  echo "$boot_id" >"$GLASS_PODMAN_DIR/boot_id"
fi
mkdir -p "$run_dir" "$GLASS_PODMAN_DIR/storage" "$GLASS_PODMAN_DIR/events"

cat >"$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
netns = "none"
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$GLASS_PODMAN_DIR/events/events.log"
tmp_dir = "$run_dir/libpod"
static_dir = "$GLASS_PODMAN_DIR/storage/libpod"
volume_path = "$GLASS_PODMAN_DIR/storage/volumes"
lock_type = "file"
service_timeout = 0
CONF

cat >"$CONTAINERS_STORAGE_CONF" <<CONF
[storage]
driver = "overlay"
graphroot = "$GLASS_PODMAN_DIR/storage"
runroot = "$run_dir/storage"
CONF

cat >"$CONTAINERS_REGISTRIES_CONF" <<CONF
unqualified-search-registries = []
CONF

if ! podman image exists "$GLASS_PODMAN_IMAGE" 2>/dev/null; then
  rootfs="$(mktemp -d "$GLASS_PODMAN_DIR/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/etc"
  cp "$(readlink -f "$(command -v busybox)")" "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  tar -C "$rootfs" -cf "$GLASS_PODMAN_DIR/busybox-rootfs.tar" .
  podman import --quiet --change 'CMD ["/bin/sh"]' \
    "$GLASS_PODMAN_DIR/busybox-rootfs.tar" "$GLASS_PODMAN_IMAGE" >/dev/null
fi

if ! service_answers; then
  rm -f "$GLASS_PODMAN_SOCKET"
  # Started from /: a service whose working directory was deleted (a removed clone of the
  # repository) still answers pings but fails every container start.
  (cd / && exec nohup podman system service --time=0 "unix://$GLASS_PODMAN_SOCKET") \
    >>"$GLASS_PODMAN_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$GLASS_PODMAN_PIDFILE"

  for _ in $(seq 1 150); do
    service_answers && break
    if ! glass_podman_alive "$(cat "$GLASS_PODMAN_PIDFILE")"; then
      echo "scripts/podman/start.sh: podman system service exited; its log:" >&2
      tail -n 20 "$GLASS_PODMAN_LOG" >&2
      exit 1
    fi
    sleep 0.1
  done
  if ! service_answers; then
    echo "scripts/podman/start.sh: no answer on $GLASS_PODMAN_SOCKET within 15 s" >&2
    exit 1
  fi
fi

echo "DOCKER_HOST=unix://$GLASS_PODMAN_SOCKET"
