#include "common/verify_report.h"

#include <fmt/format.h>

namespace img {

namespace {
constexpr Severity kOrder[] = {Severity::Error, Severity::Warning, Severity::Info};
}

void print_findings_text(const VerifyReport& r, std::FILE* out, const TermStyle& st) {
    for (auto s : kOrder) {
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

void write_findings_json(const VerifyReport& r, JsonWriter& w) {
    w.key("ok"); w.boolean(r.ok());
    w.key("counts");
    w.begin_object();
    for (auto s : kOrder) {
        w.key(severity_name(s));
        w.number(static_cast<uint64_t>(r.count(s)));
    }
    w.end_object();
    w.key("findings");
    w.begin_array();
    for (const auto& f : r.findings) {
        w.begin_object();
        w.key("severity"); w.string(severity_name(f.severity));
        w.key("check"); w.string(f.check);
        w.key("image"); w.string(f.image);
        w.key("entry"); w.number(f.entry);
        w.key("message"); w.string(f.message);
        w.end_object();
    }
    w.end_array();
}

}  // namespace img
