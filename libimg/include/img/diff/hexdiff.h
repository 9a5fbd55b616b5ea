// The bytes of one address range in two checkpoints, side by side: what img-diff --hexdiff shows.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "img/memory/hexdump.h"
#include "img/model/checkpoint.h"
#include "img/output/value_sink.h"
#include "img/support/error.h"

namespace img {

// 16 bytes per row; -1 where that side's dump does not hold the byte.
struct HexDiffRow {
    uint64_t addr = 0;
    std::array<int, 16> a{}, b{};
    int count = 16;   // bytes in this row (the last one may be shorter)
    bool differs() const;
};

// True when a byte of any row differs (or is held on one side only).
bool any_differs(const std::vector<HexDiffRow>& rows);

// The rows of spec.pid's memory [spec.addr, spec.addr + spec.len) in a and b. The task must exist
// on at least one side.
Expected<std::vector<HexDiffRow>> hexdiff(Checkpoint& a, Checkpoint& b, const MemorySpec& spec);

// The whole --hexdiff document: {"pid", "address", "length", "rows": [{"address", "a": [byte or
// null, ...], "b": [...], "differs"}, ...]}.
void write(const MemorySpec& spec, const std::vector<HexDiffRow>& rows, ValueSink& out);

}  // namespace img
