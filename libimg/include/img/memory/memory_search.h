// Searching a dump's memory for a literal byte string or a regular expression
// (PCRE2, bytes mode), one task or all of them. The scan streams over the
// mmapped pages files, so memory stays bounded for any dump size, and it finds
// matches that cross page, pagemap-entry, pages-file-run and VMA boundaries as
// long as the addresses are contiguous (never across a page the dump lacks).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "img/model/checkpoint.h"
#include "img/support/byte_cursor.h"
#include "img/support/error.h"
#include "img/support/progress.h"
#include "img/model/process_memory.h"

namespace img {

class SearchPattern;
namespace memory {
class Matcher;
std::unique_ptr<Matcher> make_matcher(const SearchPattern& p);   // one per search: it keeps stream state
}  // namespace memory

// What to look for: compiled once, used by any number of searches.
class SearchPattern {
public:
    // The exact bytes of `needle` (not empty).
    static Expected<SearchPattern> literal(std::string needle);
    // A PCRE2 regular expression over bytes (no UTF mode: `.` is any byte but \n; `(?s)` for any byte).
    // Patterns that match the empty string are refused. A match that crosses a chunk boundary is found
    // when it is at most kMaxStraddle bytes long.
    static Expected<SearchPattern> regex(const std::string& re);

    static constexpr size_t kMaxStraddle = 64 * 1024;

    bool is_regex() const { return regex_; }
    // How many zero bytes next to other bytes a match may take in: runs of zeros longer than twice
    // this (holes of a sparse pages file) cannot hold a match and need not be read. nullopt when
    // zeros alone can match (a needle of zero bytes, a regex that matches in zeros).
    std::optional<uint64_t> hole_margin() const;
    const std::string& text() const { return text_; }

private:
    friend std::unique_ptr<memory::Matcher> memory::make_matcher(const SearchPattern& p);
    std::string text_;
    bool regex_ = false;
    std::shared_ptr<const void> compiled_;   // pcre2_code, shared between copies
};

// The search itself, over chunks the caller hands in by address (ascending). A chunk that starts
// where the previous one ended continues it, so matches may cross; any gap ends a stream. Holds
// only what a crossing needs (needle-1 bytes, or a regex's partial match up to kMaxStraddle).
class StreamSearch {
public:
    using OnMatch = std::function<bool(uint64_t addr, uint64_t len)>;   // false: stop
    StreamSearch(const SearchPattern& pattern, OnMatch on_match);
    ~StreamSearch();
    // False once on_match asked to stop.
    Expected<bool> feed(uint64_t addr, Bytes data);
    // The end of all data: reports what was held back.
    Expected<bool> finish();
    // [from, to) holds no match and was not read; the next chunk may start at `to`.
    Expected<bool> skip(uint64_t from, uint64_t to);
    uint64_t matches() const { return count_; }

private:
    std::unique_ptr<memory::Matcher> m_;
    OnMatch on_match_;
    std::function<bool(uint64_t, uint64_t)> emit_;
    uint64_t prev_end_ = 0, count_ = 0;
    bool have_prev_ = false;
};

// Every match in `mem`, in address order, non-overlapping; on_match(addr, len) returns false to stop.
// Returns the number of matches reported. progress, if set, is called every 16 MiB and at the end
// with the bytes scanned out of the present bytes of `mem`.
Expected<uint64_t> search_memory(const ProcessMemory& mem, const SearchPattern& pattern,
                                 const std::function<bool(uint64_t addr, uint64_t len)>& on_match,
                                 const ProgressFn& progress = {});

// The most context a search shows on each side of a match.
inline constexpr uint64_t kMaxSearchContext = uint64_t{1} << 20;

struct SearchOptions {
    std::optional<uint32_t> pid;   // every task of the dump when empty
    uint64_t context = 0;          // bytes shown on each side of a match, at most kMaxSearchContext
    uint64_t max_matches = 0;      // 0: all
    ProgressFn progress;           // bytes scanned of all selected tasks
    // Told, once per task, what the dump lacks of the memory searched (ProcessMemory::missing).
    std::function<void(const std::string&)> note;
};

// One match, with where it is and what surrounds it.
struct SearchMatch {
    uint32_t pid = 0;
    uint64_t addr = 0;
    uint64_t length = 0;
    uint64_t vma_start = 0, vma_end = 0;
    std::string vma;         // "/usr/lib/libc.so.6", "[heap]", "[stack]", "anon", ...
    std::string before;      // up to `context` bytes before the match (only bytes the dump holds, contiguous)
    std::string bytes;       // the matched bytes (at most 64 KiB of them)
    std::string after;       // up to `context` bytes after it
};

// Searches the tasks of `dump`; returns the number of matches reported.
Expected<uint64_t> search_dump(Checkpoint& dump, const SearchPattern& pattern, const SearchOptions& opt,
                               const std::function<bool(const SearchMatch&)>& on_match);

// How people name a VMA: a file path (or "memfd:NAME"), [heap], [stack], [vdso], [vvar], [vsyscall],
// [shmem shmid N], [sysvipc shmid N], or "anon". Unreadable file images only make names poorer.
std::string describe_vma(Checkpoint& dump, const cimg::VmaEntry& vma);

// Bytes as readable text: printable ASCII as is, \n \r \t \\ and \xNN for the rest (always valid UTF-8).
std::string escape_bytes(std::string_view bytes);

}  // namespace img
