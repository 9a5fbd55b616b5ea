#!/usr/bin/env bash
# deps.sh [--test] [--fuzz] [--bench] [--package]: installs the Debian 12 packages criu-img needs,
# when missing. Alone: what building the tools needs (their runtime libraries come with the -dev
# packages). --test adds what the test suites run; --fuzz what fuzz/ and scripts/check-clang.sh
# need; --bench what bench/*.sh compare against; --package what scripts/test-package.sh uses.
set -euo pipefail
# The tools and img-tui: compiler and build system, protobuf (schemas), CLI11, fmt, nlohmann-json,
# libarchive (checkpoint archives, opened at run time), PCRE2 (--search-regex), OpenSSL's libcrypto
# (--hash, opened at run time), ncurses (img-tui).
build=(cmake g++ make pkg-config libprotobuf-dev protobuf-compiler libcli11-dev libfmt-dev nlohmann-json3-dev
       libarchive-dev libpcre2-dev libssl-dev libncurses-dev)
# googletest, tar's --zstd for the archive suites, tmux for the img-tui pty tests, gdb for core
# files, zsh and fish to load the completion scripts the build writes.
test=(libgtest-dev libgmock-dev zstd tmux gdb zsh fish)
fuzz=(clang python3)           # libFuzzer comes with clang; corpus scripts are python
bench=(criu python3)           # criu brings Debian's crit 3.17, timed against ours
package=(dpkg-dev debootstrap) # dpkg-shlibdeps for CPack's Depends; a clean chroot to install into
pkgs=("${build[@]}")
for arg in "$@"; do
  case $arg in
    --test) pkgs+=("${test[@]}") ;;
    --fuzz) pkgs+=("${fuzz[@]}") ;;
    --bench) pkgs+=("${bench[@]}") ;;
    --package) pkgs+=("${package[@]}") ;;
    -h|--help) sed -n '2,5s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "deps.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done
missing=()
for p in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps.sh: every package needed is installed (${#pkgs[@]} checked)"
  exit 0
fi
start=$SECONDS
sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
echo "deps.sh: missing ${#missing[@]} packages: ${missing[*]}"
echo "deps.sh: apt-get update (waiting on the Debian mirror for the package lists)"
"${sudo_cmd[@]}" apt-get update
echo "deps.sh: apt-get install (downloads, then unpacks and sets up each package with its dependencies)"
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
echo "deps.sh: installed ${#missing[@]} packages in $((SECONDS - start)) s"
