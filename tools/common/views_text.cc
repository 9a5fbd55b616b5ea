#include "common/views_text.h"

#include <fmt/format.h>

namespace img {

void print_view_heading(const ViewInfo& view, bool first, const TermStyle& style, std::FILE* out) {
    if (!first) std::fputc('\n', out);
    std::string title = fmt::format("{} ({})", view.title, view.name);
    std::fputs((style.bold(title) + "\n").c_str(), out);
}

void print_view_rows(const Table& t, const TermStyle& style, std::FILE* out) {
    print_table_text(t, out, style.colour());
    if (t.empty() && !t.columns.empty()) std::fputs(style.dim("(none)").append("\n").c_str(), out);
    std::fflush(out);
}

}  // namespace img
