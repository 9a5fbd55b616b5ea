// MemoryPage: the bytes of one task's VMA as hex rows (address, 16 bytes, ASCII), pulled from the
// dump only for the rows on screen; bytes the dump lacks shown as "--". `g` goes to an address,
// `/` searches text or bytes from the cursor (through later VMAs too), n/N the next and previous
// match; a search runs in slices (work()) and can be cancelled.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "img/memory/memory_search.h"
#include "img/model/checkpoint.h"
#include "img/model/process_memory.h"
#include "img/support/error.h"
#include "model/keymap.h"
#include "model/memory_search_job.h"
#include "model/styled_line.h"

namespace img::tui {

class MemoryPage {
public:
    // The VMA of task `pid` that holds `addr`: an Error when the task's memory is unreadable or
    // no VMA holds it.
    static Expected<std::unique_ptr<MemoryPage>> open(Checkpoint& dump, uint32_t pid, uint64_t addr);
    MemoryPage(Checkpoint& dump, uint32_t pid, ProcessMemory mem);

    std::string title() const;
    // `height` rows of `width` columns from the row at the top.
    void draw(std::vector<StyledLine>& out, size_t width, size_t height);
    // Moves (a byte left or right, a row or a screen up or down, Home, End) and n/N; false for
    // other commands.
    bool command(Command c, size_t height);
    // What `/` and `g` were answered with; an error message, or "".
    std::string search(const std::string& text);
    std::string go_to(const std::string& text);

    bool busy() const { return job_ != nullptr; }
    // Runs the search for up to `budget` bytes; the status line says how far it is.
    void work(uint64_t budget);
    void cancel();
    const std::string& status() const { return status_; }
    uint64_t cursor() const { return cursor_; }   // the byte under the cursor
    uint64_t bytes_pulled() const { return pulled_; }   // bytes read from the dump for drawing

private:
    void go(size_t region, uint64_t addr);
    uint64_t row_of(uint64_t addr) const;   // the address of its row in the current VMA
    std::optional<uint64_t> moved(Command c, size_t height) const;
    void start_search(bool forward);
    void finish_search();
    StyledLine hex_row(uint64_t addr, const std::byte* bytes, uint32_t present) const;

    Checkpoint& dump_;
    uint32_t pid_;
    ProcessMemory mem_;
    size_t region_ = 0;
    uint64_t cursor_ = 0;   // a byte of the current VMA
    uint64_t top_ = 0;      // the first row on screen (a multiple of 16 from the VMA's start)
    std::optional<SearchPattern> pattern_;
    std::string pattern_text_;
    std::optional<MemoryMatch> match_;
    std::unique_ptr<MemorySearchJob> job_;
    std::string status_;
    uint64_t pulled_ = 0;
};

// What `/` takes in the memory view: "x:de ad be ef" (or "x:deadbeef") for bytes, other text as is.
Expected<std::string> parse_search_text(const std::string& text);

}  // namespace img::tui
