// The GNU build-id of an ELF file, as CRIU records it in reg_file_entry.build_id
// (the note's bytes copied into 32-bit words, zero-padded).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "img/support/byte_cursor.h"

namespace img {

// nullopt when the bytes are not ELF or carry no NT_GNU_BUILD_ID note.
std::optional<std::vector<uint32_t>> elf_build_id(Bytes file);

}  // namespace img
