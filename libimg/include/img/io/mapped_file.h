// MappedFile: read-only bytes of a file, mmapped when it is a regular file,
// read whole when it is standard input ("-"). Never writes, and never opens
// anything but a regular file: a FIFO would block, a device never ends.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"

namespace img {

class MappedFile {
public:
    // A regular file (a symlink to one is followed), or "-" for standard input (at most
    // kMaxStreamBytes). Anything else (a FIFO, a device, a socket, a directory) is an Error that
    // names what it is, and is never opened: opening a FIFO blocks, /dev/zero never ends.
    static Expected<MappedFile> open(const std::string& path);
    static MappedFile from_string(std::string name, std::string data);

    static constexpr size_t kMaxStreamBytes = size_t{1} << 30;

    MappedFile() = default;
    MappedFile(MappedFile&& o) noexcept;
    MappedFile& operator=(MappedFile&& o) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    Bytes bytes() const;
    // Drops the mapped pages wholly before `upto` from this process's resident set (touched
    // again, they are read again from the file), at most once per 256 KiB read: a long sequential
    // read then needs a bounded amount of memory whatever the file's size. An `upto` before
    // the last one starts over from there (a second pass). No-op when not mapped. Const: the
    // bytes do not change, only which of them are resident.
    void release_before(const std::byte* upto) const;

    // Holes of a sparse file (ranges that read as zeros and occupy no disk), as the file system
    // reported them when the file was opened: sorted, page-aligned [start, end) byte offsets.
    // Only files of at least kHoleScanMinSize are asked, and at most kMaxHoles holes are kept
    // (the rest of the file then counts as data): enough to skip what matters, never unbounded.
    struct Hole { size_t start = 0, end = 0; };
    const std::vector<Hole>& holes() const { return holes_; }
    static constexpr size_t kHoleScanMinSize = size_t{1} << 20;
    static constexpr size_t kMaxHoles = 4096;

    const std::string& name() const { return name_; }
    // What errors about these bytes call the file (an archive member, not where it was unpacked).
    void rename(std::string name) { name_ = std::move(name); }

private:
    std::string name_;
    void* map_ = nullptr;
    size_t size_ = 0;
    mutable size_t released_ = 0;   // bytes from the start already dropped (page multiple)
    std::string owned_;
    std::vector<Hole> holes_;
};

// What kind of file a stat mode names, for errors: "a FIFO (named pipe)", "a character device", ...
const char* file_type_name(unsigned mode);

}  // namespace img
