// Checkpoint archives as an attacker or a clumsy operator makes them (issue 15 items 5, 6, 7):
// metadata nested past any sane depth, members far bigger than the archive, a tool interrupted
// while it unpacks. Run through the real tools on archives built at test time with tar from
// the bundled sleep capture (or a sparse copy of the shared sleep dump).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/paths.h"
#include "support/process.h"

namespace {

namespace fs = std::filesystem;
using img::test::RunResult;
using img::test::TempDir;

constexpr long kMemoryBoundKiB = 150 * 1024;
constexpr int kTimeout = 60;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

RunResult sh(const std::string& cmd) { return img::test::run({"/bin/sh", "-c", cmd}, std::nullopt, "", kTimeout); }

// <work>/stage: checkpoint/ holding a dump, config.dump and spec.dump beside it; packed with tar.
class ArchiveHardening : public ::testing::Test {
protected:
    void SetUp() override {
        stage_ = work_.file("stage");
        tmpdir_ = work_.file("tmp");
        fs::create_directories(tmpdir_);
        stage_dump(img::test::captured_dir() + "/sleep");
    }
    void stage_dump(const std::string& dump) {
        fs::remove_all(stage_);
        fs::create_directories(stage_);
        auto r = sh("cp -r '" + dump + "' '" + stage_ + "/checkpoint'");
        ASSERT_EQ(0, r.exit_code) << r;
        for (const char* m : {"config.dump", "spec.dump"})
            fs::copy_file(img::test::gen_dir() + "/archive/" + m, stage_ + "/" + m, fs::copy_options::overwrite_existing);
    }
    // Packs the stage with `tar` and a compression option ("", "--gzip", "--zstd").
    std::string pack(const std::string& name, const std::string& compress = "") {
        std::string out = work_.file(name);
        auto r = sh("tar -C '" + stage_ + "' " + compress + " -cf '" + out + "' .");
        EXPECT_EQ(r.exit_code, 0) << r;
        return out;
    }
    // A tool run with $TMPDIR pointed at our own folder, bounded in time and memory.
    RunResult tool(const std::string& name, std::vector<std::string> args) {
        std::vector<std::string> argv = {"/usr/bin/env", "TMPDIR=" + tmpdir_, img::test::tool_path(name)};
        argv.insert(argv.end(), args.begin(), args.end());
        RunResult r = img::test::run(argv, std::nullopt, "", kTimeout);
        EXPECT_FALSE(r.timed_out) << "hung: " << r;
        EXPECT_EQ(0, r.signal) << r;
        EXPECT_LT(r.max_rss_kib, kMemoryBoundKiB) << r;
        return r;
    }
    std::vector<std::string> left_in_tmpdir() const {
        std::vector<std::string> v;
        for (const auto& e : fs::directory_iterator(tmpdir_)) v.push_back(e.path().filename().string());
        return v;
    }
    TempDir work_;
    std::string stage_, tmpdir_;
};

// Item 7: 8 Mi '[' then ']' is valid JSON of 16 MiB; parsed into a tree it took gigabytes.
TEST_F(ArchiveHardening, DeeplyNestedConfigDumpIsRefusedFastNamingFileAndOffset) {
    constexpr size_t kDepth = 8u << 20;
    img::test::spit(stage_ + "/config.dump", std::string(kDepth, '[') + std::string(kDepth, ']'));
    std::string a = pack("deep.tar");
    for (const char* t : {"img-show", "img-verify"}) {
        auto start = std::chrono::steady_clock::now();
        RunResult r = tool(t, {a});
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_EQ(2, r.exit_code) << t << ": " << r;
        EXPECT_TRUE(has(r.err, "deep.tar:config.dump")) << r;
        EXPECT_TRUE(has(r.err, "offset 0x100")) << "the 257th '[' is at offset 256\n" << r;
        EXPECT_TRUE(has(r.err, "deeper than 256")) << r;
        EXPECT_LT(secs, 10.0) << t;
        EXPECT_TRUE(left_in_tmpdir().empty());
    }
}

TEST_F(ArchiveHardening, DeeplyNestedSpecDumpInADirectoryIsRefusedToo) {
    img::test::spit(stage_ + "/spec.dump", "{\"process\": " + std::string(1000, '[') + std::string(1000, ']') + "}");
    RunResult r = tool("img-show", {stage_});
    EXPECT_EQ(2, r.exit_code) << r;
    EXPECT_TRUE(has(r.err, "spec.dump")) << r;
    EXPECT_TRUE(has(r.err, "offset 0x10b")) << "the 256th [ after the 12 bytes of {\"process\": \n" << r;
}

TEST_F(ArchiveHardening, DeeplyNestedImgEncodeInputIsRefusedFast) {
    constexpr size_t kDepth = 8u << 20;
    std::string in = work_.file("deep.json");
    img::test::spit(in, "{\"magic\": \"CORE\", \"entries\": [" + std::string(kDepth, '[') + std::string(kDepth, ']') + "]}");
    RunResult r = tool("img-encode", {in, "-o", work_.file("out.img")});
    EXPECT_EQ(2, r.exit_code) << r;
    EXPECT_TRUE(has(r.err, "deep.json")) << r;
    EXPECT_TRUE(has(r.err, "deeper than 256")) << r;
    EXPECT_FALSE(img::test::file_exists(work_.file("out.img")));
}

}  // namespace
