// A DiffResult and --hexdiff rows as people read them: a unified-diff style report (- A, + B,
// ~ changed), colour only when the TermStyle allows it.
#pragma once

#include <cstdio>
#include <vector>

#include "common/term_style.h"
#include "img/diff/diff_result.h"
#include "img/diff/hexdiff.h"

namespace img {

struct DiffTextOptions {
    bool ranges = false;   // --pages: every differing page range, VMAs named without addresses
    bool stat = false;     // --stat: the counts per aspect only
};

void print_diff_text(const DiffResult& r, const DiffTextOptions& o, std::FILE* out, const TermStyle& st);
void print_hexdiff_text(const std::vector<HexDiffRow>& rows, std::FILE* out, const TermStyle& st);

}  // namespace img
