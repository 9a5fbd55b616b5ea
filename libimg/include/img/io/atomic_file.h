// Writing files so that a crash at any moment leaves either the old or the new
// content: write beside, fsync, rename, fsync the directory.
#pragma once

#include <string>
#include <string_view>

#include "img/support/error.h"

namespace img {

// Temporary files are named "<dir>/.criu-img.<base>.<pid>.tmp"; a rerun may remove leftovers.
inline constexpr const char* kTempPrefix = ".criu-img.";

Expected<void> write_file_atomic(const std::string& path, std::string_view data);
// The two steps of write_file_atomic, for a caller that orders several files' durability:
// the data written beside `path` and fsynced (the temporary's name comes back), then the
// temporary renamed over `path` and the directory fsynced. Until the rename, `path` is as it
// was; a failed step removes the temporary.
Expected<std::string> write_beside(const std::string& path, std::string_view data);
Expected<void> rename_into_place(const std::string& tmp, const std::string& path);
// Gives the file at `from` a second name `to`, never replacing a file of that name (link(2)
// makes the name whole or not at all), then, unless `sync` is false, fsyncs the directory. An
// Error when `to` exists, when the two are on different file systems or the file system has no
// hard links; the caller then looks whether `to` exists, or copies.
Expected<void> link_no_replace(const std::string& from, const std::string& to, bool sync = true);
// As rename_into_place, but never replaces a file already at `path` (renameat2's
// RENAME_NOREPLACE, or link and unlink where the file system lacks it): an Error then, and the
// temporary is removed.
Expected<void> rename_no_replace(const std::string& tmp, const std::string& path);
// write_beside then rename_no_replace: a new file, whole, or an Error and nothing.
Expected<void> write_file_no_replace(const std::string& path, std::string_view data);
// A temporary's name (kTempPrefix ... ".tmp"), and one whose process no longer runs: what a
// killed run left behind, safe to remove (a live process's temporary is left alone).
bool is_temp_name(const std::string& name);
bool is_stale_temp(const std::string& name);
// The directory a file's path names it in: "dir/a" -> "dir", "/a" -> "/", "a" -> ".".
std::string directory_of(const std::string& path);
// fsync of a directory, for names made or changed in it (errors ignored: best effort, as
// some file systems refuse to fsync a directory).
void sync_directory(const std::string& dir);
Expected<std::string> read_file(const std::string& path);   // "-" reads stdin

}  // namespace img
