// img-diff as a user runs it: exit 0 identical, 1 different, 2 usage error or unreadable input
// (naming the file); the JSON shape; --stat, --pages, --only, --hexdiff; two single images.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/dir_snapshot.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

using json = nlohmann::json;
using img::test::run;
using img::test::TempDir;

const std::string kSleep = img::test::captured_dir() + "/sleep";
const std::string kFiles = img::test::captured_dir() + "/files";

img::test::RunResult diff(std::vector<std::string> args) {
    args.insert(args.begin(), img::test::tool_path("img-diff"));
    return run(args);
}

TEST(ImgDiff, IdenticalDumpsExitZero) {
    auto r = diff({kSleep, kSleep});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("identical"), std::string::npos) << r;
}

TEST(ImgDiff, DifferentDumpsExitOneWithBothSides) {
    auto r = diff({kSleep, kFiles});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("--- " + kSleep), std::string::npos) << r;
    EXPECT_NE(r.out.find("+++ " + kFiles), std::string::npos) << r;
    EXPECT_NE(r.out.find("- tasks"), std::string::npos) << r;
    EXPECT_NE(r.out.find("+ tasks"), std::string::npos) << r;
}

TEST(ImgDiff, JsonHasTheDocumentedShape) {
    auto r = diff({"--json", kSleep, kFiles});
    ASSERT_EQ(r.exit_code, 1) << r;
    json j = json::parse(r.out);
    for (const char* k : {"a", "b", "identical", "stat", "differences", "pages_compared", "memory"})
        EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_FALSE(j["identical"].get<bool>());
    EXPECT_EQ(j["stat"]["tasks"], 2);
    for (const auto& d : j["differences"])
        for (const char* k : {"aspect", "change", "where", "path", "a", "b"}) EXPECT_TRUE(d.contains(k)) << k;
}

TEST(ImgDiff, StatPrintsCountsOnly) {
    auto r = diff({"--stat", kSleep, kFiles});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(r.out.find("---"), std::string::npos) << r;
    EXPECT_NE(r.out.find("different: "), std::string::npos) << r;
}

TEST(ImgDiff, TwoImagesShowPointers) {
    auto r = diff({kSleep + "/files.img", kFiles + "/files.img"});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("/entries/0/"), std::string::npos) << r;
}

TEST(ImgDiff, UsageErrorsAndUnreadableInputExitTwo) {
    auto r = diff({"--only", "nosuch", kSleep, kSleep});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("nosuch"), std::string::npos) << r;
    r = diff({kSleep, "/nonexistent/dump"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("/nonexistent/dump"), std::string::npos) << r;
    TempDir t;
    img::test::spit(t.file("core-1.img"), "not an image");
    r = diff({t.file("core-1.img"), kSleep + "/core-13181.img"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("core-1.img"), std::string::npos) << r;
    r = diff({kSleep});
    EXPECT_EQ(r.exit_code, 2) << r;
}

TEST(ImgDiff, QuietPrintsNothing) {
    auto r = diff({"-q", kSleep, kFiles});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST(ImgDiff, PagesAndHexdiffOnMem1AndMem2) {
    auto s = img::test::shared_dir();
    if (!s) GTEST_SKIP() << img::test::shared_missing_reason();
    std::string a = *s + "/criu-images/mem-1", b = *s + "/criu-images/mem-2";
    auto r = diff({"--pages", a, b});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("      7f4a1b58e000 changed (1 page)"), std::string::npos) << r;
    EXPECT_NE(r.out.find("      7f4a1c58e000-7f4a1c58f000 changed (2 pages)"), std::string::npos) << r;
    EXPECT_EQ(r.out.find("registers"), std::string::npos) << "--pages alone compares pages only";
    r = diff({"--hexdiff", "13438:0x7f4a1b58e000+16", a, b});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("00007f4a1b58e000  00 00 00 00 5a 5a 5a 5a"), std::string::npos) << r;
    r = diff({"--hexdiff", "13438:0x7f4a1b58e000+16", a, a});
    EXPECT_EQ(r.exit_code, 0) << r;
}

}  // namespace
