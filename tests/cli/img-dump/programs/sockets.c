/* img-dump's unix socket target: sockets DIR [split|inet|scm]. A stream and a datagram socketpair, each
 * with data queued on its second end, then sleeps. On SIGUSR1 it reads what is queued (without
 * blocking) and writes it, and whether each pair still carries new data both ways, to DIR/report.
 * With "split", a child holds one end of a third (stream) pair and echoes what comes on it; the
 * report then also says whether the child answers. With "inet", it also holds a TCP socket
 * listening on 127.0.0.1 (fd 7), a kind img-dump refuses. With "scm", a third datagram on the
 * datagram pair carries a descriptor (SCM_RIGHTS), which img-dump refuses too. With "filter", the
 * stream pair's second end (fd 4) has a socket filter (SO_ATTACH_FILTER), also refused. */
#include <arpa/inet.h>
#include <linux/filter.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <unistd.h>

#include "poke.h"

/* Appends every message now queued on `fd` to `out`, one per line. */
static void drain(int fd, const char *tag, FILE *out) {
    char buf[256];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT)) > 0) {
        buf[n] = 0;
        fprintf(out, "%s: %s\n", tag, buf);
    }
}

/* "ok" when a message sent on `a` arrives on `b` and one sent on `b` arrives on `a`. */
static const char *both_ways(int a, int b) {
    char buf[16];
    if (send(a, "ping", 4, 0) != 4 || recv(b, buf, sizeof buf, MSG_DONTWAIT) != 4) return "broken";
    if (send(b, "pong", 4, 0) != 4 || recv(a, buf, sizeof buf, MSG_DONTWAIT) != 4) return "broken";
    return "ok";
}

/* The child of "split": echoes every message on `fd` until the other end goes. */
static void echo_forever(int fd) {
    char buf[256];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) send(fd, buf, (size_t)n, 0);
    _exit(0);
}

/* "ok" when the child echoes a message sent on `fd` within a second. */
static const char *echoed(int fd) {
    struct timeval tv = {1, 0};
    char buf[16];
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (send(fd, "echo", 4, 0) != 4 || recv(fd, buf, sizeof buf, 0) != 4) return "broken";
    return memcmp(buf, "echo", 4) ? "garbled" : "ok";
}

/* Sends "fd" with descriptor `fd` attached on `sock`; 0 when sent. */
static int send_fd(int sock, int fd) {
    char control[CMSG_SPACE(sizeof(int))] = {0};
    struct iovec iov = {"fd", 2};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(sock, &m, 0) == 2 ? 0 : -1;
}

struct pairs { int s[2], d[2], t; };

static void report(FILE *out, void *arg) {
    struct pairs *p = arg;
    drain(p->s[1], "stream", out);
    drain(p->d[1], "dgram", out);
    fprintf(out, "stream pair %s\ndgram pair %s\n", both_ways(p->s[0], p->s[1]), both_ways(p->d[0], p->d[1]));
    if (p->t >= 0) fprintf(out, "child %s\n", echoed(p->t));
}

int main(int argc, char **argv) {
    int s[2], d[2], t[2] = {-1, -1};
    if (argc < 2) return 2;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) || socketpair(AF_UNIX, SOCK_DGRAM, 0, d)) return 1;
    if (argc > 2 && !strcmp(argv[2], "split")) {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, t)) return 1;
        if (fork() == 0) {
            close(s[0]); close(s[1]); close(d[0]); close(d[1]); close(t[0]);
            echo_forever(t[1]);
        }
        close(t[1]);
    }
    if (argc > 2 && !strcmp(argv[2], "inet")) {
        int l = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1)) return 1;
    }
    if (argc > 2 && !strcmp(argv[2], "filter")) {
        struct sock_filter accept_all[] = {BPF_STMT(BPF_RET | BPF_K, 0xffff)};
        struct sock_fprog prog = {1, accept_all};
        if (setsockopt(s[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog)) return 1;
    }
    if (send(s[0], "stream-queued", 13, 0) != 13) return 1;
    if (send(d[0], "dgram-one", 9, 0) != 9 || send(d[0], "dgram-two", 9, 0) != 9) return 1;
    if (argc > 2 && !strcmp(argv[2], "scm") && send_fd(d[0], 0)) return 1;
    struct pairs p = {{s[0], s[1]}, {d[0], d[1]}, t[0]};
    serve_reports(argv[1], report, &p);
}
