// Writing files so that a crash at any moment leaves either the old or the new
// content: write beside, fsync, rename, fsync the directory.
#pragma once

#include <string>
#include <string_view>

#include "img/error.h"

namespace img {

// Temporary files are named "<dir>/.criu-img.<base>.<pid>.tmp"; a rerun may remove leftovers.
inline constexpr const char* kTempPrefix = ".criu-img.";

Expected<void> write_file_atomic(const std::string& path, std::string_view data);
Expected<std::string> read_file(const std::string& path);   // "-" reads stdin

}  // namespace img
