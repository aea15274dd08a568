#!/usr/bin/env bash
# Installs the Debian 12 packages msc needs, skipping those already present.
# Usage: tools/install-deps.sh [extra-package ...]
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-program-options-dev
  libsqlite3-dev sqlite3
  libprotobuf-dev protobuf-compiler
  libssl-dev
  libhowardhinnant-date-dev tzdata
  libxlsxwriter-dev
  curl
  # the tests only: Catch2, an independent reader of the workbooks (openpyxl) and an
  # outside business calendar to compare ours with (QuantLib)
  catch2 python3-openpyxl libquantlib0-dev
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or install them with apt-get) and retry" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
