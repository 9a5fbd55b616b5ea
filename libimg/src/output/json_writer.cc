#include "img/output/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace img {

namespace {
constexpr std::array<bool, 256> plain_table() {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x7f; ++c) t[c] = c != '"' && c != '\\';
    return t;
}

const char kHex[] = "0123456789abcdef";

// Escapes s as json.dumps does (ensure_ascii): runs of plain bytes are copied whole.
// `put(const char*, size_t)` receives the output.
template <class Put>
void escape_json(std::string_view s, Put&& put) {
    put("\"", 1);
    size_t i = 0;
    while (i < s.size()) {
        size_t run = i;
        while (run < s.size() && kJsonPlain[static_cast<unsigned char>(s[run])]) ++run;
        if (run > i) { put(s.data() + i, run - i); i = run; if (i == s.size()) break; }
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': put("\\\"", 2); break;
            case '\\': put("\\\\", 2); break;
            case '\n': put("\\n", 2); break;
            case '\r': put("\\r", 2); break;
            case '\t': put("\\t", 2); break;
            case '\b': put("\\b", 2); break;
            case '\f': put("\\f", 2); break;
            default: {
                char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                put(u, 6);
            }
            }
            ++i;
            continue;
        }
        // Valid UTF-8 is guaranteed by the caller; decode one code point.
        uint32_t cp; int n;
        if ((c & 0xe0) == 0xc0) { cp = c & 0x1f; n = 1; }
        else if ((c & 0xf0) == 0xe0) { cp = c & 0x0f; n = 2; }
        else { cp = c & 0x07; n = 3; }
        for (int k = 1; k <= n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
        i += n + 1;
        auto unit = [&](uint32_t u) {
            char b[6] = {'\\', 'u', kHex[(u >> 12) & 15], kHex[(u >> 8) & 15], kHex[(u >> 4) & 15], kHex[u & 15]};
            put(b, 6);
        };
        if (cp >= 0x10000) { cp -= 0x10000; unit(0xd800 + (cp >> 10)); unit(0xdc00 + (cp & 0x3ff)); }
        else unit(cp);
    }
    put("\"", 1);
}

}  // namespace

const std::array<bool, 256> kJsonPlain = plain_table();

void append_json_string(std::string& out, std::string_view s) {
    escape_json(s, [&](const char* p, size_t n) { out.append(p, n); });
}

void JsonWriter::grow(size_t n) {
    size_t want = std::max(buf_.size() * 2, len_ + n + 4096);
    buf_.resize(want);
}

void JsonWriter::put_escaped(std::string_view s) {
    escape_json(s, [this](const char* p, size_t n) { put(p, n); });
}

void JsonWriter::indent_line() {
    size_t n = static_cast<size_t>(indent_) * stack_.size();
    char* p = room(n + 1);
    *p = '\n';
    std::memset(p + 1, ' ', n);
    len_ += n + 1;
}

void JsonWriter::separate() {
    Level& l = stack_.back();
    if (!l.first) put(',');
    if (indent_ > 0) {
        indent_line();
    } else if (!l.first) {
        put(' ');
    }
    l.first = false;
}

void JsonWriter::open(char c) {
    before_value();
    put(c);
    stack_.push_back(Level{true, c == '{'});
}

void JsonWriter::close(char c) {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty && indent_ > 0) indent_line();
    put(c);
    maybe_flush();
}

void JsonWriter::null() { before_value(); put("null", 4); }

void JsonWriter::flush() {
    if (!out_ || len_ == 0) return;
    sink_.write(buf_.data(), len_);
    len_ = 0;
    flush_at_ = sink_.threshold();
}

void JsonWriter::flush_chunks() {
    size_t n = sink_.write_due(buf_.data(), len_);
    // What is left is less than a chunk, and mostly the little written past the boundary.
    if (n > 0) std::memmove(buf_.data(), buf_.data() + n, len_ - n);
    len_ -= n;
    flush_at_ = sink_.threshold();
}

}  // namespace img
