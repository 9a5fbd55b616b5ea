// The universal oracle over every real image: decode then encode gives back
// identical bytes (plain and --pretty JSON), our JSON equals crit 4.2's, and
// JSON -> image -> JSON is idempotent. One test case per image.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "img/convert/image_json.h"
#include "harness/corpus.h"
#include "harness/fixtures.h"
#include "harness/paths.h"

namespace {

using json = nlohmann::json;
using img::test::CorpusImage;
using img::test::render_bytes;
using img::test::slurp;

class CorpusImageTest : public ::testing::TestWithParam<CorpusImage> {
protected:
    void SetUp() override {
        IMG_SKIP_IF_PLACEHOLDER(GetParam());
        bytes_ = slurp(GetParam().path);
        ASSERT_FALSE(bytes_.empty()) << GetParam().path;
    }
    const std::string& name() const { return GetParam().name; }

    // Renders our bytes; fails the test when the image does not decode.
    std::string render(bool pretty, int indent) {
        auto r = render_bytes(name(), bytes_, pretty, indent);
        EXPECT_TRUE(r.ok) << r.error.message();
        return r.json;
    }
    std::string encode(const std::string& text, const std::string& src) {
        auto b = img::encode_image_json(text, src);
        EXPECT_TRUE(b.ok()) << b.error().message();
        return b.ok() ? *b : std::string();
    }

    std::string bytes_;
};

// Where two JSON documents differ, as a few JSON-patch operations.
std::string first_differences(const json& ours, const json& theirs) {
    json patch = json::diff(ours, theirs);
    std::string s;
    for (size_t i = 0; i < patch.size() && i < 8; ++i) {
        const json& op = patch[i];
        s += "  " + op["op"].get<std::string>() + " " + op["path"].get<std::string>();
        std::string path = op["path"].get<std::string>();
        if (op.contains("value")) s += " crit=" + op["value"].dump().substr(0, 120);
        try {
            s += " ours=" + ours.at(json::json_pointer(path)).dump().substr(0, 120);
        } catch (...) {}
        s += "\n";
    }
    if (patch.size() > 8) s += "  ... " + std::to_string(patch.size()) + " differences\n";
    return s;
}

TEST_P(CorpusImageTest, PlainJsonEncodesToIdenticalBytes) {
    std::string j = render(false, 0);
    ASSERT_FALSE(j.empty());
    std::string back = encode(j, name() + ".json");
    EXPECT_TRUE(back == bytes_) << "re-encoded " << back.size() << " bytes, original " << bytes_.size();
}

TEST_P(CorpusImageTest, PrettyJsonEncodesToIdenticalBytes) {
    std::string j = render(true, 4);
    ASSERT_FALSE(j.empty());
    std::string back = encode(j, name() + ".pretty.json");
    EXPECT_TRUE(back == bytes_) << "re-encoded " << back.size() << " bytes, original " << bytes_.size();
}

TEST_P(CorpusImageTest, JsonImageJsonIsIdempotent) {
    for (bool pretty : {false, true}) {
        SCOPED_TRACE(pretty ? "pretty" : "plain");
        std::string j0 = render(pretty, pretty ? 4 : 0);
        std::string b1 = encode(j0, name() + ".json");
        auto r1 = render_bytes(name(), b1, pretty, pretty ? 4 : 0);
        ASSERT_TRUE(r1.ok) << r1.error.message();
        EXPECT_TRUE(r1.json == j0) << "JSON changed after one trip through the encoder";
        EXPECT_TRUE(encode(r1.json, name() + ".json") == b1);
    }
}

// Images with crit 4.2 reference output (shared/criu-json/<dir>/<img>.json and
// .pretty.json); stats files have none in crit's corpus.
class CritReferenceTest : public CorpusImageTest {};

void compare_with_crit(const CorpusImage& c, const std::string& ours_text, bool pretty) {
    auto ref = c.crit_json_path(pretty);
    ASSERT_TRUE(ref.has_value()) << c.path;
    json theirs = json::parse(slurp(*ref), nullptr, false);
    ASSERT_FALSE(theirs.is_discarded()) << *ref;
    json ours = img::test::strip_unknown_fields(json::parse(ours_text));
    EXPECT_TRUE(ours == theirs) << "our JSON differs from " << *ref << ":\n" << first_differences(ours, theirs);
}

TEST_P(CritReferenceTest, PlainJsonEqualsCrit) { compare_with_crit(GetParam(), render(false, 0), false); }

TEST_P(CritReferenceTest, PrettyJsonEqualsCrit) { compare_with_crit(GetParam(), render(true, 4), true); }

TEST_P(CritReferenceTest, CritJsonEncodesToTheOriginalBytes) {
    for (bool pretty : {false, true}) {
        auto ref = GetParam().crit_json_path(pretty);
        ASSERT_TRUE(ref.has_value()) << GetParam().path;
        SCOPED_TRACE(*ref);
        std::string b = encode(slurp(*ref), *ref);
        EXPECT_TRUE(b == bytes_) << "crit's JSON encoded to " << b.size() << " bytes, original " << bytes_.size();
        auto back = render_bytes(name(), b, pretty, pretty ? 4 : 0);
        ASSERT_TRUE(back.ok) << back.error.message();
        EXPECT_EQ(img::test::strip_unknown_fields(json::parse(back.json)), json::parse(slurp(*ref)));
    }
}

std::vector<CorpusImage> with_crit_reference(std::vector<CorpusImage> v) {
    std::erase_if(v, [](const CorpusImage& c) { return !c.placeholder() && !c.crit_json_path(false); });
    if (v.empty()) v.push_back(CorpusImage{});
    return v;
}

std::string param_name(const ::testing::TestParamInfo<CorpusImage>& info) { return info.param.test_name(); }

INSTANTIATE_TEST_SUITE_P(Captured, CorpusImageTest, ::testing::ValuesIn(img::test::captured_images()), param_name);
INSTANTIATE_TEST_SUITE_P(Shared, CorpusImageTest, ::testing::ValuesIn(img::test::shared_images_or_placeholder()),
                         param_name);
// The captured images are copies of shared/criu-images/{sleep,files}: crit's JSON for them lives in shared/.
INSTANTIATE_TEST_SUITE_P(Captured, CritReferenceTest,
                         ::testing::ValuesIn(with_crit_reference(img::test::captured_images())), param_name);
INSTANTIATE_TEST_SUITE_P(Shared, CritReferenceTest,
                         ::testing::ValuesIn(with_crit_reference(img::test::shared_images_or_placeholder())), param_name);

TEST(CorpusListing, CapturedImagesArePresent) {
    auto v = img::test::captured_images();
    EXPECT_GE(v.size(), 25u);
    bool stats = false;
    for (const auto& c : v) {
        EXPECT_FALSE(c.name.starts_with("pages-")) << "raw pages files are not decoded";
        stats |= c.name == "stats-dump";
    }
    EXPECT_TRUE(stats) << "stats-dump (no .img suffix) is part of the corpus";
}

TEST(CorpusListing, SharedCorpusHasReferencesForEveryImage) {
    auto v = img::test::shared_images();
    if (v.empty()) GTEST_SKIP() << img::test::shared_missing_reason();
    EXPECT_GE(v.size(), 100u);
    for (const auto& c : v) {
        if (c.name.starts_with("stats-")) continue;   // crit's corpus has no JSON for stats files
        EXPECT_TRUE(c.crit_json_path(false).has_value()) << c.path;
        EXPECT_TRUE(c.crit_json_path(true).has_value()) << c.path;
    }
}

}  // namespace
