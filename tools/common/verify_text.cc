#include "common/verify_text.h"

#include <fmt/format.h>

#include "common/plural.h"

namespace img {

namespace {

// " (1 warning, 2 notes)": what the verdict does not count, when there is any.
std::string apart_from_errors(const VerifyReport& r) {
    std::string s;
    for (auto sev : {Severity::Warning, Severity::Info})
        if (size_t n = r.count(sev)) s += (s.empty() ? "" : ", ") + counted(n, severity_name(sev));
    return s.empty() ? s : " (" + s + ")";
}

}  // namespace

void print_findings_text(const VerifyReport& r, std::FILE* out, const TermStyle& st) {
    for (auto s : {Severity::Error, Severity::Warning, Severity::Info}) {
        size_t n = r.count(s);
        if (!n) continue;
        std::string head = counted(n, severity_name(s)) + ":";
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
    std::string root = subject.root ? counted(r.files_checked, "file") + " checked under the root"
                                    : std::string("root not checked (--no-root)");
    fmt::print(out, "{}: {}, {}, {}: {}{}\n", subject.dump, counted(r.images, "image"), counted(r.tasks, "task"), root,
               r.ok() ? st.green(verdict) : st.red(verdict), apart_from_errors(r));
}

}  // namespace img
