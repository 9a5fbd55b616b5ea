// MemorySearchJob: a search of one task's dumped memory for bytes, from an address forward (the
// first match at or after it) or backward (the last match before it), across page and VMA
// boundaries, done in slices of a byte budget so that the painter polls keys between them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "img/memory/memory_search.h"
#include "img/model/process_memory.h"
#include "img/support/error.h"

namespace img::tui {

struct MemoryMatch {
    uint64_t addr = 0, len = 0;
};

class MemorySearchJob {
public:
    // pattern must be a literal (its length bounds how far past `from` a backward search reads).
    MemorySearchJob(const ProcessMemory& mem, const SearchPattern& pattern, uint64_t from, bool forward);
    // Scans up to `budget` more bytes; true once done (a match found, or nothing left to scan).
    Expected<bool> step(uint64_t budget);
    bool done() const { return done_; }
    const std::optional<MemoryMatch>& match() const { return match_; }
    uint64_t scanned() const { return scanned_; }
    uint64_t total() const { return total_; }
    bool forward() const { return forward_; }

private:
    struct Span {
        uint64_t lo, hi;
    };
    bool on_match(uint64_t addr, uint64_t len);
    Expected<void> feed_block(uint64_t at, uint64_t n);

    const ProcessMemory& mem_;
    uint64_t from_;
    bool forward_;
    std::unique_ptr<StreamSearch> search_;
    std::vector<Span> spans_;
    size_t span_ = 0;
    uint64_t at_ = 0;
    uint64_t scanned_ = 0, total_ = 0;
    bool done_ = false;
    std::optional<MemoryMatch> match_;
    std::vector<std::byte> buf_;
    std::vector<AddressSpan> absent_;
};

}  // namespace img::tui
