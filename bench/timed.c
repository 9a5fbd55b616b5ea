/* timed STDOUT_FILE CMD...: runs CMD once with its standard output in STDOUT_FILE and prints
 * "elapsed_s peak_kib user_s sys_s" on one line: wall time from a monotonic clock around the
 * child alone, peak resident memory and CPU times from wait4's rusage. Exit status: the
 * command's (127 when it cannot be started, 2 on a usage error).
 *
 * Written in C, not Python: a child forked from a Python interpreter starts with the
 * interpreter's resident set as its high-water mark, which the kernel keeps across exec, so
 * every command timed from Python seemed to need at least about 14 MiB. Forked from this
 * small process, the floor is about 1 MiB. Built by bench/common.sh with the system cc. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: timed STDOUT_FILE CMD...\n");
        return 2;
    }
    int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) { perror(argv[1]); return 2; }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 2; }
    if (pid == 0) {
        dup2(out, 1);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 2; }
    double elapsed = now() - t0;
    printf("%.6f %ld %.6f %.6f\n", elapsed, ru.ru_maxrss,
           (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}
