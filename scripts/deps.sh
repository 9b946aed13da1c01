#!/usr/bin/env bash
# deps.sh - install the Debian 12 packages vigil needs to build and test (idempotent).
# Installs only what is missing; needs root (or sudo) when something is missing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config clang libclang-rt-14-dev
      libyaml-dev libjansson-dev libcmocka-dev libarchive-dev libsqlite3-dev zlib1g-dev libpcre2-dev
      libcurl4-openssl-dev libmicrohttpd-dev golang-go libbpf-dev bpftool netcat-traditional
      openssl curl python3 python3-yaml python3-jsonschema python3-packaging python3-rpm python3-h2 time)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
