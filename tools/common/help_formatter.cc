#include "common/help_formatter.h"

#include "img/support/display.h"

namespace img {

namespace {

constexpr size_t kNameColumn = 28;

// Where a continuation of `line` starts: after "  NAME  " when the line is laid out so.
size_t hanging_indent(std::string_view line) {
    size_t lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos) return 0;
    size_t gap = line.find("  ", lead);
    if (gap == std::string_view::npos || gap > kHelpWidth / 2) return lead;
    size_t text = line.find_first_not_of(' ', gap);
    return text == std::string_view::npos || text > kHelpWidth / 2 ? lead : text;
}

void wrap_line(std::string_view line, size_t width, std::string& out) {
    const size_t indent = hanging_indent(line);
    size_t column = 0;
    bool first = true;
    while (!line.empty()) {
        size_t room = width > column ? width - column : 0;
        if (display_width(line) <= room) break;
        // The last space that leaves the line within `room` (not inside the indentation).
        size_t cut = line.rfind(' ', room);
        size_t floor = first ? indent : 0;
        if (cut == std::string_view::npos || cut <= floor) cut = line.find(' ', std::max(room, floor + 1));
        if (cut == std::string_view::npos) break;
        out.append(line.substr(0, cut)).append("\n").append(indent, ' ');
        line.remove_prefix(cut);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        column = indent;
        first = false;
    }
    out.append(line);
}

}  // namespace

// A line that goes on the previous one's sentence: it starts with neither a space (an item of a
// list) nor a capital letter (a new paragraph: "Exit status: ...", "DUMP: ...").
bool continues_prose(std::string_view prev, std::string_view line) {
    if (prev.empty() || prev.front() == ' ' || prev.back() == ':' || line.empty()) return false;
    return line.front() != ' ' && !(line.front() >= 'A' && line.front() <= 'Z');
}

std::string wrap_lines(std::string_view text, size_t width) {
    // Prose broken by hand is joined again first, so that it is wrapped once, as a whole.
    std::string joined, prev;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (continues_prose(prev, line)) {
            joined.back() = ' ';
            prev += ' ';
            prev += line;
        } else {
            prev = line;
        }
        joined.append(line);
        if (nl != std::string_view::npos) joined += '\n';
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
    std::string out;
    std::string_view rest = joined;
    while (!rest.empty()) {
        size_t nl = rest.find('\n');
        wrap_line(rest.substr(0, nl), width, out);
        if (nl == std::string_view::npos) break;
        out += '\n';
        rest.remove_prefix(nl + 1);
    }
    return out;
}

HelpFormatter::HelpFormatter() { column_width(kNameColumn); }

std::string HelpFormatter::make_description(const CLI::App* app) const {
    return wrap_lines(CLI::Formatter::make_description(app));
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
    return wrap_lines(CLI::Formatter::make_footer(app));
}

// CLI11 prints the description beside the name column and indents its line breaks to it.
std::string HelpFormatter::make_option_desc(const CLI::Option* opt) const {
    std::string wrapped = wrap_lines(opt->get_description(), kHelpWidth - kNameColumn);
    return wrapped;
}

// A positional's name says what it takes (no "TEXT REQUIRED" beside it), or its option text does.
std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
    if (opt->get_positional() && opt->get_option_text().empty()) return {};
    return CLI::Formatter::make_option_opts(opt);
}

std::string HelpFormatter::make_option_usage(const CLI::Option* opt) const {
    if (opt->get_positional() && !opt->get_option_text().empty()) return opt->get_option_text();
    return CLI::Formatter::make_option_usage(opt);
}

}  // namespace img
