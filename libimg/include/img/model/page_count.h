// Counting a pagemap's pages in an address range: how much of a VMA the dump holds.
#pragma once

#include <cstdint>

#include "img/model/pagemap_reader.h"

namespace img {

// Pages of [lo, hi) that the runs of pm flagged `flag` (PE_PRESENT by default) hold.
uint64_t count_pages(const PagemapReader& pm, uint64_t lo, uint64_t hi, uint32_t flag = kPePresent);

}  // namespace img
