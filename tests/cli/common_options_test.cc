// What every tool answers alike: --help (exit 0, the tool's options) and --version (exit 0,
// "TOOL (criu-img) VERSION" on standard output), and an unknown option (exit 2).
#include <gtest/gtest.h>

#include "support/paths.h"
#include "support/process.h"

namespace {

class EveryTool : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryTool, VersionNamesTheToolAndTheProject) {
    auto r = img::test::run({img::test::tool_path(GetParam()), "--version"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, std::string(GetParam()) + " (criu-img) " IMG_VERSION "\n") << r;
    EXPECT_EQ(r.err, "") << r;
}

TEST_P(EveryTool, HelpExitsZeroAndListsVersionAndHelp) {
    auto r = img::test::run({img::test::tool_path(GetParam()), "--help"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("--version"), std::string::npos) << r;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << r;
}

TEST_P(EveryTool, AnUnknownOptionIsAUsageError) {
    auto r = img::test::run({img::test::tool_path(GetParam()), "--no-such-option"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_FALSE(r.err.empty()) << r;
}

INSTANTIATE_TEST_SUITE_P(Tools, EveryTool, ::testing::Values("img-show", "img-encode", "img-fixpaths", "img-verify"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

}  // namespace
