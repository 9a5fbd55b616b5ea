// ImageWriter: builds an image file's bytes (header, then length-framed
// messages and payloads). Sizes are computed here, never trusted from input.
#pragma once

#include <string>
#include <string_view>

#include "img/io/image_kind.h"

namespace img {

class ImageWriter {
public:
    explicit ImageWriter(const ImageKind& kind);
    // Keeps the header class of an existing file (e.g. a V1 single-magic image).
    ImageWriter(const ImageKind& kind, HeaderClass header);
    // Starts from header bytes copied as they were.
    explicit ImageWriter(std::string_view header_bytes) : out_(header_bytes) {}

    void add(std::string_view message, std::string_view payload = {});
    // Appends bytes already framed (an untouched entry copied as it was).
    void add_raw(std::string_view framed);
    std::string take() { return std::move(out_); }
    // Makes room for an image of about n bytes at once (a rewrite is about its input's size).
    void reserve(size_t n) { out_.reserve(n); }
    size_t size() const { return out_.size(); }

private:
    std::string out_;
};

}  // namespace img
