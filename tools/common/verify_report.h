// A VerifyReport's findings as the tools show them: text grouped by severity with
// counts (img-verify, and img-fixpaths after it writes), or JSON keys.
#pragma once

#include <cstdio>

#include "img/output/json_writer.h"
#include "common/term_style.h"
#include "img/verify/verify.h"

namespace img {

// "N errors:" then one "  [check] image #entry: message" line each, per severity present.
void print_findings_text(const VerifyReport& r, std::FILE* out, const TermStyle& style);

// Writes the keys "ok", "counts" {error, warning, info} and "findings" [...] into an open object.
void write_findings_json(const VerifyReport& r, JsonWriter& w);

}  // namespace img
