/* zombies PIDFILE: a parent with two zombie children (exited, never waited
 * for), so that CRIU records two dead tasks. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/wait.h>

#include "detach.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	for (int i = 0; i < 2; i++) {
		pid_t child = fork();
		if (child < 0)
			return 3;
		if (child == 0)
			_exit(10 + i); /* exit codes 10 and 11 stay in the zombies */
	}
	/* Wait until both are dead without reaping them. */
	siginfo_t si;
	for (int dead = 0; dead < 2; dead++)
		if (waitid(P_ALL, 0, &si, WEXITED | WNOWAIT) != 0)
			return 3;
	write_pid_file(argv[1], getpid());
	sleep_forever();
}
