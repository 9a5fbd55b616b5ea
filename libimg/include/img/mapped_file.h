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
    const std::string& name() const { return name_; }
    // What errors about these bytes call the file (an archive member, not where it was unpacked).
    void rename(std::string name) { name_ = std::move(name); }

private:
    std::string name_;
    void* map_ = nullptr;
    size_t size_ = 0;
    std::string owned_;
};

}  // namespace img
