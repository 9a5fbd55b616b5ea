// img-coredump as a user runs it: gdb reads the published threads dump's core as a real one
// (four threads, symbolized backtraces through libc into worker and main, the environment
// strings, no warning); readelf agrees with the notes; --pid, -o; bad inputs exit 2 with one
// line; a cut pages file exits 1 and leaves no core.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "harness/dir_snapshot.h"
#include "harness/paths.h"
#include "harness/process.h"
#include "img/io/elf_build_id.h"
#include "img/io/mapped_file.h"
#include "img/model/checkpoint.h"

namespace {

using img::test::run;
using img::test::TempDir;

const std::string kStopped = img::test::captured_dir() + "/stopped";
const std::string kSleep = img::test::captured_dir() + "/sleep";
const std::string kThreadsExe = "/opt/cimg/bin/threads";

img::test::RunResult coredump(std::vector<std::string> args) {
    args.insert(args.begin(), img::test::tool_path("img-coredump"));
    return run(args);
}

std::optional<std::string> which(const std::string& prog) {
    for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"})
        if (img::test::file_exists(std::string(dir) + "/" + prog)) return std::string(dir) + "/" + prog;
    return std::nullopt;
}

std::optional<std::vector<uint32_t>> build_id_of(const std::string& path) {
    auto f = img::MappedFile::open(path);
    if (!f) return std::nullopt;
    return img::elf_build_id(f->bytes());
}

// The threads program as the dump's files.img records it (same build-id), at the recorded path:
// built from programs/threads.c with `gcc -O2 -pthread` and installed only when absent. "" when
// ready, else why not.
std::string ensure_threads_binary(const std::string& dump) {
    auto d = img::Checkpoint::open(dump);
    if (!d) return "threads dump unreadable";
    auto files = (*d)->files();
    const cimg::FileEntry* exe = files ? (*files)->find(1) : nullptr;
    if (!exe || !exe->has_reg()) return "no exe entry in files.img";
    std::vector<uint32_t> want(exe->reg().build_id().begin(), exe->reg().build_id().end());
    if (img::test::file_exists(kThreadsExe))
        return build_id_of(kThreadsExe) == want ? "" : kThreadsExe + " exists with another build-id";
    if (!which("gcc") || ::geteuid() != 0) return "gcc missing or not root: cannot install " + kThreadsExe;
    TempDir tmp;
    auto cc = run({*which("gcc"), "-O2", "-pthread", "-o", tmp.file("threads"),
                   *img::test::shared_dir() + "/criu-images/programs/threads.c"});
    if (cc.exit_code != 0) return "gcc failed: " + cc.err;
    if (build_id_of(tmp.file("threads")) != want) return "gcc -O2 -pthread does not reproduce the dumped binary here";
    std::filesystem::create_directories("/opt/cimg/bin");
    std::filesystem::copy_file(tmp.file("threads"), kThreadsExe);
    ::chmod(kThreadsExe.c_str(), 0755);
    return "";
}

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

size_t count_lines(const std::string& text, const std::regex& re) {
    size_t n = 0;
    for (size_t at = 0; at < text.size();) {
        size_t nl = text.find('\n', at);
        if (nl == std::string::npos) nl = text.size();
        n += std::regex_search(text.substr(at, nl - at), re);
        at = nl + 1;
    }
    return n;
}

TEST(ImgCoredump, GdbReadsTheThreadsCoreAsARealOne) {
    auto shared = img::test::shared_dir();
    if (!shared) GTEST_SKIP() << img::test::shared_missing_reason();
    auto gdb = which("gdb");
    if (!gdb) GTEST_SKIP() << "gdb not installed: the gdb check is skipped";
    const std::string dump = *shared + "/criu-images/threads";
    if (auto why = ensure_threads_binary(dump); !why.empty()) GTEST_SKIP() << why;
    TempDir out;
    auto r = coredump({dump, "-o", out.path()});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto d = img::Checkpoint::open(dump);
    ASSERT_TRUE(d.ok());
    uint64_t env = (*(*d)->mm(13395))->mm_env_start();
    auto g = run({*gdb, "-nx", "-batch", "-ex", "info threads", "-ex", "thread apply all bt", "-ex",
                  fmt::format("x/s {:#x}", env), kThreadsExe, out.file("core.13395")}, std::nullopt, "", 120);
    ASSERT_EQ(g.exit_code, 0) << g;
    std::string all = g.out + g.err;
    EXPECT_EQ(std::regex_search(all, std::regex("warning", std::regex::icase)), false) << all;
    EXPECT_EQ(count_lines(g.out, std::regex(R"(^[* ] +[0-9]+ +Thread 0x[0-9a-f]+ \(LWP [0-9]+\) )")), 4u) << g.out;
    EXPECT_EQ(count_lines(g.out, std::regex(R"(^Thread [0-9]+ \(Thread 0x[0-9a-f]+ \(LWP [0-9]+\)\):)")), 4u) << g.out;
    for (const char* lwp : {"LWP 13395", "LWP 13397", "LWP 13398", "LWP 13399"}) EXPECT_NE(g.out.find(lwp), std::string::npos) << lwp;
    EXPECT_EQ(count(g.out, " in worker ()"), 3u) << g.out;
    EXPECT_EQ(count(g.out, " in main ()"), 1u) << g.out;
    EXPECT_GE(count(g.out, "nanosleep"), 4u) << g.out;        // frames inside libc, symbolized
    EXPECT_EQ(count(g.out, " in ?? ()"), 0u) << g.out;
    EXPECT_NE(g.out.find("\"PATH=/usr/bin:/bin\""), std::string::npos) << g.out;
}

TEST(ImgCoredump, ReadelfAgreesWithTheNotes) {
    auto readelf = which("readelf");
    if (!readelf) GTEST_SKIP() << "readelf not installed";
    TempDir out;
    ASSERT_EQ(coredump({kStopped, "-o", out.path(), "-q"}).exit_code, 0);
    auto r = run({*readelf, "-n", "-l", "-W", out.file("core.22737")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.err, "");
    for (const char* n : {"NT_PRSTATUS", "NT_PRPSINFO", "NT_SIGINFO", "NT_AUXV", "NT_FILE", "NT_FPREGSET", "NT_X86_XSTATE", "CRIU-IMG"})
        EXPECT_NE(r.out.find(n), std::string::npos) << n << "\n" << r.out;
    // readelf of Debian 12 prints "Cannot decode 64-bit note in 32-bit build" for NT_FILE (as for a
    // gcore file): its names are checked in the bytes.
    EXPECT_NE(img::test::slurp(out.file("core.22737")).find("/var/tmp/cimg-captures/bin/stopped"), std::string::npos);
}

TEST(ImgCoredump, PidChoosesOneTaskAndJsonSaysSo) {
    TempDir out;
    auto r = coredump({kStopped, "--pid", "22737", "-o", out.path(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(img::test::file_exists(out.file("core.22737")));
    EXPECT_FALSE(img::test::file_exists(out.file("core.22735")));
    EXPECT_NE(r.out.find("\"signal\": 19"), std::string::npos) << r.out;   // stopped by SIGSTOP
}

TEST(ImgCoredump, WritesEveryTaskToOutdir) {
    TempDir out;
    auto r = coredump({kStopped, "-o", out.path()});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(img::test::file_exists(out.file("core.22735")));
    EXPECT_TRUE(img::test::file_exists(out.file("core.22737")));
    EXPECT_NE(r.out.find("core.22735"), std::string::npos) << r;
}

TEST(ImgCoredump, BadInputsExitTwoWithOneLine) {
    TempDir out, other;
    img::test::spit(other.file("file"), "x");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"/nonexistent/dump", "-o", out.path()},
             {kSleep, "-o", other.file("file")},
             {kSleep, "-o", other.file("file") + "/below"},
             {kSleep, "--pid", "4242", "-o", out.path()},
             {kSleep + "/core-13181.img", "-o", out.path()}}) {
        auto r = coredump(args);
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_EQ(count(r.err, "\n"), 1u) << r;
        EXPECT_TRUE(std::filesystem::is_empty(out.path())) << r;
    }
}

TEST(ImgCoredump, AMissingOutputDirectoryIsMade) {
    TempDir out;
    auto r = coredump({kSleep, "-o", out.file("cores/new")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(img::test::file_exists(out.file("cores/new/core.13181"))) << r;
}

TEST(ImgCoredump, CutPagesFileExitsOneAndWritesNoCore) {
    TempDir tmp, out;
    img::test::copy_dump(kSleep, tmp.file("d"));
    std::string pages = img::test::slurp(tmp.file("d/pages-1.img"));
    img::test::spit(tmp.file("d/pages-1.img"), pages.substr(0, pages.size() - 4096));
    auto r = coredump({tmp.file("d"), "-o", out.path()});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(count(r.err, "\n"), 1u) << r;
    EXPECT_NE(r.err.find("pages-1.img"), std::string::npos) << r;
    EXPECT_TRUE(std::filesystem::is_empty(out.path())) << r;
}

}  // namespace

namespace {

// A checkpoint archive (Podman's layout: checkpoint/ holding the images) gives the same core as
// its directory: the pages come through the archive's unpacked members.
TEST(ImgCoredump, ArchiveGivesTheSameCoreAsItsDirectory) {
    TempDir work, from_dir, from_archive;
    std::filesystem::create_directories(work.file("stage/checkpoint"));
    for (const auto& e : std::filesystem::directory_iterator(kSleep))
        std::filesystem::copy_file(e.path(), work.file("stage/checkpoint/" + e.path().filename().string()));
    auto tar = run({"/bin/sh", "-c", "tar -C '" + work.file("stage") + "' --gzip -cf '" + work.file("ckpt.tar.gz") + "' ."});
    ASSERT_EQ(tar.exit_code, 0) << tar;
    ASSERT_EQ(coredump({kSleep, "-q", "-o", from_dir.path()}).exit_code, 0);
    auto r = coredump({work.file("ckpt.tar.gz"), "-q", "-o", from_archive.path()});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(img::test::slurp(from_dir.file("core.13181")) == img::test::slurp(from_archive.file("core.13181")));
}

}  // namespace
