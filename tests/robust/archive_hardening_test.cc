// Checkpoint archives as an attacker or a clumsy operator makes them (issue 15 items 5, 6, 7):
// metadata nested past any sane depth, members far bigger than the archive, a tool interrupted
// while it unpacks. Run through the real tools on archives built at test time with tar from
// the bundled sleep capture (or a sparse copy of the shared sleep dump).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro
#include "img/model/checkpoint_archive.h"
#include "img/model/dump_source.h"
#include "sparse_dump.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

namespace fs = std::filesystem;
using img::test::RunResult;
using img::test::TempDir;

#ifdef __SANITIZE_ADDRESS__
constexpr long kMemoryBoundKiB = 400 * 1024;   // AddressSanitizer's shadow and quarantine: 150 MiB at start
#else
constexpr long kMemoryBoundKiB = 150 * 1024;   // every probe here needs a few MiB; the bugs took GBs
#endif
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

// Disk blocks (not apparent sizes) of the files under `dir`, in bytes.
uint64_t disk_usage(const std::string& dir) {
    uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        struct stat st {};
        if (::lstat(e.path().c_str(), &st) == 0) n += static_cast<uint64_t>(st.st_blocks) * 512;
    }
    return n;
}

// The stage holds the shared sleep dump given a VMA whose pages are `hole` bytes of zeros (sparse on
// disk) between a head and a tail page marked "HEADMARK" and "TAILMARK"; packed with tar --zstd, the
// pages file is a few KiB of the archive.
class BigMemberArchive : public ArchiveHardening {
protected:
    void SetUp() override {
        if (!img::test::shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason();
        ArchiveHardening::SetUp();
    }
    std::string pack_sparse(uint64_t hole) {
        auto d = img::test::make_sparse_dump(work_.file("sparse"), hole, "HEADMARK", "TAILMARK");
        if (!d) return "";
        stage_dump(d->dir);
        fs::remove_all(d->dir);
        return pack("big.tar.zst", "--zstd");
    }
};

// Item 5: a 1 GiB zero pages file in a small archive. The overview and img-verify need no pages: they
// succeed under a 1 MiB budget and nothing of the pages lands on disk; a search needs them: refused by
// the default budget (64 times the archive, at least 256 MiB) and by --max-unpacked 1M, allowed by 2G.
TEST_F(BigMemberArchive, PagesAreUnpackedOnlyWhenACommandNeedsThemWithinTheBudget) {
    std::string a = pack_sparse(uint64_t{1} << 30);
    ASSERT_FALSE(a.empty());
    ASSERT_LT(fs::file_size(a), 8u << 20);

    RunResult overview = tool("img-show", {"--max-unpacked", "1M", a});
    EXPECT_EQ(0, overview.exit_code) << overview;
    EXPECT_TRUE(has(overview.out, "13181")) << overview;
    RunResult verify = tool("img-verify", {"--no-root", "--max-unpacked", "1M", a});
    EXPECT_EQ(0, verify.exit_code) << verify;

    for (std::vector<std::string> budget : {std::vector<std::string>{"--max-unpacked", "1M"}, std::vector<std::string>{}}) {
        std::vector<std::string> args = budget;
        args.insert(args.end(), {"--search", "TAILMARK", a});
        RunResult search = tool("img-show", args);
        EXPECT_EQ(2, search.exit_code) << search;
        EXPECT_TRUE(has(search.err, a + ":checkpoint/pages-1.img")) << "names archive and member\n" << search;
        EXPECT_TRUE(has(search.err, "budget")) << search;
        EXPECT_TRUE(has(search.err, "1.0 GiB")) << search;
    }
    RunResult allowed = tool("img-show", {"--max-unpacked", "2G", "--search", "TAILMARK", a});
    EXPECT_EQ(0, allowed.exit_code) << allowed;
    EXPECT_TRUE(has(allowed.out, "TAILMARK")) << allowed;
    EXPECT_TRUE(left_in_tmpdir().empty());
}

// The same archive opened by the library: while the source lives, its folder holds the images with a
// header and a placeholder of pages-1.img that has the declared size and no data blocks.
TEST_F(BigMemberArchive, TheUnpackedFolderHoldsNoPagesUntilTheyAreOpened) {
    std::string a = pack_sparse(uint64_t{1} << 30);
    ASSERT_FALSE(a.empty());
    const char* old = std::getenv("TMPDIR");
    std::string saved = old ? old : "";
    ::setenv("TMPDIR", tmpdir_.c_str(), 1);
    img::set_max_unpacked(uint64_t{2} << 30);
    {
        auto src = img::DumpSource::open_path(a);
        ASSERT_TRUE(src.ok()) << src.error().message();
        EXPECT_EQ((*src)->size("pages-1.img"), (uint64_t{1} << 30) + 2 * 4096 + 122880) << "the declared size";
        EXPECT_LT(disk_usage(tmpdir_), 1u << 20) << "no pages written";
        auto pages = (*src)->open("pages-1.img");
        ASSERT_TRUE(pages.ok()) << pages.error().message();
        EXPECT_LT(disk_usage(tmpdir_), 1u << 20) << "zeros are left as holes";
    }
    img::set_max_unpacked(std::nullopt);
    if (old) ::setenv("TMPDIR", saved.c_str(), 1);
    else ::unsetenv("TMPDIR");
    EXPECT_TRUE(left_in_tmpdir().empty());
}

// A sparse tar member declaring 64 GiB in an archive of some KiB: refused at once when needed, never
// written, and listing it costs nothing in proportion to it.
TEST_F(ArchiveHardening, AMemberDeclaring64GiBInATinyArchiveIsRefusedAtOnce) {
    std::string pages = stage_ + "/checkpoint/pages-1.img";
    ASSERT_EQ(0, ::truncate(pages.c_str(), static_cast<off_t>(uint64_t{64} << 30)));
    std::string a = pack("hole.tar.gz", "-S --gzip");
    ASSERT_LT(fs::file_size(a), 1u << 20);
    auto start = std::chrono::steady_clock::now();
    RunResult search = tool("img-show", {"--search", "CIMG_SCENARIO", a});
    EXPECT_EQ(2, search.exit_code) << search;
    EXPECT_TRUE(has(search.err, a + ":checkpoint/pages-1.img")) << search;
    EXPECT_TRUE(has(search.err, "64.0 GiB")) << search;
    RunResult overview = tool("img-show", {a});
    EXPECT_NE(2, overview.exit_code) << overview;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
    EXPECT_TRUE(left_in_tmpdir().empty());
}

// Item 6: SIGINT, SIGTERM or SIGHUP while pages are being unpacked remove the folder, and the tool dies
// of the signal (the shell's 128+sig).
TEST_F(BigMemberArchive, ASignalWhileUnpackingRemovesTheFolderAndDiesOfIt) {
    std::string a = pack_sparse(uint64_t{4} << 30);
    ASSERT_FALSE(a.empty());
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        // Started in the background; signalled once its folder holds the pages being unpacked.
        // (A shell starts background commands with SIGINT ignored; env gives them the default back.)
        std::string script = "env --default-signal=INT TMPDIR='" + tmpdir_ + "' '" + img::test::tool_path("img-show") +
                             "' --max-unpacked 8G --search NOT-THERE '" + a + "' >/dev/null 2>&1 & pid=$!\n"
                             "n=0; while [ -z \"$(ls '" + tmpdir_ + "'/criu-img-$pid-*/pages-1.img.unpacking 2>/dev/null)\" ]; do\n"
                             "  n=$((n+1)); [ $n -gt 3000 ] && { echo never-unpacking; kill -9 $pid; exit 3; }; sleep 0.01; done\n"
                             "kill -" + std::to_string(sig) + " $pid; wait $pid; echo status=$?\n";
        RunResult r = sh(script);
        EXPECT_TRUE(has(r.out, "status=" + std::to_string(128 + sig))) << "signal " << sig << "\n" << r;
        EXPECT_TRUE(left_in_tmpdir().empty()) << "signal " << sig << " left " << left_in_tmpdir().size() << " entries";
    }
}

// `img-show ARCHIVE | head`: the reader goes away, the next write raises SIGPIPE while the archive's
// folder is in use; it is removed all the same, and the tool dies of SIGPIPE as tools do.
TEST_F(ArchiveHardening, AClosedPipeRemovesTheFolderToo) {
    std::string a = pack("small.tar.gz", "--gzip");
    std::string script = "{ sleep 0.5; env --default-signal=PIPE TMPDIR='" + tmpdir_ + "' '" +
                         img::test::tool_path("img-show") + "' --view all '" + a + "'; echo status=$? >&2; } | true";
    RunResult r = sh(script);
    EXPECT_TRUE(has(r.err, "status=" + std::to_string(128 + SIGPIPE))) << r;
    EXPECT_TRUE(left_in_tmpdir().empty()) << left_in_tmpdir().size() << " entries left";
}

// The option of every tool that opens archives: SIZE with K, M, G suffixes; anything else is a usage error.
TEST_F(ArchiveHardening, MaxUnpackedIsAnOptionOfEveryToolThatOpensArchives) {
    std::string a = pack("small.tar");
    for (const char* t : {"img-show", "img-verify"}) {
        RunResult help = tool(t, {"--help"});
        EXPECT_TRUE(has(help.out, "--max-unpacked")) << help;
        RunResult bad = tool(t, {"--max-unpacked", "12Q", a});
        EXPECT_EQ(2, bad.exit_code) << bad;
        RunResult tiny = tool(t, {"--max-unpacked", "1K", a});
        EXPECT_EQ(2, tiny.exit_code) << "the images with a header need more than 1 KiB\n" << tiny;
        EXPECT_TRUE(has(tiny.err, a + ":checkpoint/")) << tiny;
        std::vector<std::string> args = {"--max-unpacked", "64K", a};
        if (std::string(t) == "img-verify") args.insert(args.begin(), "--no-root");
        RunResult enough = tool(t, args);
        EXPECT_EQ(0, enough.exit_code) << enough;
    }
    EXPECT_TRUE(left_in_tmpdir().empty());
}

// After a kill -9 nothing can clean up: the next run removes folders whose process is gone and keeps
// those of running processes.
TEST_F(ArchiveHardening, FoldersOfDeadRunsAreRemovedByTheNextRunLiveOnesKept) {
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) _exit(0);
    ASSERT_EQ(child, ::waitpid(child, nullptr, 0));   // a pid that no longer runs
    const std::string dead = tmpdir_ + "/criu-img-" + std::to_string(child) + "-Ab12Cd";
    const std::string live = tmpdir_ + "/criu-img-" + std::to_string(::getpid()) + "-Ef34Gh";
    for (const auto& d : {dead, live}) {
        fs::create_directories(d);
        img::test::spit(d + "/pages-1.img", std::string(4096, 'p'));
    }
    RunResult r = tool("img-show", {pack("small.tar")});
    EXPECT_EQ(0, r.exit_code) << r;
    EXPECT_FALSE(fs::exists(dead)) << "left by a dead run";
    EXPECT_TRUE(fs::exists(live + "/pages-1.img")) << "in use by a running process";
    fs::remove_all(live);
    EXPECT_TRUE(left_in_tmpdir().empty());
}

}  // namespace
