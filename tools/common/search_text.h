// A memory search match as img-show prints it in text, one line:
// "PID  0xADDR  VMA_START-VMA_END VMA  BEFORE[MATCH]AFTER", the match in bold red on a terminal
// (in brackets without colour when context is shown). The JSON is the library's (search_json.h).
#pragma once

#include <cstdio>

#include "common/term_style.h"
#include "img/memory/memory_search.h"

namespace img {

void print_match_text(const SearchMatch& m, bool with_context, const TermStyle& style, std::FILE* out);

}  // namespace img
