#include <algorithm>

#include "img/model/dump_presence.h"
#include "img/verify/verify.h"
#include "verify_context.h"

namespace img {

const char* severity_name(Severity s) {
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
    }
    return "?";
}

size_t VerifyReport::count(Severity s) const {
    return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [s](const Finding& f) { return f.severity == s; }));
}

Expected<VerifyReport> verify_dump(const std::string& dir, const VerifyOptions& opt) {
    auto dump = Checkpoint::open(dir);
    if (!dump) return std::move(dump).error();
    if (auto is_dump = require_dump(**dump, dir); !is_dump) return std::move(is_dump).error();
    VerifyReport rep;
    verify::VerifyContext cx{**dump, opt, rep};
    verify::check_structure(cx);
    verify::check_consistency(cx);
    verify::check_pages(cx);
    if (opt.check_root) verify::check_restore(cx);
    if (opt.hash) verify::compute_digests(cx);
    std::stable_sort(rep.findings.begin(), rep.findings.end(),
                     [](const Finding& a, const Finding& b) { return static_cast<int>(a.severity) < static_cast<int>(b.severity); });
    return rep;
}

}  // namespace img
