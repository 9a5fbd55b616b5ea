/* img-dump's seccomp target: seccomp DIR [twice]. Installs a BPF filter making sysinfo(2) fail
 * with EPERM (everything else allowed); with "twice", a second one on top making getppid(2)
 * fail the same way; then sleeps. On SIGUSR1 it writes to DIR/report what
 * sysinfo and getppid answer now, and the task's Seccomp mode from /proc/self/status. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "poke.h"


/* Installs a filter failing system call `nr` with EPERM on x86_64, allowing everything else. */
static int install_filter(unsigned nr) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* The "Seccomp:" line of /proc/self/status, without its newline. */
static void seccomp_line(char *out, size_t n) {
    char buf[8192];
    int fd = open("/proc/self/status", O_RDONLY);
    ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    if (fd >= 0) close(fd);
    snprintf(out, n, "Seccomp: ?");
    if (len <= 0) return;
    buf[len] = 0;
    char *at = strstr(buf, "Seccomp:");
    if (!at) return;
    size_t k = strcspn(at, "\n");
    snprintf(out, n, "%.*s", (int)k, at);
}

static void report(FILE *out, void *arg) {
    char line[64];
    (void)arg;
    long r = syscall(SYS_sysinfo, NULL);
    int err = errno;
    long ppid = syscall(SYS_getppid);
    seccomp_line(line, sizeof line);
    fprintf(out, "sysinfo %s\ngetppid %s\n%s\n", r == -1 && err == EPERM ? "EPERM" : "allowed",
            ppid > 0 ? "allowed" : "denied", line);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (install_filter(SYS_sysinfo)) return 1;
    if (argc > 2 && !strcmp(argv[2], "twice") && install_filter(SYS_getppid)) return 1;
    serve_reports(argv[1], report, NULL);
}
