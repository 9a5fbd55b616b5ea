// ProgressFn: how a long library call (a memory search, hashing a dump) reports how far it is,
// so that a tool can draw a progress line and a TUI a gauge; the library never draws one itself.
#pragma once

#include <cstdint>
#include <functional>

namespace img {

// Called with the bytes done so far out of a total (done == total at the end).
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

}  // namespace img
