/* What img-dump's own test targets share: they say "ready" (DIR/ready) once set up, then write a
 * report to DIR/report (whole, through a temporary name) each time SIGUSR1 pokes them. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t poked;
static void on_usr1(int sig) { (void)sig; poked = 1; }

/* Never returns: `write_report(out, arg)` fills each report. */
static void serve_reports(const char *dir, void (*write_report)(FILE *, void *), void *arg) {
    char path[4096], done[4096];
    sigset_t usr1, waiting;
    /* SIGUSR1 stays blocked but inside sigsuspend: a poke between two waits is never lost. */
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &waiting);
    sigdelset(&waiting, SIGUSR1);
    signal(SIGUSR1, on_usr1);
    snprintf(path, sizeof path, "%s/ready", dir);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    snprintf(path, sizeof path, "%s/report.tmp", dir);
    snprintf(done, sizeof done, "%s/report", dir);
    for (;;) {
        sigsuspend(&waiting);
        if (!poked) continue;
        poked = 0;
        FILE *out = fopen(path, "w");
        if (!out) exit(1);
        write_report(out, arg);
        fclose(out);
        rename(path, done);
    }
}
