// VerifyContext: what every check of verify_dump shares: the dump, the options
// and the report findings are added to. Private to libimg/src/verify.
#pragma once

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "img/model/checkpoint.h"
#include "img/verify/verify.h"

namespace img::verify {

struct VerifyContext {
    Checkpoint& dump;
    const VerifyOptions& opt;
    VerifyReport& report;

    template <class... A>
    void add(Severity s, const char* check, const std::string& image, int64_t entry, fmt::format_string<A...> f, A&&... a) {
        report.findings.push_back(Finding{s, check, image, entry, fmt::format(f, std::forward<A>(a)...)});
    }
    void add_error(const char* check, const Error& e) {
        std::string img = e.file;
        if (size_t s = img.find_last_of('/'); s != std::string::npos) img = img.substr(s + 1);
        report.findings.push_back(Finding{Severity::Error, check, img, e.entry, e.message()});
    }
    // True when an error already names `image` (a later check then need not repeat it).
    bool has_error_on(const std::string& image) const {
        return std::any_of(report.findings.begin(), report.findings.end(),
                           [&](const Finding& f) { return f.severity == Severity::Error && f.image == image; });
    }
};

// The checks, in the order verify_dump runs them.
void check_structure(VerifyContext& cx);     // every image parses, magic vs name, needed images present
void check_required_images(VerifyContext& cx);   // (part of structure) images CRIU's restore opens, with their entries
void check_consistency(VerifyContext& cx);   // pstree, fd/file ids, VMAs, remaps, sockets, pipes
void check_pages(VerifyContext& cx);         // pagemaps sorted, inside VMAs, pages file sizes, parents
void check_restore(VerifyContext& cx);       // files under the root as CRIU's restore opens them
void compute_digests(VerifyContext& cx);     // --hash

}  // namespace img::verify
