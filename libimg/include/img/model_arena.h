// The protobuf arena that holds a dump model's messages (the VMAs of an mm image, the entries of
// a files.img), so that parsing many small messages is bump allocation in bulk memory.
#pragma once

#include <memory>

#include <google/protobuf/arena.h>

namespace img {

// A new arena whose blocks grow from 16 KiB to 2 MiB, taken from bulk_alloc (img/bulk_memory.h).
std::unique_ptr<google::protobuf::Arena> new_model_arena();

}  // namespace img
