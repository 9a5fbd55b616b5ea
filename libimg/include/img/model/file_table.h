// FileTable: every file object of a dump by id (files.img, or the legacy
// per-type images of old dumps), and how to name one for people.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/arena.h>

#include "fdinfo.pb.h"
#include "img/model/dump_source.h"
#include "img/support/error.h"

namespace img {

// Every entry of a FileTable in image order, as references: range-for, size(), [i]. (A plain
// class rather than a std::views::transform: clang 14, which builds the fuzzer, cannot compile
// libstdc++ 12's ranges.)
class FileEntries {
public:
    class iterator {
    public:
        explicit iterator(const cimg::FileEntry* const* p) : p_(p) {}
        const cimg::FileEntry& operator*() const { return **p_; }
        iterator& operator++() { ++p_; return *this; }
        bool operator==(const iterator&) const = default;

    private:
        const cimg::FileEntry* const* p_;
    };
    explicit FileEntries(const std::vector<const cimg::FileEntry*>& v) : v_(&v) {}
    iterator begin() const { return iterator(v_->data()); }
    iterator end() const { return iterator(v_->data() + v_->size()); }
    size_t size() const { return v_->size(); }
    const cimg::FileEntry& operator[](size_t i) const { return *(*v_)[i]; }

private:
    const std::vector<const cimg::FileEntry*>* v_;
};

class FileTable {
public:
    static Expected<FileTable> load(const DumpSource& src);

    const cimg::FileEntry* find(uint32_t id) const;
    // Every entry, in image order.
    FileEntries all() const { return FileEntries(files_); }
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
