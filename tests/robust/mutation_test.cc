// Every real image, truncated at many offsets and with single bits flipped:
// each variant must decode or fail with an Error naming the file and offset.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <set>
#include <unordered_set>

#include "guard.h"
#include "img/io/image_kind.h"
#include "harness/corpus.h"
#include "harness/paths.h"

namespace {

using img::test::CorpusImage;
using img::test::decode_everything;

// Identical files (the captured copies, the unchanged images of the *.expected
// variants) are checked once, under their first path.
std::vector<CorpusImage> distinct(std::vector<CorpusImage> v) {
    std::unordered_set<std::string> seen;
    std::vector<CorpusImage> out;
    for (auto& c : v) {
        if (c.placeholder() || seen.insert(img::test::slurp(c.path)).second) out.push_back(std::move(c));
    }
    return out;
}

std::vector<CorpusImage> real_images() {
    auto v = img::test::captured_images();
    auto s = img::test::shared_images();
    v.insert(v.end(), s.begin(), s.end());
    return distinct(std::move(v));
}

class MutatedImage : public img::test::HangGuard, public ::testing::WithParamInterface<CorpusImage> {
protected:
    void SetUp() override {
        HangGuard::SetUp();
        bytes_ = img::test::slurp(GetParam().path);
        ASSERT_FALSE(bytes_.empty());
        auto whole = decode_everything(GetParam().name, bytes_, "the unmodified image");
        ASSERT_TRUE(whole.ok) << whole.error;
    }
    std::string bytes_;
};

// Offsets to cut at: all of them for small files, else about 200 spread over
// the file plus both ends.
std::vector<size_t> cut_points(size_t size) {
    std::set<size_t> s;
    if (size < 4096) {
        for (size_t i = 0; i < size; ++i) s.insert(i);
    } else {
        for (size_t i = 0; i < 200; ++i) s.insert(i * size / 200);
        for (size_t i = 0; i < 16; ++i) { s.insert(i); s.insert(size - 1 - i); }
    }
    return {s.begin(), s.end()};
}

TEST_P(MutatedImage, EveryTruncationDecodesOrFailsWithOffset) {
    const std::string& name = GetParam().name;
    size_t failures = 0;
    for (size_t cut : cut_points(bytes_.size())) {
        auto r = decode_everything(name, bytes_.substr(0, cut), "truncated to " + std::to_string(cut) + " bytes");
        failures += !r.ok;
        if (HasFailure()) break;   // one bad variant is enough to report
    }
    EXPECT_GT(failures, 0u) << "truncating a real image must be noticed somewhere";
}

TEST_P(MutatedImage, SingleBitFlipsDecodeOrFailWithOffset) {
    const std::string& name = GetParam().name;
    std::mt19937_64 rng(std::hash<std::string>{}(GetParam().path));
    size_t n = bytes_.size() < 200 ? bytes_.size() * 8 : 200;
    for (size_t i = 0; i < n && !HasFailure(); ++i) {
        size_t pos = bytes_.size() < 200 ? i / 8 : rng() % bytes_.size();
        int bit = bytes_.size() < 200 ? static_cast<int>(i % 8) : static_cast<int>(rng() % 8);
        std::string m = bytes_;
        m[pos] = static_cast<char>(m[pos] ^ (1 << bit));
        decode_everything(name, m, "bit " + std::to_string(bit) + " of byte " + std::to_string(pos) + " flipped");
    }
}

TEST_P(MutatedImage, LengthWordsSetToExtremes) {
    // Walk the entries and replace each length word with hostile values.
    const std::string& name = GetParam().name;
    size_t header = bytes_.size() >= 8 && (static_cast<unsigned char>(bytes_[0]) == 0x19 || static_cast<unsigned char>(bytes_[0]) == 0x40) ? 8 : 4;
    size_t pos = header, k = 0;
    while (pos + 4 <= bytes_.size() && k < 64 && !HasFailure()) {
        uint32_t len;
        std::memcpy(&len, bytes_.data() + pos, 4);
        for (uint32_t v : {0xffffffffu, 0x7fffffffu, static_cast<uint32_t>(bytes_.size()), len + 1, len ? len - 1 : 0, 0u}) {
            std::string m = bytes_;
            std::memcpy(m.data() + pos, &v, 4);
            decode_everything(name, m, "length word of entry #" + std::to_string(k) + " set to " + std::to_string(v));
        }
        if (pos + 4 + len > bytes_.size()) break;
        // After an entry with a payload the next length word is not at pos + 4 + len: stop there.
        const img::ImageKind* kind = img::kind_by_file_name(name);
        if (!kind || kind->payload != img::PayloadRule::None) break;
        pos += 4 + len;
        ++k;
    }
}

std::string param_name(const ::testing::TestParamInfo<CorpusImage>& info) { return info.param.test_name(); }

INSTANTIATE_TEST_SUITE_P(Real, MutatedImage, ::testing::ValuesIn(real_images()), param_name);

TEST(MutationCorpus, HasImages) {
    EXPECT_GE(real_images().size(), 20u);
    if (!img::test::shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason();
}

}  // namespace
