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
// Gives the file at `from` a second name `to` (a hard link made beside and renamed into place,
// the directory fsynced): no bytes copied. An Error when the two are on different file systems
// or the file system has no hard links; the caller then copies.
Expected<void> link_file_atomic(const std::string& from, const std::string& to);
Expected<std::string> read_file(const std::string& path);   // "-" reads stdin

}  // namespace img
