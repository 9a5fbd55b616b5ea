/* img-dump's deleted-mapping target: delmap DIR. Writes DIR/gone.dat (two pages, a line at the
 * start of each), maps it MAP_PRIVATE read-only, closes and unlinks it, then sleeps. On SIGUSR1
 * it reports both lines as the mapping holds them and whether /proc/self/maps still calls the
 * file deleted. */
#include <string.h>
#include <sys/mman.h>

#include "poke.h"

static const char *mapped;

static void report(FILE *out, void *arg) {
    (void)arg;
    char maps[65536];
    int fd = open("/proc/self/maps", O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, maps, sizeof maps - 1);
    if (fd >= 0) close(fd);
    maps[n > 0 ? n : 0] = 0;
    fprintf(out, "%.16s|%.16s\ndeleted %s\n", mapped, mapped + 4096, strstr(maps, "gone.dat (deleted)") ? "yes" : "no");
}

int main(int argc, char **argv) {
    char path[4096], page[8192] = {0};
    if (argc < 2) return 2;
    snprintf(path, sizeof path, "%s/gone.dat", argv[1]);
    memcpy(page, "first-page-line\n", 16);
    memcpy(page + 4096, "second-page-lin\n", 16);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0 || write(fd, page, sizeof page) != (ssize_t)sizeof page) return 1;
    mapped = mmap(NULL, sizeof page, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) return 1;
    close(fd);
    unlink(path);
    serve_reports(argv[1], report, NULL);
}
