// What every tool answers alike: --help (exit 0, the tool's options) and --version (exit 0,
// "TOOL (criu-img) VERSION" on standard output), and an unknown option (exit 2).
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "harness/paths.h"
#include "harness/process.h"

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

// Start-up is part of every command's time: in the default build a tool loads libc and nothing
// else (libarchive and libcrypto are opened only when needed). ld.so lists what it loads when
// LD_TRACE_LOADED_OBJECTS is set, as ldd does. (An instantiation of nlohmann's binary readers
// once brought in libm unnoticed.)
TEST_P(EveryTool, LoadsOnlyLibc) {
    if (!IMG_TOOLS_ONLY_LIBC) GTEST_SKIP() << "this build links the C++ runtime, fmt or protobuf as shared libraries";
    auto r = img::test::run({"/usr/bin/env", "LD_TRACE_LOADED_OBJECTS=1", img::test::tool_path(GetParam())});
    ASSERT_EQ(r.exit_code, 0) << r;
    size_t libs = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("linux-vdso") != std::string::npos || line.find("ld-linux") != std::string::npos) continue;
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        EXPECT_NE(line.find("libc.so.6"), std::string::npos) << "loads " << line;
        ++libs;
    }
    EXPECT_EQ(libs, 1u) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Tools, EveryTool, ::testing::Values("img-show", "img-encode", "img-fixpaths", "img-verify", "img-dump", "img-coredump"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

}  // namespace
