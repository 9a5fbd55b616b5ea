#include "common/output_format.h"

namespace img {

ResultOutput::ResultOutput(const OutputFormat& f, std::FILE* out) {
    if (f.json) json_.emplace(out, f.indent);
    else text_.emplace(out);
}

ValueSink& ResultOutput::sink() {
    if (json_) return *json_;
    return *text_;
}

bool ResultOutput::finish() {
    if (!json_) {
        text_->flush();
        return true;
    }
    json_->newline();
    json_->flush();
    return !json_->failed();
}

void ResultOutput::flush() {
    if (json_) json_->flush();
    else text_->flush();
}

}  // namespace img
