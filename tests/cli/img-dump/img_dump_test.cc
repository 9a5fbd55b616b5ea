// img-dump without CRIU: refusals (usage, vanished and zombie tasks, unsupported kinds), the
// never-harm promise (the target runs on untraced after an error and after SIGINT, SIGTERM,
// SIGHUP or SIGKILL of img-dump), and the dump as the project's own tools read it (img-verify,
// the mm image against /proc recorded at dump time, img-diff of two dumps of bigmem).
#include <fmt/format.h>
#include <set>
#include <sstream>

#include "dump_targets.h"

namespace img::test {
namespace {


// bigmem's status file once it says "gen N done": base address and page count.
struct BigmemStatus { uint64_t base = 0; unsigned long pages = 0; std::vector<unsigned long> changed; };

std::optional<BigmemStatus> bigmem_status(const std::string& file, int gen) {
    std::string s = Target::read_text(file);
    // gen < 0: any generation after the first (the file then lists the pages it rewrote).
    if (gen < 0 ? !has(s, "changed:") || !has(s, " done ") : !has(s, fmt::format("gen {} done", gen))) return std::nullopt;
    BigmemStatus b;
    size_t at = s.find("base=");
    b.base = std::strtoull(s.c_str() + at + 5, nullptr, 16);
    b.pages = std::strtoul(s.c_str() + s.find("npages=") + 7, nullptr, 10);
    if (size_t c = s.find("changed:"); c != std::string::npos) {
        std::istringstream in(s.substr(c + 8));
        for (unsigned long i; in >> i;) b.changed.push_back(i);
    }
    return b;
}

TEST(ImgDump, UsageErrorsExitTwo) {
    EXPECT_EQ(img_dump({}).exit_code, 2);
    EXPECT_EQ(img_dump({"-t", "1"}).exit_code, 2);
}

TEST(ImgDump, VanishedTaskIsNamed) {
    TempDir tmp;
    pid_t gone = ::fork();
    if (gone == 0) ::_exit(0);
    ::waitpid(gone, nullptr, 0);
    auto r = img_dump({"-t", std::to_string(gone), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: no such task", gone))) << r;
    EXPECT_FALSE(dir_exists(tmp.file("d")));
}

TEST(ImgDump, ZombieIsNamed) {
    TempDir tmp;
    pid_t z = ::fork();
    if (z == 0) ::_exit(0);
    ASSERT_TRUE(eventually([&] { return Target::read_text(fmt::format("/proc/{}/stat", z)).find(") Z") != std::string::npos; }));
    auto r = img_dump({"-t", std::to_string(z), "-D", tmp.file("d")});
    ::waitpid(z, nullptr, 0);
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, "is a zombie")) << r;
}

TEST(ImgDump, UnsupportedSocketIsRefusedAndTheTaskRunsOnUntraced) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("sockets"), tmp.path(), "inet"});
    ASSERT_TRUE(eventually([&] { return ::access(tmp.file("ready").c_str(), F_OK) == 0; }));
    auto r = img_dump({"-t", std::to_string(t.pid()), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: fd 7: socket (socket:[", t.pid()))) << r;
    EXPECT_TRUE(has(r.err, "not a unix socket")) << r;
    EXPECT_FALSE(dir_exists(tmp.file("d")));
    EXPECT_EQ(t.tracer(), 0);
    EXPECT_TRUE(t.alive());
    // It goes on answering: a poke gets its report, the queued packets still there.
    ::kill(t.pid(), SIGUSR1);
    EXPECT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("report")), "stream: stream-queued\n"); }));
}

TEST(ImgDump, ExistingFolderIsRefusedBeforeTouchingTheTask) {
    TempDir tmp;
    spit(tmp.file("d"), "x");
    Target t({"sleep", "1000"});
    auto r = img_dump({"-t", std::to_string(t.pid()), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, "already exists")) << r;
    EXPECT_TRUE(t.alive());
}

TEST(ImgDump, LeaveRunningDumpVerifiesAndMatchesProcMaps) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("relapp"), "-C", tmp.path(), "-l", "log.txt"});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("log.txt")), "tick 1 "); }));
    std::string maps = Target::read_text(fmt::format("/proc/{}/maps", t.pid()));
    auto r = img_dump({"-t", std::to_string(t.pid()), "-D", tmp.file("d"), "--leave-running"});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(t.alive());
    EXPECT_EQ(t.tracer(), 0);
    // The task keeps appending to its log, so the recorded size is already old: the restore
    // readiness checks are for dumps of killed tasks (img_dump_restore_test); the rest applies.
    auto v = run({tool_path("img-verify"), "--no-root", tmp.file("d")});
    EXPECT_EQ(v.exit_code, 0) << v;
    // Every VMA of the mm image is a line of /proc/PID/maps recorded at dump time ([vvar] and
    // [vvar_vclock] are one area for CRIU: their start is checked).
    auto mm = run({tool_path("img-show"), "--json", "--pretty", tmp.file(fmt::format("d/mm-{}.img", t.pid()))});
    ASSERT_EQ(mm.exit_code, 0) << mm;
    std::set<uint64_t> starts;
    std::istringstream lines(maps);
    for (std::string line; std::getline(lines, line);) starts.insert(std::strtoull(line.c_str(), nullptr, 16));
    size_t vmas = 0;
    for (size_t at = mm.out.find("\"start\": \"0x"); at != std::string::npos; at = mm.out.find("\"start\": \"0x", at + 1)) {
        uint64_t start = std::strtoull(mm.out.c_str() + at + 12, nullptr, 16);
        EXPECT_TRUE(starts.count(start)) << std::hex << start << " not in\n" << maps;
        ++vmas;
    }
    size_t joined = has(maps, "[vvar_vclock]") ? 1 : 0;
    EXPECT_EQ(vmas, starts.size() - joined) << maps;
    EXPECT_GE(vmas, 5u);
}

// Starts img-dump on a 64 MiB bigmem, waits until it traces the target, sends `sig`.
void interrupt_dump_with(int sig) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target big({progs.path("bigmem"), tmp.file("status"), "64"});
    std::optional<BigmemStatus> st;
    ASSERT_TRUE(eventually([&] { return (st = bigmem_status(tmp.file("status"), 0)).has_value(); }, 30));
    Target dumper({tool_path("img-dump"), "-t", std::to_string(big.pid()), "-D", tmp.file("d")});
    ASSERT_TRUE(eventually([&] { return big.tracer() == dumper.pid(); }, 10));
    ::kill(dumper.pid(), sig);
    int status = 0;
    ::waitpid(dumper.pid(), &status, 0);
    dumper.reap();
    EXPECT_TRUE(eventually([&] { return big.tracer() == 0; }, 5)) << "signal " << sig;
    EXPECT_TRUE(big.alive()) << "signal " << sig;
    EXPECT_FALSE(dir_exists(tmp.file("d"))) << "signal " << sig;
    if (sig != SIGKILL) {
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << "signal " << sig;
    }
    // Its memory is whole and it still answers a signal.
    auto v = run({progs.path("bigmem-verify"), std::to_string(big.pid()), fmt::format("{:x}", st->base),
                  std::to_string(st->pages), "0"});
    EXPECT_EQ(v.exit_code, 0) << v;
    EXPECT_TRUE(eventually([&] {
        ::kill(big.pid(), SIGUSR1);
        return eventually([&] { return bigmem_status(tmp.file("status"), -1).has_value(); }, 0.5);
    })) << "signal " << sig;
}

TEST(ImgDump, SigkillOfImgDumpLeavesTheTaskRunningUntraced) { interrupt_dump_with(SIGKILL); }
TEST(ImgDump, SigtermOfImgDumpLeavesTheTaskRunningUntraced) { interrupt_dump_with(SIGTERM); }
TEST(ImgDump, SigintOfImgDumpLeavesTheTaskRunningUntraced) { interrupt_dump_with(SIGINT); }
TEST(ImgDump, SighupOfImgDumpLeavesTheTaskRunningUntraced) { interrupt_dump_with(SIGHUP); }

TEST(ImgDump, DiffOfTwoBigmemDumpsShowsTheRewrittenPages) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target big({progs.path("bigmem"), tmp.file("status"), "16"});
    ASSERT_TRUE(eventually([&] { return bigmem_status(tmp.file("status"), 0).has_value(); }, 30));
    auto d1 = img_dump({"-t", std::to_string(big.pid()), "-D", tmp.file("d1"), "-R"});
    ASSERT_EQ(d1.exit_code, 0) << d1;
    // bigmem checks its flag before pause(): a signal that lands just before pause() waits for the
    // next one, so it is sent again until a generation is done (any one rewrites the same pages).
    std::optional<BigmemStatus> st;
    ASSERT_TRUE(eventually([&] {
        ::kill(big.pid(), SIGUSR1);
        return eventually([&] { return (st = bigmem_status(tmp.file("status"), -1)).has_value(); }, 0.5);
    }));
    auto d2 = img_dump({"-t", std::to_string(big.pid()), "-D", tmp.file("d2"), "-R"});
    ASSERT_EQ(d2.exit_code, 0) << d2;
    auto diff = run({tool_path("img-diff"), "--pages", tmp.file("d1"), tmp.file("d2")});
    EXPECT_EQ(diff.exit_code, 1) << diff;
    for (unsigned long i : st->changed)
        EXPECT_TRUE(has(diff.out, fmt::format("{:x} changed", st->base + i * 4096))) << "page " << i << "\n" << diff.out;
}

// Without a map img-dump records paths as the kernel shows them; img-fixpaths then gives the same
// files.img as img-dump with the equivalent --branch-map (or --aufs-si): one rewrite engine.
TEST(ImgDump, BranchMapAtDumpTimeEqualsImgFixpathsAfterwards) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    std::string layer = tmp.file("layer");
    for (const char* d : {"/layer", "/layer/app", "/layer/app/data", "/si"}) ::mkdir((tmp.path() + d).c_str(), 0755);
    spit(layer + "/app/data/input.txt", "0123456789\n");
    spit(layer + "/app/data/blob.bin", std::string(8192, 'b'));
    spit(layer + "/app/data/shared.bin", std::string(4096, '\0'));
    spit(tmp.file("map"), layer + " /srv/union\n");
    spit(tmp.file("si/br0"), layer + "=rw\n");
    Target t({progs.path("relapp"), "-C", layer + "/app", "-r", "data/input.txt", "-p", "data/blob.bin", "-s", "data/shared.bin"});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(fmt::format("/proc/{}/maps", t.pid())), "shared.bin"); }));
    std::string pid = std::to_string(t.pid());
    for (auto [flag, arg] : {std::pair<std::string, std::string>{"--branch-map", tmp.file("map")}, {"--aufs-si", tmp.file("si")}}) {
        std::string plain = tmp.file("plain" + flag), mapped = tmp.file("mapped" + flag), fixed = tmp.file("fixed" + flag);
        auto a = img_dump({"-t", pid, "-D", plain, "-R"});
        ASSERT_EQ(a.exit_code, 0) << a;
        auto b = img_dump({"-t", pid, "-D", mapped, "-R", flag, arg});
        ASSERT_EQ(b.exit_code, 0) << b;
        auto f = run({tool_path("img-fixpaths"), flag, arg, "--no-verify", "-o", fixed, plain});
        ASSERT_EQ(f.exit_code, 0) << f;
        EXPECT_NE(slurp(plain + "/files.img"), slurp(mapped + "/files.img")) << flag;
        EXPECT_EQ(slurp(fixed + "/files.img"), slurp(mapped + "/files.img")) << flag;
        EXPECT_TRUE(has(slurp(mapped + "/files.img"), flag == "--aufs-si" ? "/app/data/shared.bin" : "/srv/union/app/data/shared.bin"));
    }
    EXPECT_EQ(t.tracer(), 0);
}

}  // namespace
}  // namespace img::test
