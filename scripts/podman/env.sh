# Shared settings of the project-local Podman engine; sourced by start.sh, stop.sh and podman.sh.
# Everything lives under GLASS_PODMAN_DIR so that nothing in /etc or /var/lib is touched and a
# Podman used for other purposes on the same host never sees these containers.

GLASS_PODMAN_DIR="${GLASS_PODMAN_DIR:-/tmp/glass-podman}"
# Tests that stop and restart the service run a second one on the same storage under its own name.
GLASS_PODMAN_SOCKET_NAME="${GLASS_PODMAN_SOCKET_NAME:-podman}"
GLASS_PODMAN_SOCKET="${GLASS_PODMAN_DIR}/${GLASS_PODMAN_SOCKET_NAME}.sock"
GLASS_PODMAN_PIDFILE="${GLASS_PODMAN_DIR}/${GLASS_PODMAN_SOCKET_NAME}.pid"
GLASS_PODMAN_LOG="${GLASS_PODMAN_DIR}/${GLASS_PODMAN_SOCKET_NAME}.log"
GLASS_PODMAN_IMAGE="${GLASS_PODMAN_IMAGE:-localhost/glass/busybox:latest}"

export CONTAINERS_CONF="${GLASS_PODMAN_DIR}/containers.conf"
export CONTAINERS_STORAGE_CONF="${GLASS_PODMAN_DIR}/storage.conf"
# Keeps podman from reading a registries or policy file of the user's own.
export CONTAINERS_REGISTRIES_CONF="${GLASS_PODMAN_DIR}/registries.conf"

# Whether a process runs. A zombie counts as gone: where no init reaps orphans, a stopped
# service stays one.
glass_podman_alive() {
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]
}
