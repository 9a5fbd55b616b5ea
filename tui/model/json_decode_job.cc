#include "model/json_decode_job.h"

#include <fmt/format.h>

namespace img::tui {

namespace {

ShowOptions tree_options() {
    ShowOptions so;
    so.render.pretty = true;
    so.human = true;
    return so;
}

// The sink made ready for the reader's image (before the renderer writes to it), and the options.
ShowOptions prepared(JsonTreeSink& sink, const ImageReader& reader) {
    sink.reserve_for(reader.bytes().size());
    return tree_options();
}

}  // namespace

Expected<std::unique_ptr<JsonDecodeJob>> JsonDecodeJob::open(Checkpoint& dump, const std::string& name,
                                                             size_t values_per_slice) {
    auto file = dump.source().open(name);
    if (!file) return std::move(file.error());
    auto reader = ImageReader::from_file(std::move(*file));
    if (!reader) return std::move(reader.error());
    return std::make_unique<JsonDecodeJob>(name, std::make_unique<ImageReader>(std::move(*reader)), values_per_slice);
}

JsonDecodeJob::JsonDecodeJob(std::string name, std::unique_ptr<ImageReader> reader, size_t values_per_slice)
    : name_(std::move(name)),
      reader_(std::move(reader)),
      renderer_(*reader_, sink_, prepared(sink_, *reader_)),
      values_per_slice_(values_per_slice) {}

void JsonDecodeJob::decode(SteppedThread& t) {
    sink_.every(values_per_slice_, [this, &t] {
        t.pause();
        if (t.stopping()) sink_.mute();   // dropped: the rest of the entry is only walked
    });
    while (!t.stopping()) {
        auto more = renderer_.step();
        if (!more) {
            error_ = std::move(more.error());
            return;
        }
        if (!*more) {
            done_ = true;
            return;
        }
        if (renderer_.offset() - slice_from_ >= budget_) t.pause();
    }
}

Expected<bool> JsonDecodeJob::step(uint64_t budget) {
    if (done_) return true;
    slice_from_ = renderer_.offset();
    budget_ = budget;
    thread_.resume();
    if (error_) return *error_;
    return done_;
}

std::unique_ptr<JsonTreePanel> JsonDecodeJob::take_panel() {
    if (!done_) return nullptr;
    return sink_.take(name_);
}

std::string JsonDecodeJob::progress() const {
    size_t size = renderer_.size();
    uint64_t pct = size ? renderer_.offset() * 100 / size : 100;
    return fmt::format("decoding {} ... {}% of {} KiB, {} entries (Esc cancels)", name_, pct, (size + 1023) >> 10,
                       renderer_.entries());
}

}  // namespace img::tui
