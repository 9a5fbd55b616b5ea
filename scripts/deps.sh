#!/usr/bin/env bash
# Installs the Debian 12 packages criu-img needs to build, test and benchmark, when missing.
set -euo pipefail
pkgs=(cmake g++ make pkg-config libprotobuf-dev protobuf-compiler libcli11-dev libfmt-dev nlohmann-json3-dev
      libgtest-dev libgmock-dev libncurses-dev tmux libarchive-dev libpcre2-dev zstd libssl-dev libbenchmark-dev clang python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
