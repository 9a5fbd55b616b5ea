#include "model/panel.h"

#include <algorithm>
#include <cctype>

namespace img::tui {

bool contains_any_case(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), same) != text.end();
}

std::optional<size_t> Panel::find(size_t from, bool forward) const {
    size_t n = size();
    if (n == 0 || filter_.empty()) return std::nullopt;
    for (size_t step = 1; step <= n; ++step) {
        if (!forward && step > from) break;
        size_t i = forward ? from + step : from - step;
        if (i >= n) break;
        if (contains_any_case(row(i).text(), filter_)) return i;
    }
    return std::nullopt;
}

}  // namespace img::tui
