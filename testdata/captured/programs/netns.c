/* netns PIDFILE: a process in a new network namespace of its own, its
 * loopback up and a UDP socket bound to it. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "detach.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	if (unshare(CLONE_NEWNET) != 0)
		return 3;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return 3;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
		return 3;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(45701) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
		return 3;
	write_pid_file(argv[1], getpid());
	sleep_forever();
}
