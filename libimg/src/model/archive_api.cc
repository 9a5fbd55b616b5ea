#include "archive_api.h"

#include <fmt/format.h>

#include "img/support/lazy_library.h"

namespace img {

namespace {

Expected<ArchiveApi> load() {
    static LazyLibrary lib(IMG_LIBARCHIVE_SONAME, "reading checkpoint archives");
    ArchiveApi a{};
    std::optional<Error> err;
    lib.bind(a.read_new, "archive_read_new", err);
    lib.bind(a.support_filter_all, "archive_read_support_filter_all", err);
    lib.bind(a.support_format_tar, "archive_read_support_format_tar", err);
    lib.bind(a.open_filename, "archive_read_open_filename", err);
    lib.bind(a.next_header, "archive_read_next_header", err);
    lib.bind(a.read_data, "archive_read_data", err);
    lib.bind(a.read_data_block, "archive_read_data_block", err);
    lib.bind(a.read_free, "archive_read_free", err);
    lib.bind(a.error_string, "archive_error_string", err);
    lib.bind(a.entry_pathname, "archive_entry_pathname", err);
    lib.bind(a.entry_filetype, "archive_entry_filetype", err);
    lib.bind(a.entry_hardlink, "archive_entry_hardlink", err);
    lib.bind(a.entry_size, "archive_entry_size", err);
    lib.bind(a.entry_size_is_set, "archive_entry_size_is_set", err);
    if (err) return *err;
    return a;
}

}  // namespace

Expected<const ArchiveApi*> archive_api() {
    static const Expected<ArchiveApi> api = load();
    if (!api) return api.error();
    return &*api;
}

Expected<ArchivePtr> open_archive_reader(const ArchiveApi& la, const std::string& path) {
    ArchivePtr a(la.read_new(), ArchiveFree{&la});
    if (!a) return make_error("out of memory");
    la.support_filter_all(a.get());   // gzip, zstd, xz, ... by content, not by name
    la.support_format_tar(a.get());
    // Opening reads the first block and recognises the compression and the format.
    if (la.open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
        return make_error(fmt::format("not a dump directory nor a checkpoint archive (tar, tar.gz, tar.zst): {}",
                                      la.error_string(a.get())));
    return a;
}

}  // namespace img
