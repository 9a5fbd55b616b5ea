// A verification as the tools show it in text: findings grouped by severity with counts
// (img-verify, and img-fixpaths after it writes), digests, and img-verify's closing verdict.
// The JSON of the same report is the library's (img/verify/verify_writer.h).
#pragma once

#include <cstdio>

#include "common/term_style.h"
#include "img/verify/verify.h"
#include "img/verify/verify_writer.h"

namespace img {

// "N errors:" (warnings:, notes:) then one "  [check] image #entry: message" line each, per severity present.
void print_findings_text(const VerifyReport& r, std::FILE* out, const TermStyle& style);

// img-verify's text: the findings, one "SHA256  image" line per digest (and per page run), and
// "DUMP: N images, N tasks, N files checked under the root: VERDICT (N warnings, N notes)"
// ("root not checked (--no-root)" without a root).
void print_verify_text(const VerifyReport& r, const VerifySubject& subject, std::FILE* out);

}  // namespace img
