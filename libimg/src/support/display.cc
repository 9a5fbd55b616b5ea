#include "img/support/display.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace img {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (0 if none), as
// text_codecs' valid_utf8 decides: no overlongs, no surrogates, <= U+10FFFF.
size_t utf8_seq(std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (cc & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

}  // namespace

void append_display_text(std::string& o, std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        // A run of bytes shown as they are (most names are all such bytes) goes in at once.
        size_t run = i;
        while (run < s.size()) {
            unsigned char c = static_cast<unsigned char>(s[run]);
            if (c < 0x20 || c >= 0x7f || c == '\\') break;
            ++run;
        }
        if (run > i) { o.append(s.data() + i, run - i); i = run; continue; }
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            if (size_t n = utf8_seq(s, i)) { o.append(s.substr(i, n)); i += n; continue; }
        }
        o += fmt::format("\\x{:02x}", c);
        ++i;
    }
}

std::string display_text(std::string_view s) {
    std::string o;
    o.reserve(s.size());
    append_display_text(o, s);
    return o;
}

std::string display_unix_name(std::string_view name) {
    if (name.empty()) return "";
    if (name[0] == '\0') return "@" + display_text(name.substr(1));
    while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
    return display_text(name);
}

size_t display_width(std::string_view s) {
    // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a character. Eight at a time:
    // a continuation byte has its top bit set and the next one clear.
    size_t n = s.size(), i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        uint64_t ones = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;   // 1 in each continuation byte
        n -= static_cast<size_t>((ones * 0x0101010101010101ull) >> 56);  // their sum, in the top byte
    }
    for (; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) --n;
    return n;
}

std::string human_bytes(uint64_t n) {
    static const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (n < 1024) return fmt::format("{} bytes", n);
    double v = static_cast<double>(n);
    int u = -1;
    while (v >= 1024 && u < 5) { v /= 1024; ++u; }
    return fmt::format("{:.1f} {}", v, units[u]);
}

}  // namespace img
