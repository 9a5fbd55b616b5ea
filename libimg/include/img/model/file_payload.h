// A file object's payload: the sub-message of a file_entry that matches its type (reg,
// pipe, usk, ...), and the open flags and position that payload carries when it has them.
#pragma once

#include <cstdint>
#include <optional>

#include <google/protobuf/message.h>

#include "fdinfo.pb.h"

namespace img {

// The payload, or nullptr when the entry has none.
const google::protobuf::Message* file_payload(const cimg::FileEntry& f);
// Its `flags` (open flags) and `pos` fields, when the payload has them set.
std::optional<uint32_t> file_open_flags(const cimg::FileEntry& f);
std::optional<uint64_t> file_pos(const cimg::FileEntry& f);

}  // namespace img
