// A fix_paths run as img-fixpaths shows it in text: one "image #entry field: old -> new" line
// per change, then what was written where and img-verify's findings on the result; or, when no
// path matched, a hint on the error stream. The JSON is the library's (fix_paths_writer.h).
#pragma once

#include <cstdio>

#include "img/rewrite/fix_paths.h"
#include "img/rewrite/fix_paths_writer.h"

namespace img {

void print_fix_paths_text(const FixPathsReport& r, const FixPathsRun& run, std::FILE* out, std::FILE* err);

}  // namespace img
