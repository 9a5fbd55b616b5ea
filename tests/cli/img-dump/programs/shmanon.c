/* img-dump's shared anonymous memory target: shmanon DIR. Three pages mapped MAP_SHARED |
 * MAP_ANONYMOUS before a fork: the parent wrote "parent-wrote" at the start of the first page and
 * "deep" at the start of the third (the second stays zero). The child waits, pipe-driven: on a
 * byte from the parent it writes the byte after "child saw:" in the second page, answers, and
 * waits again. On SIGUSR1 the parent reports the two strings, asks the child to write a new byte
 * and reports whether it sees it. */
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "poke.h"

struct shared { char *mem; int ask, answer; char next; };

static void report(FILE *out, void *arg) {
    struct shared *s = arg;
    char got;
    fprintf(out, "page 0: %s\npage 2: %s\n", s->mem, s->mem + 8192);
    if (write(s->ask, &s->next, 1) != 1 || read(s->answer, &got, 1) != 1) { fprintf(out, "child gone\n"); return; }
    fprintf(out, "child wrote %s\n", s->mem[4096 + 10] == s->next ? "seen" : "unseen");
    s->next = s->next == 'z' ? 'a' : s->next + 1;
}

static void child(char *mem, int ask, int answer) {
    char c;
    while (read(ask, &c, 1) == 1) {
        memcpy(mem + 4096, "child saw:", 10);
        mem[4096 + 10] = c;
        if (write(answer, &c, 1) != 1) break;
    }
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    struct shared s = {.next = 'a'};
    int to_child[2], from_child[2];
    s.mem = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s.mem == MAP_FAILED || pipe(to_child) || pipe(from_child)) return 1;
    strcpy(s.mem, "parent-wrote");
    strcpy(s.mem + 8192, "deep");
    if (fork() == 0) {
        close(to_child[1]);
        close(from_child[0]);
        child(s.mem, to_child[0], from_child[1]);
    }
    close(to_child[0]);
    close(from_child[1]);
    s.ask = to_child[1];
    s.answer = from_child[0];
    serve_reports(argv[1], report, &s);
}
