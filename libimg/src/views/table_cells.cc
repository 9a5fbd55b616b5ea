#include "table_cells.h"

#include <fmt/format.h>

#include "img/support/display.h"

namespace img {

Cell json_only(Cell c) { return Cell::shown(std::move(c), " "); }

Cell hex0x(uint64_t v) { return Cell::shown(Cell(v), fmt::format("{:#x}", v)); }

Cell joined(std::vector<std::string> v, std::string_view sep) {
    std::string t;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) t += sep;
        t += v[i];
    }
    Cell c(std::move(v));
    if (t.empty()) t.push_back('-');   // (not t = "-": GCC 12 warns a false -Wrestrict on it here)
    return Cell::shown(std::move(c), std::move(t));
}

Cell byte_size(uint64_t n) { return Cell::shown(Cell(n), human_bytes(n)); }

}  // namespace img
