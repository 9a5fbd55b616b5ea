// MappedFile: read-only bytes of a file, mmapped when it is a regular file,
// read whole when it is a pipe or stdin ("-"). Never writes.
#pragma once

#include <string>

#include "img/byte_cursor.h"
#include "img/error.h"

namespace img {

class MappedFile {
public:
    static Expected<MappedFile> open(const std::string& path);
    static MappedFile from_string(std::string name, std::string data);

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
    // the last one starts over from there (a second pass). No-op when not mapped.
    void release_before(const std::byte* upto);
    const std::string& name() const { return name_; }
    // What errors about these bytes call the file (an archive member, not where it was unpacked).
    void rename(std::string name) { name_ = std::move(name); }

private:
    std::string name_;
    void* map_ = nullptr;
    size_t size_ = 0;
    size_t released_ = 0;   // bytes from the start already dropped (page multiple)
    std::string owned_;
};

}  // namespace img
