#include "model/styled_line.h"

#include "img/support/display.h"

namespace img::tui {

namespace {

// Bytes of the first `chars` characters of UTF-8 text.
size_t prefix_bytes(std::string_view s, size_t chars) {
    size_t i = 0;
    while (i < s.size() && chars > 0) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
        --chars;
    }
    return i;
}

}  // namespace

StyledLine& StyledLine::add(std::string text, Style style) {
    if (text.empty()) return *this;
    if (!segments.empty() && segments.back().style == style) segments.back().text += text;
    else segments.push_back({std::move(text), style});
    return *this;
}

std::string StyledLine::text() const {
    std::string s;
    for (const auto& seg : segments) s += seg.text;
    return s;
}

size_t StyledLine::width() const {
    size_t w = 0;
    for (const auto& seg : segments) w += display_width(seg.text);
    return w;
}

StyledLine& StyledLine::restyle(Style style) {
    for (auto& seg : segments) seg.style = style;
    return *this;
}

StyledLine fit(const StyledLine& line, size_t width) {
    StyledLine out;
    size_t left = width;
    Style last = line.segments.empty() ? Style::Normal : line.segments.front().style;
    for (const auto& seg : line.segments) {
        if (left == 0) break;
        size_t w = display_width(seg.text);
        if (w <= left) {
            out.add(seg.text, seg.style);
            left -= w;
        } else {
            out.add(seg.text.substr(0, prefix_bytes(seg.text, left)), seg.style);
            left = 0;
        }
        last = seg.style;
    }
    if (left > 0) out.add(std::string(left, ' '), last);
    return out;
}

StyledLine drop_columns(const StyledLine& line, size_t columns) {
    StyledLine out;
    for (const auto& seg : line.segments) {
        size_t w = display_width(seg.text);
        if (w <= columns) {
            columns -= w;
            continue;
        }
        out.add(seg.text.substr(prefix_bytes(seg.text, columns)), seg.style);
        columns = 0;
    }
    return out;
}

std::string Screen::text() const {
    std::string s;
    for (const auto& line : lines) {
        std::string t = line.text();
        while (!t.empty() && t.back() == ' ') t.pop_back();
        s += t;
        s += '\n';
    }
    return s;
}

}  // namespace img::tui
