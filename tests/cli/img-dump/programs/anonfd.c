/* img-dump's anonymous-inode target: anonfd DIR. An eventfd (counter 5, fd 3), an epoll (fd 4)
 * watching it (EPOLLIN, data 0xfeed) and a pipe's read end (fd 5; EPOLLIN, data 0xbeef) whose
 * write end (fd 6) holds nothing yet. On SIGUSR1 it writes "x" into the pipe, then reports what
 * epoll_wait sees (data of each ready file, sorted) and the eventfd's counter, which it drains. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include "poke.h"

struct fds { int ev, ep, rd, wr; };

static void report(FILE *out, void *arg) {
    struct fds *f = arg;
    struct epoll_event got[4];
    if (write(f->wr, "x", 1) != 1) fprintf(out, "pipe write failed\n");
    int n = epoll_wait(f->ep, got, 4, 1000);
    uint64_t seen[4] = {0};
    for (int i = 0; i < n; ++i) seen[i] = got[i].data.u64;
    if (n == 2 && seen[0] > seen[1]) { uint64_t t = seen[0]; seen[0] = seen[1]; seen[1] = t; }
    fprintf(out, "epoll ready %d:", n);
    for (int i = 0; i < n; ++i) fprintf(out, " %#llx", (unsigned long long)seen[i]);
    char c;
    if (read(f->rd, &c, 1) != 1) fprintf(out, " (pipe empty)");
    uint64_t v = 0;
    if (read(f->ev, &v, sizeof v) != sizeof v) v = 0;
    fprintf(out, "\neventfd %llu\n", (unsigned long long)v);
    uint64_t again = 5;   /* back as it was, for the next poke */
    if (write(f->ev, &again, sizeof again) != sizeof again) fprintf(out, "eventfd write failed\n");
}

int main(int argc, char **argv) {
    struct fds f;
    int p[2];
    if (argc < 2) return 2;
    f.ev = eventfd(5, EFD_NONBLOCK);
    f.ep = epoll_create1(0);
    if (f.ev != 3 || f.ep != 4 || pipe(p) || p[0] != 5) return 1;
    f.rd = p[0];
    f.wr = p[1];
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 0xfeed};
    if (epoll_ctl(f.ep, EPOLL_CTL_ADD, f.ev, &e)) return 1;
    e.data.u64 = 0xbeef;
    if (epoll_ctl(f.ep, EPOLL_CTL_ADD, f.rd, &e)) return 1;
    serve_reports(argv[1], report, &f);
}
