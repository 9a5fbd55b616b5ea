// The protobuf arena that holds a dump model's messages (the VMAs of an mm image, the entries of
// a files.img), so that parsing many small messages is bump allocation in bulk memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <google/protobuf/arena.h>

namespace img {

// A new arena whose blocks are taken from bulk_alloc (img/bulk_memory.h) and grow from 16 KiB to
// 2 MiB; or, when the messages to come are expected to need 1 MiB or more, whose first block holds
// them all (up to 64 MiB), in whole huge pages: faulting fresh memory in page by page costs more
// than parsing.
std::unique_ptr<google::protobuf::Arena> new_model_arena(size_t expected_bytes = 0);

// About how many bytes of arena the messages of an image of `image_bytes` take once parsed (the
// objects are several times their wire size; measured on files.img and mm images).
inline size_t parsed_size_estimate(uint64_t image_bytes) { return static_cast<size_t>(image_bytes) / 2 * 9; }

}  // namespace img
