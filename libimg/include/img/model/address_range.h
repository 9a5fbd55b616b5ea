// Addresses as crit x mems shows them: lowercase hex of at least 8 digits, a range as
// "start-end" ("7f0c1a000000-7f0c1a021000").
#pragma once

#include <cstdint>
#include <string>

namespace img {

std::string address_range(uint64_t start, uint64_t end);
void append_address_range(std::string& out, uint64_t start, uint64_t end);   // the same, appended
// One address.
std::string address_text(uint64_t addr);

}  // namespace img
