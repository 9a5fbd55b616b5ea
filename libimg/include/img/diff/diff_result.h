// What a comparison of two checkpoints (or two images) found: differences with the values of both
// sides, and memory compared page by page per VMA. One write() turns it into JSON or text rows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "img/output/value_sink.h"

namespace img {

enum class Change { Added, Removed, Changed };
const char* change_name(Change c);   // "added", "removed", "changed"

// One difference. `where` names the object ("task 13438", "task 13438 fd 3", "image core-1.img");
// `path` is a JSON pointer inside it ("/thread_info/gpregs/ip"), "" for the object as a whole.
// Values are JSON text as crit --pretty shows them ("" on the side that lacks the object).
struct Difference {
    std::string aspect;   // tasks, threads, registers, creds, rlimits, signals, seccomp, namespaces,
                          // mm, vmas, fds, files, mounts, container, entries (see diff_aspects())
    Change change = Change::Changed;
    std::string where;
    std::string path;
    std::string a, b;
};

// Pages that differ in one VMA (or one stretch of address space only one side maps).
struct PageRange {
    uint64_t start = 0, end = 0;
    Change change = Change::Changed;   // Added: present in B only; Removed: in A only
};
struct VmaPages {
    uint32_t pid = 0;
    uint64_t start = 0, end = 0;   // the VMA (A's, else B's)
    std::string description;       // "/usr/lib/libc.so.6 + 0x1000", "[heap]", "anonymous"
    std::string prot;              // "rw-"
    uint64_t changed = 0, added = 0, removed = 0;   // pages
    std::vector<PageRange> ranges;   // merged, in address order
};

struct DiffResult {
    std::string a, b;                  // what the user named
    std::vector<Difference> differences;
    std::vector<VmaPages> pages;       // only VMAs with differing pages
    uint64_t pages_compared = 0;       // pages present on both sides and compared byte for byte

    bool identical() const { return differences.empty() && pages.empty(); }
    // Differences per aspect ("pages" counts differing pages).
    std::map<std::string, uint64_t> stat() const;
};

// Every aspect name --only and the JSON use, in report order.
const std::vector<std::string>& diff_aspects();

// The result as JSON keys into an open object: "a", "b", "identical", "stat", "differences",
// "memory" (with each VMA's "ranges" when `ranges`).
void write(const DiffResult& r, ValueSink& out, bool ranges);

}  // namespace img
