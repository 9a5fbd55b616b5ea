// Counts as people read them: "1 task", "2 tasks", "0 files" (an English plural by "s", or the
// plural given when it is not).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace img {

inline std::string counted(size_t n, std::string_view one, std::string_view many = {}) {
    if (n == 1) return fmt::format("1 {}", one);
    return many.empty() ? fmt::format("{} {}s", n, one) : fmt::format("{} {}", n, many);
}

}  // namespace img
