// FileTable: every file object of a dump by id (files.img, or the legacy
// per-type images of old dumps), and how to name one for people.
#pragma once

#include <cstdint>
#include <memory>
#include <ranges>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/arena.h>

#include "fdinfo.pb.h"
#include "img/dump_source.h"
#include "img/error.h"

namespace img {

class FileTable {
public:
    static Expected<FileTable> load(const DumpSource& src);

    const cimg::FileEntry* find(uint32_t id) const;
    // Every entry, in image order (a random-access range of const cimg::FileEntry&).
    auto all() const {
        return std::views::transform(files_, [](const cimg::FileEntry* f) -> const cimg::FileEntry& { return *f; });
    }
    bool legacy() const { return legacy_; }

    // A short description: a path for regular files, "pipe[123]", "unix[ino (peer) name]",
    // "tcp 127.0.0.1:80 LISTEN", "memfd:name", ... ; "TYPE.id" for the rest.
    std::string describe(const cimg::FileEntry& f) const;
    void append_description(std::string& out, const cimg::FileEntry& f) const;   // the same, appended
    std::string describe(uint32_t id) const;
    // The path of a REG entry (or the path holder of a FIFO/TTY), empty otherwise.
    std::string path_of(uint32_t id) const;

private:
    explicit FileTable(size_t expected_bytes);

    // The entries live on the arena: a files.img of 100,000 files parses by bump allocation.
    std::unique_ptr<google::protobuf::Arena> arena_;
    std::vector<const cimg::FileEntry*> files_;
    std::vector<std::pair<uint32_t, uint32_t>> by_id_;   // (id, index in files_), sorted by id
    bool legacy_ = false;
};

// The name of an fd type ("REG", "PIPE", ...), or its number.
std::string fd_type_name(uint32_t type);

}  // namespace img
