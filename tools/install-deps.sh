#!/bin/sh
# Installs the Debian packages Parley builds and tests with, when missing.
#
# Idempotent: when every package is already installed this is one dpkg-query
# call and exits at once. Runs apt-get through sudo only when not root.
# Usage: tools/install-deps.sh [--test]   (--test adds what the tests use)
set -eu

BUILD_PKGS="build-essential cmake pkg-config ragel python3 \
  libevent-dev libyajl-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev \
  portaudio19-dev zlib1g-dev libpoppler-glib-dev"
TEST_PKGS="clang libclang-rt-14-dev python3-websockets curl python3-fastapi python3-uvicorn chromium"

pkgs="$BUILD_PKGS"
if [ "${1:-}" = "--test" ]; then
  pkgs="$pkgs $TEST_PKGS"
fi

missing=""
for p in $pkgs; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done

# Node.js and npm: the tests' WebSocket client and the benchmark reference.
# Any node >= 18 on the PATH will do; Debian's otherwise.
if [ "${1:-}" = "--test" ]; then
  if ! command -v node >/dev/null 2>&1; then missing="$missing nodejs"; fi
  if ! command -v npm >/dev/null 2>&1; then missing="$missing npm"; fi
fi

if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# npm packages of the tests (ws), from the committed lock file; again only
# when missing or when the lock file changed since the last install.
if [ "${1:-}" = "--test" ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  lock="$here/tests/node/package-lock.json"
  stamp="$here/tests/node/node_modules/.parley-installed"
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    echo "install-deps: npm ci in tests/node"
    (cd "$here/tests/node" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
fi
