#!/usr/bin/env bash
# make-captures.sh [OUT]: remakes the CRIU 4.2 captures of testdata/captured (zombies, stopped, seccomp,
# pidns, netns, tcp) with the real CRIU (CRIU_BIN, default /root/criu-4.2/criu/criu), as root.
# Each program of testdata/captured/programs/ is built statically, started, dumped into
# OUT/<name>/ (default: testdata/captured), and a copy of the dump is restored to confirm that CRIU
# brings it back; the restored tasks are shown, then killed. Logs: $WORK/<name>.{dump,restore}.log.
# Skips (exit 0) with a message when CRIU 4.2, root or gcc is missing; exit 1 when a dump or a
# restore failed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/testdata/captured}
CRIU_BIN=${CRIU_BIN:-/root/criu-4.2/criu/criu}
# The programs' path is recorded in the images (the exe and its mapping): keep it fixed.
WORK=${WORK:-/var/tmp/cimg-captures}
names=${CAPTURES:-zombies stopped pidns netns tcp seccomp}

skip() { echo "make-captures.sh: skipped: $*"; exit 0; }
[ -x "$CRIU_BIN" ] || skip "no CRIU at $CRIU_BIN (set CRIU_BIN)"
version=$("$CRIU_BIN" --version 2>/dev/null || true)
[[ $'\n'$version$'\n' == *$'\nVersion: 4.2\n'* ]] || skip "$CRIU_BIN is not CRIU 4.2"
[ "$(id -u)" = 0 ] || skip "CRIU needs root"
command -v gcc > /dev/null || skip "no gcc to build the programs"

mkdir -p "$WORK/bin"
extra_opts() { [ "$1" = tcp ] && echo --tcp-established; true; }

# show_tree PID: the task and its children as ps shows them (state Z zombie, T stopped), its pid and
# net namespaces against ours, its TCP connections and its seccomp mode.
show_tree() {
    ps -o pid=,ppid=,stat=,comm= -p "$1" --ppid "$1" 2>/dev/null || true
    echo "   pid ns $(readlink "/proc/$1/ns/pid") net ns $(readlink "/proc/$1/ns/net")" \
        "(ours: $(readlink /proc/self/ns/pid) $(readlink /proc/self/ns/net))"
    nsenter -t "$1" -n ss -tnpH 2>/dev/null | grep "pid=$1," | sed 's/^/   /' || true
    grep -E '^Seccomp(_filters)?:' "/proc/$1/status" 2>/dev/null | tr '\n\t' '  ' | sed 's/^/   /;s/$/\n/' || true
}

kill_tree() {
    local kids
    kids=$(ps -o pid= --ppid "$1" 2>/dev/null || true)
    # shellcheck disable=SC2086  # one pid per word
    kill -9 "$1" $kids 2>/dev/null || true
}

capture() {
    local name=$1 bin=$WORK/bin/$1 pidfile=$WORK/$1.pid dir=$out/$1 copy=$WORK/$1.restore
    gcc -static -O2 -Wall -o "$bin" "$here/testdata/captured/programs/$name.c"
    rm -rf "$dir" "$copy" "$pidfile" "$WORK/$name.restored"
    mkdir -p "$dir"
    "$bin" "$pidfile" &
    for _ in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
    [ -s "$pidfile" ] || { echo "$name: the program did not start" >&2; return 1; }
    local pid; pid=$(cat "$pidfile")
    sleep 0.3
    echo "== $name: pid $pid before the dump"; show_tree "$pid"
    local tree; tree=$(ps -o pid= -p "$pid" --ppid "$pid")
    # shellcheck disable=SC2046
    "$CRIU_BIN" dump -t "$pid" -D "$dir" -v4 -o "$WORK/$name.dump.log" $(extra_opts "$name") ||
        { echo "$name: dump failed, see $WORK/$name.dump.log" >&2; kill_tree "$pid"; return 1; }
    wait 2>/dev/null || true
    # The restore needs the dumped pids free: wait until the killed tasks are reaped.
    for _ in $(seq 100); do
        local left=0
        for p in $tree; do [ -e "/proc/$p" ] && left=1; done
        [ $left = 0 ] && break
        sleep 0.1
    done
    cp -a "$dir" "$copy"
    # shellcheck disable=SC2046
    if "$CRIU_BIN" restore -D "$copy" -d -v4 -o "$WORK/$name.restore.log" --pidfile "$WORK/$name.restored" \
        $(extra_opts "$name"); then
        sleep 0.3
        # In a new pid namespace the restored root has a new pid on the host: CRIU's pid file says which.
        local back; back=$(cat "$WORK/$name.restored")
        echo "== $name: restored: PASS (root task $back on the host)"; show_tree "$back"
        kill_tree "$back"
    else
        echo "== $name: restore FAILED, see $WORK/$name.restore.log"
        failed="$failed $name"
    fi
    rm -rf "$copy"
}

echo "CRIU ${version%%$'\n'*}"
echo "kernel $(uname -r)"
failed=""
for n in $names; do capture "$n" || failed="$failed $n"; done
du -sh "$out"
[ -z "$failed" ] || { echo "make-captures.sh: not captured or not restored:$failed" >&2; exit 1; }
