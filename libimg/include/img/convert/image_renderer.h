// ImageRenderer: render_image in steps, one entry per step, for a caller that must answer a user
// between steps (img-tui decodes a big image between key presses); render_image is its loop.
#pragma once

#include <cstddef>
#include <memory>

#include "img/convert/image_json.h"
#include "img/io/image_reader.h"
#include "img/output/value_sink.h"
#include "img/support/error.h"

namespace img {

class ImageRenderer {
public:
    // Writes the top level up to the opened "entries" array. `reader` and `out` must outlive it.
    ImageRenderer(ImageReader& reader, ValueSink& out, const ShowOptions& opt);
    ~ImageRenderer();
    ImageRenderer(const ImageRenderer&) = delete;
    ImageRenderer& operator=(const ImageRenderer&) = delete;

    // Writes the next entry: true; false once none is left (the array and the object are then
    // closed, and later steps write nothing). An Error names the bad entry; nothing follows it.
    Expected<bool> step();
    // How far into the file the entries written so far reach, and the file's size (progress).
    size_t offset() const { return offset_; }
    size_t size() const;
    uint64_t entries() const { return entries_; }

    struct State;   // the reader, the sink and the decoders, kept from entry to entry

private:
    std::unique_ptr<State> s_;
    size_t offset_ = 0;
    uint64_t entries_ = 0;
    bool done_ = false;
};

}  // namespace img
