#!/bin/sh
# Installs the Debian packages Parley builds and tests with, when missing.
#
# Idempotent: when every package is already installed this is one dpkg-query
# call and exits at once. Runs apt-get through sudo only when not root.
# Usage: tools/install-deps.sh [--test]   (--test adds what the tests use)
set -eu

BUILD_PKGS="build-essential cmake pkg-config ragel python3 \
  libevent-dev libyajl-dev libcurl4-openssl-dev libsqlite3-dev \
  portaudio19-dev zlib1g-dev"
TEST_PKGS="clang libclang-rt-14-dev python3-websockets curl"

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

if [ -z "$missing" ]; then
  exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
