/* img-dump's POSIX timer target: ptimer DIR. A CLOCK_MONOTONIC timer (the task's first, id 0)
 * sends SIGUSR2 every 100 ms (sival_int 0x7a); the handler counts the signals. On SIGUSR1 it
 * reports the timer's interval, whether its signals still arrive (the count rises over 350 ms)
 * and the value they carry. */
#include <string.h>
#include <time.h>

#include "poke.h"

static volatile sig_atomic_t ticks, carried;
static timer_t timer;

static void on_usr2(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)ctx;
    ++ticks;
    carried = si->si_value.sival_int;
}

static void report(FILE *out, void *arg) {
    (void)arg;
    struct itimerspec its;
    int before = ticks;
    struct timespec left = {0, 350 * 1000 * 1000};
    while (nanosleep(&left, &left) != 0) {}   /* the timer's signals cut it short */
    timer_gettime(timer, &its);
    fprintf(out, "interval %ld ns\nticking %s\nvalue %#x\n", its.it_interval.tv_nsec,
            ticks - before >= 2 ? "yes" : "no", (unsigned)carried);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr2;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR2, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR2;
    ev.sigev_value.sival_int = 0x7a;
    struct itimerspec its = {{0, 100 * 1000 * 1000}, {0, 100 * 1000 * 1000}};
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer) || timer_settime(timer, 0, &its, NULL)) return 1;
    serve_reports(argv[1], report, NULL);
}
