// The real images the suites run over: testdata/captured/*/ (always present)
// and shared/criu-images/*/ (when the shared folder exists), with the crit
// reference JSON from shared/criu-json/ where there is one.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/paths.h"

namespace img::test {

struct CorpusImage {
    std::string set;    // "captured" or "shared"; "" for the placeholder of a missing corpus
    std::string dir;    // scenario folder, e.g. "sleep"
    std::string name;   // file base name, e.g. "core-13181.img"
    std::string path;   // full path

    bool placeholder() const { return set.empty(); }
    // crit 4.2's `decode` (pretty=false) or `decode --pretty` output for this image, if present.
    std::optional<std::string> crit_json_path(bool pretty) const;
    // A gtest-safe name: "shared_tree_core_13295_img".
    std::string test_name() const;
};

std::ostream& operator<<(std::ostream& os, const CorpusImage& c);

// Every protobuf image (raw kinds such as pages-*.img left out) under each
// scenario folder of `root`, sorted by folder then name.
std::vector<CorpusImage> list_images(const std::string& root, const std::string& set);

std::vector<CorpusImage> captured_images();
// Empty when shared/ is missing.
std::vector<CorpusImage> shared_images();
// For INSTANTIATE_TEST_SUITE_P: the shared images, or one placeholder that the
// test turns into GTEST_SKIP with a clear message when shared/ is missing.
std::vector<CorpusImage> shared_images_or_placeholder();

// Skips the running test when `c` is the missing-corpus placeholder.
#define IMG_SKIP_IF_PLACEHOLDER(c)                                                   \
    do {                                                                             \
        if ((c).placeholder())                                                       \
            GTEST_SKIP() << ::img::test::shared_missing_reason()                     \
                         << ": only testdata/captured is checked";                   \
    } while (0)

}  // namespace img::test
