// Views of a dump as img-show prints them in text: each under a bold "Title (name)" heading,
// a blank line between views, the table in aligned columns or a dim "(none)". The JSON is the
// library's (img/views/views_document.h).
#pragma once

#include <cstdio>

#include "common/term_style.h"
#include "img/output/table.h"
#include "img/views/views.h"

namespace img {

// The heading of a view; `first`: no blank line before it.
void print_view_heading(const ViewInfo& view, bool first, const TermStyle& style, std::FILE* out);
// The rows of a view (after its heading), flushed.
void print_view_rows(const Table& t, const TermStyle& style, std::FILE* out);

}  // namespace img
