// Minimal protobuf wire-format scanning, for framing decisions (payload sizes)
// that must be made without decoding the message through the schema.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <optional>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"

namespace img::wire {

// The value of top-level varint field `field` (last occurrence), or nullopt if absent.
// Fails on malformed wire data.
Expected<std::optional<uint64_t>> varint_field(Bytes message, uint32_t field);

// Longest base-128 varint of a 64-bit value.
inline constexpr size_t kMaxVarint = 10;
// Writes v as a base-128 varint at buf (room for kMaxVarint bytes); returns how many bytes.
size_t encode_varint(uint64_t v, char* buf);
// Appends a base-128 varint.
void put_varint(std::string& out, uint64_t v);

}  // namespace img::wire
