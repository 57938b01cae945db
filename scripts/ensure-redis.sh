#!/usr/bin/env bash
# The job-queue tests (npm run test:queue) start Debian's redis-server themselves, on a free port on 127.0.0.1 with
# their data in a temporary folder. This installs it when the machine has none (as root, else through sudo); nothing
# else needs it: npm test runs without Redis.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  as_root=''
  [ "$(id -u)" -eq 0 ] || as_root=sudo
  echo "test:queue: installing Debian's redis-server" >&2
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server
fi
