// StyledLine and Screen: what the model draws, as text with a style per piece (no terminal types):
// the ncurses painter turns styles into attributes, --batch prints the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace img::tui {

enum class Style : uint8_t {
    Normal, Title, Header, Heading, Selected, Cursor, Tab, TabActive, Status, Error,
    Absent, Match, Changed, Added, Removed, Dim,
};

struct Segment {
    std::string text;   // UTF-8, one column per character
    Style style = Style::Normal;
};

struct StyledLine {
    std::vector<Segment> segments;

    StyledLine() = default;
    StyledLine(std::string text, Style style = Style::Normal) { add(std::move(text), style); }
    StyledLine& add(std::string text, Style style = Style::Normal);
    std::string text() const;
    size_t width() const;   // characters
    // Every segment in `style` (a selected row).
    StyledLine& restyle(Style style);
};

// Exactly `width` characters: cut at a character boundary, or padded with spaces in the last style.
StyledLine fit(const StyledLine& line, size_t width);

// The line without its first `columns` characters (a table scrolled to the left).
StyledLine drop_columns(const StyledLine& line, size_t columns);

// One screen: `height` lines of exactly `width` characters.
struct Screen {
    int width = 0, height = 0;
    std::vector<StyledLine> lines;
    // The lines as text, trailing blanks removed, one '\n' after each.
    std::string text() const;
};

}  // namespace img::tui
