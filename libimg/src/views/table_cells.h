// Cells the views build beyond plain values: shown only in JSON, hex in text, lists joined.
// Private to libimg/src/views.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "img/output/table.h"

namespace img {

// A cell that JSON shows and the text table leaves blank. Put such columns last:
// the text printer trims trailing blanks, so they take no room there.
Cell json_only(Cell c);
// A cell whose text is blank (a continuation row in text), with its value in JSON.
inline Cell blank_text(Cell c) { return json_only(std::move(c)); }
// A number shown as 0x... in text (and as a number in JSON).
Cell hex0x(uint64_t v);
// A list of strings shown joined by sep in text ("-" when empty), as an array in JSON.
Cell joined(std::vector<std::string> v, std::string_view sep);
// A size in bytes: readable in text ("16.0 KiB"), the number of bytes in JSON.
Cell byte_size(uint64_t n);

}  // namespace img
