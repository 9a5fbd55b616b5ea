#include "common/search_text.h"

#include <fmt/format.h>

namespace img {

void print_match_text(const SearchMatch& m, bool with_context, const TermStyle& style, std::FILE* out) {
    std::string shown = escape_bytes(m.bytes);
    if (m.bytes.size() < m.length) shown += fmt::format("...(+{} bytes)", m.length - m.bytes.size());
    if (style.colour()) shown = style.red(style.bold(shown));
    else if (with_context) shown = "[" + shown + "]";
    fmt::print(out, "{}  {:#x}  {:x}-{:x} {}  {}{}{}\n", m.pid, m.addr, m.vma_start, m.vma_end, m.vma,
               escape_bytes(m.before), shown, escape_bytes(m.after));
}

}  // namespace img
