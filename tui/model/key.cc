#include "model/key.h"

#include <array>
#include <utility>

namespace img::tui {

namespace {

struct KeyNameRow {
    int key;
    std::string_view name;
};

// The first name of a key is the one shown; the others are accepted too.
constexpr std::array<KeyNameRow, 20> kNames{{
    {kKeyUp, "Up"},           {kKeyDown, "Down"},         {kKeyLeft, "Left"},       {kKeyRight, "Right"},
    {kKeyPageUp, "PgUp"},     {kKeyPageDown, "PgDn"},     {kKeyHome, "Home"},       {kKeyEnd, "End"},
    {kKeyEnter, "Enter"},     {kKeyEscape, "Esc"},        {kKeyBackspace, "Backspace"}, {kKeyTab, "Tab"},
    {kKeyBackTab, "S-Tab"},   {' ', "Space"},             {kKeyPageUp, "PageUp"},   {kKeyPageDown, "PageDown"},
    {kKeyEnter, "Return"},    {kKeyEscape, "Escape"},     {kKeyBackspace, "BS"},    {kKeyBackTab, "BackTab"},
}};

}  // namespace

std::string key_name(int key) {
    for (const auto& row : kNames)
        if (row.key == key) return std::string(row.name);
    if (key > 0 && key < 0x20) return "C-" + std::string(1, static_cast<char>('a' + key - 1));
    return key_utf8(key);
}

std::optional<int> parse_key(std::string_view name) {
    for (const auto& row : kNames)
        if (row.name == name) return row.key;
    if (name.size() == 1 && name[0] > 0x20 && name[0] < 0x7f) return static_cast<unsigned char>(name[0]);
    return std::nullopt;
}

bool is_text_key(int key) { return key >= 0x20 && key < 0x110000 && key != 0x7f; }

std::string key_utf8(int key) {
    std::string s;
    auto c = static_cast<unsigned>(key);
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xc0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xe0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x110000) {
        s += static_cast<char>(0xf0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (c & 0x3f));
    }
    return s;
}

}  // namespace img::tui
