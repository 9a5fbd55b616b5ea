// JsonDecodeJob: the decoding of one image into a JsonTreePanel, done in slices so that the painter
// reads keys between them: a slice ends after an entry once `budget` bytes of the image are behind,
// or within an entry after kValuesPerSlice values (an mm entry of 20,000 VMAs holds 200,000: the
// decoding then runs on a SteppedThread, never alongside the model). Esc drops the job.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "img/convert/image_renderer.h"
#include "img/io/image_reader.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "model/json_tree_panel.h"
#include "model/json_tree_sink.h"
#include "model/stepped_thread.h"

namespace img::tui {

class JsonDecodeJob {
public:
    // Opens image `name` of `dump`: an Error naming it when it is raw or unreadable.
    static constexpr size_t kValuesPerSlice = 16384;
    static Expected<std::unique_ptr<JsonDecodeJob>> open(Checkpoint& dump, const std::string& name,
                                                         size_t values_per_slice = kValuesPerSlice);
    JsonDecodeJob(std::string name, std::unique_ptr<ImageReader> reader, size_t values_per_slice);

    // One slice (see above); true once the whole image is decoded.
    Expected<bool> step(uint64_t budget);
    bool done() const { return done_; }
    // The tree, once done (and only once).
    std::unique_ptr<JsonTreePanel> take_panel();
    const std::string& name() const { return name_; }
    // "decoding mm-1.img ... 40% of 812 KiB, 3 entries": what the screen shows meanwhile.
    std::string progress() const;

private:
    void decode(SteppedThread& t);   // the body: every entry, pausing between slices

    std::string name_;
    std::unique_ptr<ImageReader> reader_;
    JsonTreeSink sink_;
    ImageRenderer renderer_;
    size_t slice_from_ = 0;           // the offset the slice began at
    uint64_t budget_ = 0;
    size_t values_per_slice_;
    std::optional<Error> error_;
    bool done_ = false;
    SteppedThread thread_{[this](SteppedThread& t) { decode(t); }};   // last: it ends first
};

}  // namespace img::tui
