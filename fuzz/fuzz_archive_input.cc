// Checkpoint archives from untrusted bytes: the input is written to a file and opened as
// img-show and img-verify open one (any format and filter libarchive reads); every view
// runs over it, the memory views reading pages, then verify without the root checks.
#include <cstdio>
#include <string>

#include "fuzz_scratch.h"
#include "fuzz_targets.h"
#include "img/model/checkpoint.h"
#include "img/verify/verify.h"
#include "img/views/views.h"

namespace {

const std::string& archive_path() {
    static const FuzzScratch scratch("fuzz-archive");
    static const std::string path = scratch.path("checkpoint.tar");
    return path;
}

}  // namespace

void fuzz_archive_input(const uint8_t* data, size_t size) {
    const std::string& path = archive_path();
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    if (auto d = img::Checkpoint::open(path)) {
        img::ViewOptions o;
        for (const auto& v : img::views()) (void)v.fn(**d, o);
    }
    img::VerifyOptions vo;
    vo.check_root = false;
    (void)img::verify_dump(path, vo);
}
