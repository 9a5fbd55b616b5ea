#include "common/progress_line.h"

#include <unistd.h>

namespace img {

std::FILE* ProgressLine::stream(bool quiet_or_json) {
    if (quiet_or_json || !::isatty(STDERR_FILENO)) return nullptr;
    return stderr;
}

void ProgressLine::show(std::string_view text) {
    if (!f_ || text.empty() || text == shown_) return;
    shown_ = text;
    std::fputs("\r\033[K", f_);
    std::fwrite(text.data(), 1, text.size(), f_);
    std::fflush(f_);
}

void ProgressLine::clear() {
    if (!f_ || shown_.empty()) return;
    std::fputs("\r\033[K", f_);
    std::fflush(f_);
    shown_.clear();
}

}  // namespace img
