// The JSON of a verification: what img-verify prints (its whole report, with the digests under
// --hash), and the findings alone as img-fixpaths shows them for its result. Every key is here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "img/output/value_sink.h"
#include "img/support/error.h"
#include "img/verify/verify.h"

namespace img {

// What was verified: the dump, and the root of the restore checks (none with --no-root).
struct VerifySubject {
    std::string dump;
    std::optional<std::string> root;
    bool hashed = false;   // the report has digests ("digests" is written, even empty)
};

// {"dump", "root", "images", "tasks", "files_checked", "ok", "counts", "findings"[, "digests"]}
void write(const VerifyReport& r, const VerifySubject& subject, ValueSink& out);

// The keys "ok", "counts" {error, warning, note} and "findings" [...] into an open object.
void write_findings(const VerifyReport& r, ValueSink& out);

// A verification that ran ({"ok", "counts", "findings"}), one that could not ({"ok": false,
// "error": MESSAGE}), or none (null).
void write_verification(const std::optional<VerifyReport>& r, const std::optional<Error>& error, ValueSink& out);

// [{"image", "sha256"[, "pagemap", "runs": [{"vaddr": "0x...", "nr_pages", "sha256"}]]}, ...]
void write(const std::vector<ImageDigest>& digests, ValueSink& out);

}  // namespace img
