#!/usr/bin/env bash
# Runs before `npm test`: installs what the tests need beyond npm packages — a real redis-server
# (Debian package) for the Redis store tests. Does nothing when it is already installed.
set -euo pipefail
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version
