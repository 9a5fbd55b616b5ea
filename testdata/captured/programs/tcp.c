/* tcp PIDFILE: one process holding both ends of an established TCP
 * connection over 127.0.0.1 (it listened, connected to itself and accepted),
 * with a few bytes queued unread in each direction. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "detach.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	detach();
	int lst = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (lst < 0 || bind(lst, (struct sockaddr *)&a, sizeof a) != 0 || listen(lst, 1) != 0 ||
	    getsockname(lst, (struct sockaddr *)&a, &len) != 0)
		return 3;
	int cli = socket(AF_INET, SOCK_STREAM, 0);
	if (cli < 0 || connect(cli, (struct sockaddr *)&a, sizeof a) != 0)
		return 3;
	int srv = accept(lst, NULL, NULL);
	if (srv < 0)
		return 3;
	const char up[] = "client-to-server\n", down[] = "server-to-client\n";
	if (write(cli, up, strlen(up)) != (ssize_t)strlen(up) || write(srv, down, strlen(down)) != (ssize_t)strlen(down))
		return 3;
	write_pid_file(argv[1], getpid());
	sleep_forever();
}
