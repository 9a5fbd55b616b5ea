// ProgressLine: the tools' one progress display, a line on standard error rewritten in place
// ("\r", then erase to the end of the line). Drawn only on a terminal and never under -q or
// --json; erased before an output line goes to the same terminal, and at the end. It uses no
// colour, so NO_COLOR has nothing to turn off.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace img {

class ProgressLine {
public:
    // Draws on `f`; nullptr: a line that never draws.
    explicit ProgressLine(std::FILE* f) : f_(f) {}
    ~ProgressLine() { clear(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Where a progress line goes: stderr when it is a terminal and the run is neither quiet nor
    // JSON, else nullptr.
    static std::FILE* stream(bool quiet_or_json);

    bool active() const { return f_ != nullptr; }
    // Shows `text`, redrawing only when it changed.
    void show(std::string_view text);
    // Erases the line (before other output, and at the end).
    void clear();

private:
    std::FILE* f_;
    std::string shown_;   // the text on screen ("" when erased)
};

}  // namespace img
