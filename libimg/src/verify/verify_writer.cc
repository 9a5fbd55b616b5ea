// Counts are written as unsigned numbers whatever their C++ type, so that JSON readers see the
// same values on every platform.
#include "img/verify/verify_writer.h"

#include <fmt/format.h>

namespace img {

namespace {

constexpr Severity kOrder[] = {Severity::Error, Severity::Warning, Severity::Info};

void write_ok(bool ok, ValueSink& out) {
    out.key("ok");
    out.boolean(ok);
}

void write_count(std::string_view key, size_t n, ValueSink& out) {
    out.key(key);
    out.number(static_cast<uint64_t>(n));
}

void write(const Finding& f, ValueSink& out) {
    out.begin_object();
    out.key("severity"); out.string(severity_name(f.severity));
    out.key("check"); out.string(f.check);
    out.key("image"); out.string(f.image);
    out.key("entry"); out.number(f.entry);
    out.key("message"); out.string(f.message);
    out.end_object();
}

void write(const ImageDigest& d, ValueSink& out) {
    out.begin_object();
    out.key("image"); out.string(d.image);
    out.key("sha256"); out.string(d.sha256);
    if (!d.pagemap.empty()) {
        out.key("pagemap"); out.string(d.pagemap);
        out.key("runs");
        out.begin_array();
        for (const auto& run : d.runs) {
            out.begin_object();
            out.key("vaddr"); out.string(fmt::format("{:#x}", run.vaddr));
            out.key("nr_pages"); out.number(run.nr_pages);
            out.key("sha256"); out.string(run.sha256);
            out.end_object();
        }
        out.end_array();
    }
    out.end_object();
}

}  // namespace

void write_findings(const VerifyReport& r, ValueSink& out) {
    write_ok(r.ok(), out);
    out.key("counts");
    out.begin_object();
    for (auto s : kOrder) write_count(severity_name(s), r.count(s), out);
    out.end_object();
    out.key("findings");
    out.begin_array();
    for (const auto& f : r.findings) write(f, out);
    out.end_array();
}

void write(const std::vector<ImageDigest>& digests, ValueSink& out) {
    out.begin_array();
    for (const auto& d : digests) write(d, out);
    out.end_array();
}

void write(const VerifyReport& r, const VerifySubject& subject, ValueSink& out) {
    out.begin_object();
    out.key("dump"); out.string(subject.dump);
    out.key("root");
    if (subject.root) out.string(*subject.root);
    else out.null();
    write_count("images", r.images, out);
    write_count("tasks", r.tasks, out);
    write_count("files_checked", r.files_checked, out);
    write_findings(r, out);
    if (subject.hashed) {
        out.key("digests");
        write(r.digests, out);
    }
    out.end_object();
}

void write_verification(const std::optional<VerifyReport>& r, const std::optional<Error>& error, ValueSink& out) {
    if (!r && !error) {
        out.null();
        return;
    }
    out.begin_object();
    if (r) {
        write_findings(*r, out);
    } else {
        write_ok(false, out);
        out.key("error"); out.string(error->message());
    }
    out.end_object();
}

}  // namespace img
