#!/usr/bin/env bash
# test-package.sh [BUILD_DIR]: builds the criu-img Debian package from BUILD_DIR (default build/,
# configured as scripts/build.sh does), installs it with apt into a clean Debian 12 chroot
# (debootstrap --variant=minbase bookworm, resolving its Depends), and there runs each tool's
# --help, one real command per tool on a bundled capture (archives and --hash too, which load the
# libraries the package names by hand), and `man img-show` after installing man-db, which a
# minimal system lacks. Needs root and the Debian mirror ($DEBIAN_MIRROR). The pristine chroot is
# cached in /var/cache/criu-img/ (7 min to make once), downloaded packages too; a run then takes
# about 6 min on 2 busy cores, most of it checking the build and cpack. Not part of
# scripts/test.sh. Exit 0 when every step passed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${1:-build}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=/var/cache/criu-img
base=$cache/bookworm-minbase
tools=(img-show img-encode img-fixpaths img-verify img-diff)
start=$SECONDS
step() { echo "== [$((SECONDS - start)) s] $*"; }
[ "$(id -u)" = 0 ] || { echo "test-package.sh: needs root (debootstrap, chroot)" >&2; exit 2; }
scripts/deps.sh --package

step "building the tools, their man pages and completions in $build/"
scripts/build.sh "$build" --target "${tools[@]/%/-extras}"
step "cpack -G DEB"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/criu-img_*.deb | head -1)
echo "$deb: $(du -h "$deb" | cut -f1)"
dpkg-deb -f "$deb" Package Version Depends Installed-Size
dpkg-deb -c "$deb" | awk '{print "  " $3 "\t" $6}' | grep -v '/$'

if [ ! -x "$base/usr/bin/apt-get" ]; then
  step "debootstrap --variant=minbase bookworm (once; cached in $base)"
  rm -rf "$base.tmp"; mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$base.tmp" "$mirror"
  mv "$base.tmp" "$base"
fi
# The package lists live in the cached chroot too, refreshed when a day old: a run then downloads
# only the packages it has not downloaded before.
if [ -z "$(find "$base/var/lib/apt/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null)" ]; then
  step "apt-get update in the cached chroot (its package lists are missing or a day old)"
  cp /etc/resolv.conf "$base/etc/resolv.conf"
  chroot "$base" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get -q update
fi
root=$(mktemp -d /var/tmp/criu-img-chroot.XXXXXX)
cleanup() {
  for m in var/cache/apt/archives proc dev/pts; do umount "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
step "a fresh copy of the clean chroot in $root"
cp -a "$base/." "$root/"
mkdir -p "$cache/apt-archives/partial"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
mount -t proc proc "$root/proc"
mount --bind /dev/pts "$root/dev/pts"   # apt's log of dpkg's output wants a pty
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() {
  chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

step "apt-get install ./$(basename "$deb") in the chroot (its Depends come from $mirror)"
cp "$deb" "$root/tmp/"
in_root apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")"

step "each tool's --help"
for t in "${tools[@]}"; do
  lines=$(in_root "$t" --help | wc -l)
  echo "  $t --help: $lines lines, exit 0"
done
step "one real command per tool on the bundled captures"
cp -a testdata/captured/relocate-host testdata/captured/relocate-host.map testdata/captured/sleep "$root/tmp/"
mkdir -p "$root/tmp/ckpt/checkpoint"
cp -a testdata/captured/sleep/. "$root/tmp/ckpt/checkpoint/"
cp testdata/gen/archive/config.dump testdata/gen/archive/spec.dump "$root/tmp/ckpt/"
tar -C "$root/tmp/ckpt" --zstd -cf "$root/tmp/ckpt.tar.zst" .
# Runs a command in the chroot, shows its first lines (read whole first: no SIGPIPE), keeps its status.
run() {
  if [ "$1" = sh ]; then echo "  \$ $3"; else echo "  \$ $*"; fi
  local out rc=0
  out=$(in_root "$@" 2>&1) || rc=$?
  head -12 <<<"$out" | sed 's/^/    /'
  return $rc
}
run img-show --view ps /tmp/sleep
run img-show /tmp/ckpt.tar.zst                                  # libarchive13, opened on first use
run img-verify --no-root --hash /tmp/sleep                      # libcrypto.so.3 (libssl3)
run sh -c 'img-show --json /tmp/sleep/core-13181.img | img-encode -o /tmp/core.img && cmp /tmp/core.img /tmp/sleep/core-13181.img && echo "core image re-encoded byte for byte"'
cp -a "$root/tmp/relocate-host" "$root/tmp/repaired"
run img-fixpaths --branch-map /tmp/relocate-host.map /tmp/repaired
rc=0; run img-diff --stat /tmp/relocate-host /tmp/repaired || rc=$?
[ "$rc" = 1 ] || { echo "img-diff: expected exit 1 (the repair changed paths), got $rc" >&2; exit 1; }
echo "    (exit 1: the dumps differ, as they should)"
step "completions and man pages where the package put them"
in_root sh -c 'ls /usr/share/bash-completion/completions/img-* /usr/share/zsh/vendor-completions/_img-* /usr/share/fish/vendor_completions.d/img-* /usr/share/man/man1/img-*' | sed 's/^/  /'
if in_root sh -c 'command -v man' >/dev/null; then echo "man is already there?" >&2; exit 1; fi
echo "  a minimal system has no man: apt-get install man-db"
in_root apt-get install -y -q --no-install-recommends man-db | tail -2
step "man img-show"
in_root env MANPAGER=cat MANWIDTH=80 man img-show | head -8 | sed 's/^/  /'
step "passed: package installed and every tool ran in a clean Debian 12 in $((SECONDS - start)) s"
