#include "img/model/page_count.h"

#include <algorithm>

namespace img {

uint64_t count_pages(const PagemapReader& pm, uint64_t lo, uint64_t hi, uint32_t flag) {
    const auto& runs = pm.runs();
    auto it = std::upper_bound(runs.begin(), runs.end(), lo, [](uint64_t a, const PageRun& r) { return a < r.start; });
    if (it != runs.begin()) --it;
    uint64_t n = 0;
    for (; it != runs.end() && it->start < hi; ++it) {
        if (it->end() <= lo || !(it->flags & flag)) continue;
        uint64_t s = std::max(lo, it->start), e = std::min(hi, it->end());
        n += (e - s) / kPageSize;
    }
    return n;
}

}  // namespace img
