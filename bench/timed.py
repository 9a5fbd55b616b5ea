#!/usr/bin/env python3
"""timed.py STDOUT_FILE CMD...: runs CMD once with its standard output in STDOUT_FILE and prints
"elapsed_s peak_kib user_s sys_s" on one line: wall time from a monotonic clock around the
child alone (no shell, no GNU time in between), peak RSS and CPU times from wait4's rusage.
Exit status: the command's."""
import os
import subprocess
import sys
import time

out_path, cmd = sys.argv[1], sys.argv[2:]
with open(out_path, "wb") as out:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out)
    _, status, ru = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
proc.returncode = os.waitstatus_to_exitcode(status)
print(f"{elapsed:.6f} {ru.ru_maxrss} {ru.ru_utime:.6f} {ru.ru_stime:.6f}")
sys.exit(proc.returncode)
