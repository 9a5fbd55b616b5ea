/* stopped PIDFILE: a parent whose child is stopped by SIGSTOP. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>

#include "detach.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	pid_t child = fork_sleeper();
	if (kill(child, SIGSTOP) != 0)
		return 3;
	int status;
	if (waitpid(child, &status, WUNTRACED) != child || !WIFSTOPPED(status))
		return 3;
	write_pid_file(argv[1], getpid());
	sleep_forever();
}
