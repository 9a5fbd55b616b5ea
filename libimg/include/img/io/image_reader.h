// ImageReader: walks the entries of one image file (header, then length-framed
// messages with their payloads) without decoding the messages' contents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "img/support/byte_cursor.h"
#include "img/support/error.h"
#include "img/io/image_kind.h"
#include "img/io/mapped_file.h"

namespace img {

struct RawEntry {
    int64_t index = -1;
    size_t offset = 0;               // file offset of the entry's length word
    Bytes message;                   // the protobuf bytes
    Bytes payload;                   // raw bytes after the message (may be empty)
    std::string_view message_type;   // full protobuf name of this entry's message
};

class ImageReader {
public:
    // Opens and checks the header. A raw image, an archive or an unknown magic is an Error.
    static Expected<ImageReader> open(const std::string& path);
    static Expected<ImageReader> from_file(MappedFile file);

    const ImageKind& kind() const { return *kind_; }
    HeaderClass header() const { return header_; }
    size_t header_size() const { return header_size_; }
    const std::string& file_name() const { return file_.name(); }
    Bytes bytes() const { return file_.bytes(); }

    // Reads the next entry; returns false at a clean end of file.
    Expected<bool> next(RawEntry& out);

    // Restarts at the first entry.
    void rewind();

    // Lets the pages before `upto` (or before the next entry) leave memory: see
    // MappedFile::release_before. Entries already returned stay readable.
    void release_before(const std::byte* upto) { file_.release_before(upto); }
    void release_read() { file_.release_before(file_.bytes().data() + pos_); }

private:
    ImageReader(MappedFile f, const ImageKind* k, HeaderClass h, size_t hs);
    Expected<Bytes> payload_for(const RawEntry& e, ByteCursor& cur);

    MappedFile file_;
    const ImageKind* kind_ = nullptr;
    HeaderClass header_ = HeaderClass::Common;
    size_t header_size_ = 0;
    size_t pos_ = 0;
    int64_t index_ = 0;
    bool ghost_chunked_ = false;
};

// Explains, for an Error message, what a file that is not a protobuf image is.
std::string describe_non_image(std::string_view base_name, Bytes head);

}  // namespace img
