// img-verify run as a program on the real captures of shared/criu-images (skipped without it):
// its exit codes (0 whole, 1 not, 2 cannot read), the text and JSON reports, -q. One behaviour per test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/capture_roots.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

using namespace img::test;

#define NEED_SHARED() \
    if (!shared_dir()) GTEST_SKIP() << shared_missing_reason()

std::string capture(const std::string& name) { return *shared_dir() + "/criu-images/" + name; }

RunResult img_verify(std::vector<std::string> args) {
    args.insert(args.begin(), tool_path("img-verify"));
    return run(args);
}

TEST(ImgVerify, AWholeDumpExits0AndSaysSo) {
    NEED_SHARED();
    auto r = img_verify({"--root", capture_root("host"), capture("sleep")});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("whole and ready to restore"), std::string::npos) << r;
}

TEST(ImgVerify, AFileMissingUnderTheRootExits1NamingIt) {
    NEED_SHARED();
    auto r = img_verify({"--root", capture_root("relocate"), capture("relocate-host")});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("Can't open file"), std::string::npos) << r;
}

TEST(ImgVerify, JsonReportSaysNotOk) {
    NEED_SHARED();
    auto r = img_verify({"--json", "--root", capture_root("relocate"), capture("relocate-host")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("\"ok\": false"), std::string::npos) << r;
}

TEST(ImgVerify, QuietPrintsNothingButKeepsTheExitCode) {
    NEED_SHARED();
    auto r = img_verify({"-q", "--root", capture_root("relocate"), capture("relocate-host")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(r.out.empty()) << r;
}

TEST(ImgVerify, ADumpThatCannotBeReadExits2NamingIt) {
    auto r = img_verify({"/nonexistent/dump"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("/nonexistent/dump"), std::string::npos) << r;
}

}  // namespace
