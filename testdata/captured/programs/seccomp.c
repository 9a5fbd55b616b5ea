/* seccomp PIDFILE: a process under two stacked seccomp filters (each allows
 * every system call), so that CRIU records a chain of filters in seccomp.img
 * and the thread's core says "filter" mode. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "detach.h"

static int allow_all(void)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = code };
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || allow_all() != 0 || allow_all() != 0)
		return 3;
	write_pid_file(argv[1], getpid());
	sleep_forever();
}
