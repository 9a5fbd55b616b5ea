/* detach.h: what the capture programs share. detach() leaves the caller's
 * session (CRIU then needs no --shell-job) and puts /dev/null on fds 0-2;
 * write_pid_file() tells the script which task to dump; fork_sleeper() makes a
 * child that only waits. */
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void write_pid_file(const char *path, pid_t pid)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f) != 0)
		exit(3);
	if (rename(tmp, path) != 0)
		exit(3);
}

/* Becomes a session leader with stdio on /dev/null. */
static inline void detach(void)
{
	if (getpid() == getpgrp() && fork() != 0)
		_exit(0); /* a group leader cannot call setsid(): go on in a child */
	if (setsid() < 0)
		exit(3);
	int null = open("/dev/null", O_RDWR);
	if (null < 0)
		exit(3);
	for (int fd = 0; fd < 3; fd++)
		dup2(null, fd);
	if (null > 2)
		close(null);
}

static inline __attribute__((noreturn)) void sleep_forever(void)
{
	for (;;)
		pause();
}

/* A child that sleeps until killed; its pid (the caller exits 3 when fork fails). */
static inline pid_t fork_sleeper(void)
{
	pid_t child = fork();
	if (child < 0)
		exit(3);
	if (child == 0)
		sleep_forever();
	return child;
}
