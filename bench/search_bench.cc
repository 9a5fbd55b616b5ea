// search_bench DUMP PATTERN [--regex] [--pid PID] [--repeat N]: runs search_dump over a dump
// and prints one line: matches, bytes scanned, seconds of the fastest run, and the anonymous
// memory the process holds at the end (the pages themselves are mmapped, not copied).
// The driver bench/memory_search.sh times; it exists so the benchmark does not depend on how
// img-show wires its options.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "img/model/checkpoint.h"
#include "img/memory/memory_search.h"

namespace {

std::string status_field(const char* key) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) {
            auto p = line.find_first_not_of(" \t", std::strlen(key));
            return p == std::string::npos ? "" : line.substr(p);
        }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: search_bench DUMP PATTERN [--regex] [--pid PID] [--repeat N]\n");
        return 2;
    }
    std::string dir = argv[1], pattern = argv[2];
    bool regex = false;
    int repeat = 1;
    img::SearchOptions opt;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--regex") regex = true;
        else if (a == "--pid" && i + 1 < argc) opt.pid = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 10));
        else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else { std::fprintf(stderr, "search_bench: unknown argument %s\n", a.c_str()); return 2; }
    }
    auto p = regex ? img::SearchPattern::regex(pattern) : img::SearchPattern::literal(pattern);
    if (!p) { std::fprintf(stderr, "search_bench: %s\n", p.error().message().c_str()); return 2; }
    double best = 1e30;
    uint64_t matches = 0, scanned = 0;
    for (int r = 0; r < repeat; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        auto d = img::Checkpoint::open(dir);
        if (!d) { std::fprintf(stderr, "search_bench: %s\n", d.error().message().c_str()); return 2; }
        opt.progress = [&](uint64_t done, uint64_t) { scanned = done; };
        auto n = img::search_dump(**d, *p, opt, [](const img::SearchMatch&) { return true; });
        if (!n) { std::fprintf(stderr, "search_bench: %s\n", n.error().message().c_str()); return 2; }
        matches = *n;
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s < best) best = s;
    }
    std::printf("matches %llu scanned %llu seconds %.4f rss_anon %s\n", static_cast<unsigned long long>(matches),
                static_cast<unsigned long long>(scanned), best, status_field("RssAnon:").c_str());
    return 0;
}
