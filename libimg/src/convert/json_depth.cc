#include "img/convert/json_depth.h"

#include <fmt/format.h>

namespace img {

// One pass with two states (inside a string or not): O(n) time and no memory, so it can run
// ahead of every parse. A closing bracket below zero is left for the parser to report.
Expected<void> check_json_depth(std::string_view text, const std::string& file, size_t max_depth) {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                Error e;
                e.file = file;
                e.offset = static_cast<int64_t>(i);
                e.what = fmt::format("JSON nests deeper than {} levels", max_depth);
                return e;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return {};
}

}  // namespace img
