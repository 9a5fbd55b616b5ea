// Showing bytes from images to people: file names, socket names, command lines
// are arbitrary bytes, but table cells and JSON strings must be valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace img {

// Valid UTF-8 is kept as it is; every byte that is not part of a valid UTF-8
// sequence, every ASCII control character and the backslash itself become
// "\xNN", so the result is valid UTF-8 and says exactly which bytes were there.
std::string display_text(std::string_view bytes);
// The same, appended to `out`.
void append_display_text(std::string& out, std::string_view bytes);

// A unix socket name (sun_path bytes): "" when unnamed, "@rest" for an abstract
// name (leading NUL), otherwise the path without its terminating NUL(s).
std::string display_unix_name(std::string_view name);

// A size for people, in binary units with one decimal: "1.5 GiB", "20.0 KiB", "512 bytes".
std::string human_bytes(uint64_t n);

// Number of characters (code points) of valid UTF-8 text, for aligning columns.
size_t display_width(std::string_view utf8);

}  // namespace img
