// JsonDecodeJob: the decoding of one image into a JsonTreePanel, done in slices of a byte budget
// (at least one entry each) so that the painter reads keys between them; Esc drops the job.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "img/convert/image_renderer.h"
#include "img/io/image_reader.h"
#include "img/model/checkpoint.h"
#include "img/support/error.h"
#include "model/json_tree_panel.h"
#include "model/json_tree_sink.h"

namespace img::tui {

class JsonDecodeJob {
public:
    // Opens image `name` of `dump`: an Error naming it when it is raw or unreadable.
    static Expected<std::unique_ptr<JsonDecodeJob>> open(Checkpoint& dump, const std::string& name);
    JsonDecodeJob(std::string name, std::unique_ptr<ImageReader> reader);

    // Decodes entries until `budget` more bytes of the image are behind (one entry at least);
    // true once the whole image is.
    Expected<bool> step(uint64_t budget);
    bool done() const { return done_; }
    // The tree, once done (and only once).
    std::unique_ptr<JsonTreePanel> take_panel();
    const std::string& name() const { return name_; }
    // "decoding mm-1.img ... 40% of 812 KiB, 3 entries": what the screen shows meanwhile.
    std::string progress() const;

private:
    std::string name_;
    std::unique_ptr<ImageReader> reader_;
    JsonTreeSink sink_;
    ImageRenderer renderer_;
    bool done_ = false;
};

}  // namespace img::tui
