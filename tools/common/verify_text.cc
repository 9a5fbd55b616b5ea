#include "common/verify_text.h"

#include <fmt/format.h>

namespace img {

void print_findings_text(const VerifyReport& r, std::FILE* out, const TermStyle& st) {
    for (auto s : {Severity::Error, Severity::Warning, Severity::Info}) {
        size_t n = r.count(s);
        if (!n) continue;
        std::string head = fmt::format("{} {}{}:", n, severity_name(s), n == 1 ? "" : "s");
        fmt::print(out, "{}\n", s == Severity::Error ? st.red(head) : s == Severity::Warning ? st.yellow(head) : head);
        for (const auto& f : r.findings) {
            if (f.severity != s) continue;
            std::string where = f.image.empty() ? "" : f.entry >= 0 ? fmt::format("{} #{}: ", f.image, f.entry) : f.image + ": ";
            fmt::print(out, "  [{}] {}{}\n", f.check, where, f.message);
        }
    }
}

void print_verify_text(const VerifyReport& r, const VerifySubject& subject, std::FILE* out) {
    TermStyle st(out);
    print_findings_text(r, out, st);
    for (const auto& d : r.digests) {
        fmt::print(out, "{}  {}\n", d.sha256, d.image);
        for (const auto& run : d.runs) fmt::print(out, "{}  {}:{:x}+{}\n", run.sha256, d.image, run.vaddr, run.nr_pages);
    }
    std::string verdict = !r.ok()         ? "NOT ready: problems found"
                          : subject.root ? fmt::format("whole and ready to restore under {}", *subject.root)
                                         : "whole";
    fmt::print(out, "{}: {} images, {} tasks, {} files checked under the root: {}\n", subject.dump, r.images, r.tasks,
               r.files_checked, r.ok() ? st.green(verdict) : st.red(verdict));
}

}  // namespace img
