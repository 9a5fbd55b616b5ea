#include "img/model_arena.h"

#include "img/bulk_memory.h"

namespace img {

std::unique_ptr<google::protobuf::Arena> new_model_arena() {
    google::protobuf::ArenaOptions o;
    o.start_block_size = 16 << 10;
    o.max_block_size = 2 << 20;
    o.block_alloc = bulk_alloc;
    o.block_dealloc = bulk_free;
    return std::make_unique<google::protobuf::Arena>(o);
}

}  // namespace img
