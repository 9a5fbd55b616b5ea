#include "img/json_writer.h"

#include <fmt/format.h>

namespace img {

void append_json_string(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    for (size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c == 0x7f) { out += "\\u00"; out.push_back(hex[c >> 4]); out.push_back(hex[c & 15]); }
                else out.push_back(static_cast<char>(c));
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
        auto put = [&](uint32_t u) {
            out += "\\u"; for (int sh = 12; sh >= 0; sh -= 4) out.push_back(hex[(u >> sh) & 15]);
        };
        if (cp >= 0x10000) { cp -= 0x10000; put(0xd800 + (cp >> 10)); put(0xdc00 + (cp & 0x3ff)); }
        else put(cp);
    }
    out.push_back('"');
}

void JsonWriter::before_value() {
    if (after_key_) { after_key_ = false; return; }
    if (stack_.empty()) return;
    Level& l = stack_.back();
    if (!l.first) buf_.push_back(',');
    if (indent_ > 0) {
        buf_.push_back('\n');
        buf_.append(static_cast<size_t>(indent_) * stack_.size(), ' ');
    } else if (!l.first) {
        buf_.push_back(' ');
    }
    l.first = false;
}

void JsonWriter::open(char c) {
    before_value();
    buf_.push_back(c);
    stack_.push_back(Level{true, c == '{'});
}

void JsonWriter::close(char c) {
    bool empty = stack_.back().first;
    stack_.pop_back();
    if (!empty && indent_ > 0) {
        buf_.push_back('\n');
        buf_.append(static_cast<size_t>(indent_) * stack_.size(), ' ');
    }
    buf_.push_back(c);
    maybe_flush();
}

void JsonWriter::key(std::string_view k) {
    before_value();
    append_json_string(buf_, k);
    buf_ += ": ";
    after_key_ = true;
}

void JsonWriter::string(std::string_view s) { before_value(); append_json_string(buf_, s); }
void JsonWriter::number(uint64_t v) { before_value(); fmt::format_to(std::back_inserter(buf_), "{}", v); }
void JsonWriter::number(int64_t v) { before_value(); fmt::format_to(std::back_inserter(buf_), "{}", v); }
void JsonWriter::boolean(bool v) { before_value(); buf_ += v ? "true" : "false"; }
void JsonWriter::null() { before_value(); buf_ += "null"; }

void JsonWriter::flush() {
    if (!out_ || buf_.empty()) return;
    if (std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size()) failed_ = true;
    buf_.clear();
}

}  // namespace img
