#include "img/model/model_arena.h"

#include <algorithm>

#include "img/support/bulk_memory.h"

namespace img {

std::unique_ptr<google::protobuf::Arena> new_model_arena(size_t expected_bytes) {
    // An estimate from a file's size is not a promise: a hostile image must not make us take (and
    // populate) memory before its messages have parsed, so the first block stops at 64 MiB.
    constexpr size_t kMostUpFront = 64 << 20;
    google::protobuf::ArenaOptions o;
    o.start_block_size = 16 << 10;
    if (expected_bytes >= (1 << 20))
        o.start_block_size = std::min((expected_bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes, kMostUpFront);
    o.max_block_size = 2 << 20;
    o.block_alloc = bulk_alloc;
    o.block_dealloc = bulk_free;
    return std::make_unique<google::protobuf::Arena>(o);
}

}  // namespace img
