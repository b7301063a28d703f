#!/usr/bin/env bash
# Runs podman against the project-local engine started by start.sh, e.g.
#   scripts/podman/podman.sh ps --all
#   scripts/podman/podman.sh stats --no-stream --all
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$here/env.sh"
exec podman "$@"
