/* pidns PIDFILE: the init (pid 1) of a new pid namespace, with one child of
 * its own; the pid file gets the init's pid as the host sees it. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "detach.h"

static char stack[64 * 1024];

static int ns_init(void *arg)
{
	(void)arg;
	if (setsid() < 0) /* the caller's session is outside this namespace */
		return 3;
	fork_sleeper();
	sleep_forever();
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	pid_t init = clone(ns_init, stack + sizeof stack, CLONE_NEWPID | SIGCHLD, NULL);
	if (init < 0)
		return 3;
	write_pid_file(argv[1], init);
	/* The launcher stays outside and is not dumped: it only waits. */
	int status;
	waitpid(init, &status, 0);
	return 0;
}
