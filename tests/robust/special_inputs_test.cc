// Special files, sparse tails, cut or missing images: the probes of issue 15
// (items 2, 3, 10, 11, 13, 14), each run through the real tools on a damaged
// copy of a real dump. None may hang, take memory in proportion to what a
// file claims, or answer as if nothing were wrong.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro
#include "img/model/checkpoint.h"
#include "img/memory/memory_search.h"
#include "img/model/process_memory.h"
#include "sparse_dump.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

using img::test::RunResult;
using img::test::TempDir;

#ifdef __SANITIZE_ADDRESS__
constexpr long kMemoryBoundKiB = 400 * 1024;   // AddressSanitizer's shadow and quarantine come on top
constexpr bool kSanitized = true;
#else
constexpr long kMemoryBoundKiB = 150 * 1024;   // every probe here needs a few MiB; the bugs took GBs
constexpr bool kSanitized = false;
#endif
constexpr int kTimeout = 30;                   // seconds; the bugs hung forever or ran minutes

class SpecialInputs : public ::testing::Test {
protected:
    void SetUp() override {
        if (!img::test::shared_dir()) GTEST_SKIP() << img::test::shared_missing_reason();
    }
    // A writable copy of shared/criu-images/NAME.
    std::string copy(const std::string& name) {
        std::string to = tmp_.file(name);
        std::string cmd = "cp -r '" + *img::test::shared_dir() + "/criu-images/" + name + "' '" + to + "'";
        EXPECT_EQ(0, std::system(cmd.c_str()));
        return to;
    }
    static RunResult tool(const std::string& name, std::vector<std::string> args) {
        args.insert(args.begin(), img::test::tool_path(name));
        RunResult r = img::test::run(args, std::nullopt, "", kTimeout);
        EXPECT_FALSE(r.timed_out) << "hung: " << r;
        EXPECT_EQ(0, r.signal) << r;
        EXPECT_LT(r.max_rss_kib, kMemoryBoundKiB) << r;
        return r;
    }
    static bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
    TempDir tmp_;
};

TEST_F(SpecialInputs, AFifoImageIsRefusedNeverWaitedFor) {
    std::string d = copy("sleep");
    ASSERT_EQ(0, ::unlink((d + "/files.img").c_str()));
    ASSERT_EQ(0, ::mkfifo((d + "/files.img").c_str(), 0600));
    RunResult v = tool("img-verify", {"--no-root", d});
    EXPECT_EQ(1, v.exit_code) << v;
    EXPECT_TRUE(has(v.out + v.err, "files.img")) << v;
    EXPECT_TRUE(has(v.out + v.err, "FIFO")) << v;
    RunResult s = tool("img-show", {"--view", "files", d});
    EXPECT_EQ(2, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "files.img: is a FIFO (named pipe), not a regular file")) << s;
}

TEST_F(SpecialInputs, AnImageLinkedToDevZeroIsRefused) {
    std::string d = copy("sleep");
    ASSERT_EQ(0, ::unlink((d + "/files.img").c_str()));
    ASSERT_EQ(0, ::symlink("/dev/zero", (d + "/files.img").c_str()));
    RunResult s = tool("img-show", {"--view", "fds", d});
    EXPECT_EQ(2, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "files.img: is a character device")) << s;
    RunResult one = tool("img-show", {d + "/files.img"});
    EXPECT_EQ(2, one.exit_code) << one;
}

TEST_F(SpecialInputs, AFifoPagesFileStopsOnlyWhatNeedsThePages) {
    std::string d = copy("sleep");
    ASSERT_EQ(0, ::unlink((d + "/pages-1.img").c_str()));
    ASSERT_EQ(0, ::mkfifo((d + "/pages-1.img").c_str(), 0600));
    for (const char* view : {"overview", "mems", "rss"}) {
        RunResult s = tool("img-show", {"--view", view, d});
        EXPECT_EQ(0, s.exit_code) << view << ": " << s;
    }
    RunResult search = tool("img-show", {"--search", "CIMG_SCENARIO", d});
    EXPECT_EQ(2, search.exit_code) << search;
    EXPECT_TRUE(has(search.err, "pages-1.img: is a FIFO")) << search;
    RunResult v = tool("img-verify", {"--no-root", d});
    EXPECT_NE(0, v.exit_code) << v;
    EXPECT_TRUE(has(v.out + v.err, "pages-1.img")) << v;
}

TEST_F(SpecialInputs, ReadingStopsAtTheFirstBadEntryOfASparseTail) {
    std::string d = copy("sleep");
    struct stat st {};
    ASSERT_EQ(0, ::stat((d + "/pstree.img").c_str(), &st));
    ASSERT_EQ(0, ::truncate((d + "/pstree.img").c_str(), st.st_size + (off_t{16} << 30)));   // 16 GiB of zeros
    auto t0 = std::chrono::steady_clock::now();
    RunResult s = tool("img-show", {d});
    EXPECT_EQ(2, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "pstree.img: entry #1")) << s;
    RunResult one = tool("img-show", {d + "/pstree.img"});
    EXPECT_EQ(2, one.exit_code) << one;
    EXPECT_TRUE(has(one.err, "entry #1")) << one;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST_F(SpecialInputs, ContextOutOfRangeIsAUsageError) {
    std::string d = copy("sleep");
    for (const char* n : {"-1", "99999999999"}) {
        RunResult s = tool("img-show", {"--search", "CIMG", "--context", n, d});
        EXPECT_EQ(2, s.exit_code) << n << ": " << s;
        EXPECT_TRUE(has(s.err, "--context")) << s;
    }
}

TEST_F(SpecialInputs, ACutPagesFileIsAnErrorNeverAbsent) {
    std::string d = copy("sleep");
    // The environment strings live in the last pages of the file: cut it in half.
    ASSERT_EQ(0, ::truncate((d + "/pages-1.img").c_str(), 61440));
    RunResult h = tool("img-show", {"--hexdump", "13181:7ffefd879f9c+64", d});
    EXPECT_EQ(2, h.exit_code) << h;
    EXPECT_TRUE(has(h.err, "pages-1.img")) << h;
    EXPECT_TRUE(has(h.err, "cut short")) << h;
    EXPECT_FALSE(has(h.out, "absent")) << h;
    ASSERT_EQ(0, ::truncate((d + "/pages-1.img").c_str(), 0));
    RunResult s = tool("img-show", {"--search", "CIMG_SCENARIO", d});
    EXPECT_EQ(2, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "cut short")) << s;
}

TEST_F(SpecialInputs, ASearchSkipsA64GiBHoleWithBoundedMemory) {
    auto d = img::test::make_sparse_dump(tmp_.file("big"), uint64_t{64} << 30, "", "");
    ASSERT_TRUE(d);
    auto t0 = std::chrono::steady_clock::now();
    RunResult s = tool("img-show", {"--search", "CIMG_SCENARIO", "--max-matches", "1", d->dir});
    EXPECT_EQ(0, s.exit_code) << s;
    EXPECT_TRUE(has(s.out, "CIMG_SCENARIO")) << s;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10)) << "the hole was read";
    // The views and the checks never needed the pages.
    RunResult mems = tool("img-show", {"--view", "mems", d->dir});
    EXPECT_EQ(0, mems.exit_code) << mems;
}

TEST_F(SpecialInputs, HashingHoldsABoundedWindowOfThePagesFile) {
    auto d = img::test::make_sparse_dump(tmp_.file("hash"), uint64_t{1} << 30, "", "");
    ASSERT_TRUE(d);
    RunResult v = tool("img-verify", {"--no-root", "--hash", "--json", d->dir});
    EXPECT_NE(2, v.exit_code) << v;
    EXPECT_TRUE(has(v.out, "\"sha256\"")) << v;
}

TEST_F(SpecialInputs, MatchesBesideAHoleAreFoundAndTheHoleIsNotRead) {
    auto sd = img::test::make_sparse_dump(tmp_.file("edge"), 8u << 20, "XYZ", "QRS");
    ASSERT_TRUE(sd);
    auto dump = img::Checkpoint::open(sd->dir);
    ASSERT_TRUE(dump) << dump.error().message();
    auto first = [&](img::Expected<img::SearchPattern> p) -> uint64_t {
        EXPECT_TRUE(p) << p.error().message();
        img::SearchOptions o;
        o.max_matches = 1;
        uint64_t at = 0;
        auto n = img::search_dump(**dump, *p, o, [&](const img::SearchMatch& m) { at = m.addr; return true; });
        EXPECT_TRUE(n) << n.error().message();
        return at;
    };
    using namespace std::string_literals;
    EXPECT_EQ(sd->hole_start() - 3, first(img::SearchPattern::literal("XYZ\0\0"s)));
    EXPECT_EQ(sd->tail_start() - 2, first(img::SearchPattern::literal("\0\0QRS"s)));
    EXPECT_EQ(sd->hole_start() - 1, first(img::SearchPattern::regex("Z\\x00{3}")));
    EXPECT_EQ(sd->tail_start() - 1, first(img::SearchPattern::regex("\\x00Q")));
    EXPECT_EQ(sd->hole_start(), first(img::SearchPattern::literal("\0\0\0\0"s)));   // zeros: the hole is read
    // What a search reads of the VMA: the pages around the hole, not the hole.
    auto mem = img::ProcessMemory::open(**dump, img::test::SparseDump::kPid);
    ASSERT_TRUE(mem);
    uint64_t given = 0, skipped = 0;
    img::ProcessMemory::Scan scan;
    scan.hole_margin = 4;
    scan.on_skip = [&](uint64_t from, uint64_t to) { skipped += to - from; };
    auto ok = mem->for_each_present([&](uint64_t, img::Bytes b, const img::ProcessMemory::Region&) {
        given += b.size();
        return true;
    }, scan);
    ASSERT_TRUE(ok) << ok.error().message();
    EXPECT_EQ((8u << 20) - 8, skipped);
    EXPECT_EQ(mem->present_bytes(), given + skipped);
}

TEST_F(SpecialInputs, MissingImagesAreNamedAndWhatCanBeShownIsShown) {
    std::string d = copy("sleep");
    for (const char* name : {"ids-13181.img", "fdinfo-2.img", "fs-13181.img", "files.img", "mm-13181.img"})
        ASSERT_EQ(0, ::unlink((d + "/" + name).c_str())) << name;
    for (const char* view : {"fds", "files", "sockets"}) {
        RunResult s = tool("img-show", {"--view", view, d});
        EXPECT_EQ(1, s.exit_code) << view << ": " << s;
        EXPECT_TRUE(has(s.err, "warning: ids-13181.img is missing")) << view << ": " << s;
    }
    RunResult c = tool("img-show", {"--view", "cmdline", d});
    EXPECT_EQ(1, c.exit_code) << c;
    EXPECT_TRUE(has(c.out, "mm-13181.img is missing")) << c;
    EXPECT_FALSE(has(c.out, "zombie")) << c;
    // Without mm, the pagemap still says where the bytes are.
    RunResult s = tool("img-show", {"--search", "CIMG_SCENARIO", d});
    EXPECT_EQ(0, s.exit_code) << s;
    EXPECT_TRUE(has(s.out, "0x7ffefd879fd5")) << s;   // the address of the environment string in pages-1.img
    EXPECT_TRUE(has(s.err, "warning: mm-13181.img is missing")) << s;
    RunResult h = tool("img-show", {"--hexdump", "13181:7ffefd879f9c+16", d});
    EXPECT_EQ(0, h.exit_code) << h;
    EXPECT_FALSE(has(h.out, "absent")) << h;
    EXPECT_TRUE(has(h.out, "50 41 54 48 3d 2f 75 73  72 2f 62 69 6e 3a 2f 62  |PATH=/usr/bin:/b|")) << h;
}

// A dump older than files.img keeps its regular files in reg-files.img: no image is missing, so
// the file views name every file and warn of nothing.
TEST_F(SpecialInputs, ALegacyDumpWithRegFilesIsNotShortOfFilesImg) {
    std::string d = copy("sleep");
    RunResult j = tool("img-show", {"--json", d + "/files.img"});
    ASSERT_EQ(0, j.exit_code) << j;
    nlohmann::json legacy = {{"magic", "REG_FILES"}, {"entries", nlohmann::json::array()}};
    const nlohmann::json files = nlohmann::json::parse(j.out);
    for (const auto& e : files["entries"])
        if (e.contains("reg")) legacy["entries"].push_back(e["reg"]);
    ASSERT_FALSE(legacy["entries"].empty());
    img::test::spit(tmp_.file("reg-files.json"), legacy.dump());
    ASSERT_EQ(0, tool("img-encode", {"-i", tmp_.file("reg-files.json"), "-o", d + "/reg-files.img"}).exit_code);
    ASSERT_EQ(0, ::unlink((d + "/files.img").c_str()));
    for (const char* view : {"overview", "files"}) {
        RunResult s = tool("img-show", {"--view", view, d});
        EXPECT_EQ(0, s.exit_code) << view << ": " << s;
        EXPECT_FALSE(has(s.err, "warning")) << view << ": " << s;
        EXPECT_TRUE(has(s.out, "/usr/bin/sleep")) << view << ": " << s;
    }
}

TEST_F(SpecialInputs, WithoutPagesTheSizesStillComeFromThePagemap) {
    std::string d = copy("sleep");
    ASSERT_EQ(0, ::unlink((d + "/pages-1.img").c_str()));
    for (const char* view : {"overview", "mems", "rss"}) {
        RunResult s = tool("img-show", {"--view", view, d});
        EXPECT_EQ(0, s.exit_code) << view << ": " << s;
    }
    RunResult o = tool("img-show", {"--view", "overview", "--json", d});
    EXPECT_TRUE(has(o.out, "\"resident_pages\": 30")) << o;
    RunResult s = tool("img-show", {"--search", "CIMG_SCENARIO", d});
    EXPECT_EQ(2, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "pages-1.img: missing, but pagemap-13181.img describes")) << s;
}

TEST_F(SpecialInputs, AnUnreadableFilesImageIsSaidNotShownAsIds) {
    std::string d = copy("sleep");
    img::test::spit(d + "/files.img", "not an image at all");
    RunResult s = tool("img-show", {d});
    EXPECT_EQ(1, s.exit_code) << s;
    EXPECT_TRUE(has(s.err, "warning:")) << s;
    EXPECT_TRUE(has(s.err, "files.img")) << s;
}

}  // namespace

namespace {

// Every tool, its address space capped with ulimit -v, on hostile inputs: an error that names
// the file (exit 2) or a verdict, never a crash from an allocation the input asked for.
TEST_F(SpecialInputs, EveryToolUnderAnAddressSpaceLimit) {
    if (kSanitized) GTEST_SKIP() << "AddressSanitizer reserves terabytes of address space: no ulimit -v holds it";
    std::string d = copy("sleep");
    ASSERT_EQ(0, ::truncate((d + "/pstree.img").c_str(), off_t{4} << 30));   // 4 GiB claimed, beyond the limit
    ASSERT_EQ(0, ::unlink((d + "/files.img").c_str()));
    ASSERT_EQ(0, ::symlink("/dev/zero", (d + "/files.img").c_str()));
    ASSERT_EQ(0, ::mkfifo((d + "/pages-1.img.fifo").c_str(), 0600));
    img::test::spit(tmp_.file("deep.json"), "{\"magic\": \"PSTREE\", \"entries\": [" + std::string(1 << 20, '[') + "]}");
    img::test::spit(tmp_.file("map.txt"), std::string(1 << 20, 'x') + "\n");
    const std::vector<std::vector<std::string>> runs = {
        {"img-show", d},
        {"img-show", d + "/pstree.img"},
        {"img-show", d + "/files.img"},
        {"img-show", "--search", "CIMG", d},
        {"img-verify", "--no-root", "--hash", d},
        {"img-fixpaths", "--dry-run", "--map", "/a=/b", d},
        {"img-fixpaths", "--dry-run", "--branch-map", tmp_.file("map.txt"), d},
        {"img-encode", tmp_.file("deep.json")},
    };
    for (const auto& argv : runs) {
        std::string cmd = "ulimit -v 2097152; exec '" + img::test::tool_path(argv[0]) + "'";
        for (size_t i = 1; i < argv.size(); ++i) cmd += " '" + argv[i] + "'";
        RunResult r = img::test::run({"/bin/sh", "-c", cmd + " > /dev/null"}, std::nullopt, "", kTimeout);
        EXPECT_FALSE(r.timed_out) << cmd << ": " << r;
        EXPECT_EQ(0, r.signal) << cmd << ": " << r;
        EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << cmd << ": " << r;
        EXPECT_FALSE(has(r.err, "bad_alloc")) << cmd << ": " << r;
        EXPECT_FALSE(has(r.err, "terminate")) << cmd << ": " << r;
    }
}

}  // namespace
