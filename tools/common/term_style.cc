#include "common/term_style.h"

#include <unistd.h>

#include <cstdlib>

namespace img {

TermStyle::TermStyle(std::FILE* f) {
    const char* nc = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    colour_ = (!nc || !*nc) && ::isatty(::fileno(f)) && !(term && std::string_view(term) == "dumb");
}

std::string TermStyle::wrap(const char* code, std::string_view s) const {
    if (!colour_) return std::string(s);
    return std::string("\033[") + code + "m" + std::string(s) + "\033[0m";
}

}  // namespace img
