// The libarchive functions that reading a checkpoint archive needs, resolved from
// libarchive when the first archive is opened (see img/lazy_library.h).
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

#include "img/support/error.h"

namespace img {

struct ArchiveApi {
    decltype(&::archive_read_new) read_new;
    decltype(&::archive_read_support_filter_all) support_filter_all;
    decltype(&::archive_read_support_format_tar) support_format_tar;
    decltype(&::archive_read_open_filename) open_filename;
    decltype(&::archive_read_next_header) next_header;
    decltype(&::archive_read_data) read_data;
    decltype(&::archive_read_data_block) read_data_block;
    decltype(&::archive_read_free) read_free;
    decltype(&::archive_error_string) error_string;
    decltype(&::archive_entry_pathname) entry_pathname;
    decltype(&::archive_entry_filetype) entry_filetype;
    decltype(&::archive_entry_hardlink) entry_hardlink;
    decltype(&::archive_entry_size) entry_size;
    decltype(&::archive_entry_size_is_set) entry_size_is_set;
};

// Loads libarchive on first call; an Error says it cannot be loaded.
Expected<const ArchiveApi*> archive_api();

struct ArchiveFree {
    const ArchiveApi* la = nullptr;
    void operator()(archive* a) const { la->read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// `path` opened for reading as a tar, compressed by any filter libarchive knows (recognised by content,
// not by name), its first block read. The Error's `what` says why not (the caller names the file).
Expected<ArchivePtr> open_archive_reader(const ArchiveApi& la, const std::string& path);

}  // namespace img
