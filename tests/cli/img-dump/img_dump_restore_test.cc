// img-dump's images restored by real CRIU 4.2 (`criu restore -D DIR -d`), and the programs of
// shared/criu-images/programs carry on: sleep (dynamic, libc), relapp (static; files at
// positions, O_APPEND log, MAP_SHARED file mapping), threads, tree (pipes, a FIFO with data),
// bigmem (its memory checked by bigmem-verify). Skipped, saying why, without CRIU 4.2 or gcc.
#include <algorithm>
#include <dirent.h>
#include <fmt/format.h>

#include "dump_targets.h"

namespace img::test {
namespace {


std::string read_nonblocking(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK);
    if (fd < 0) return "<cannot open " + path + ">";
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return n > 0 ? std::string(buf, size_t(n)) : "";
}

TEST(ImgDumpRestore, SleepDumpedKilledAndRestoredRunsOn) {
    IMG_NEED_CRIU();
    TempDir tmp;
    Target t({"sleep", "1000"});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(fmt::format("/proc/{}/maps", t.pid())), "libc"); }));
    auto r = dump_and_restore(*criu, t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(::kill(t.pid(), 0), 0);
    EXPECT_TRUE(eventually([&] { return t.state() == 'S'; }));
    EXPECT_EQ(Target::read_text(fmt::format("/proc/{}/cmdline", t.pid())), std::string("sleep\0" "1000\0", 11));
}

TEST(ImgDumpRestore, RelappKeepsItsFilesAndTicksOn) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    spit(tmp.file("input.txt"), "0123456789abcdef\n");
    spit(tmp.file("blob.bin"), std::string(65536, 'b'));
    spit(tmp.file("shared.bin"), std::string(4096, '\0'));
    Target t({progs.path("relapp"), "-C", tmp.path(), "-r", "input.txt", "-l", "log.txt", "-p", "blob.bin", "-s", "shared.bin"});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("log.txt")), "tick 2 "); }));
    auto r = dump_and_restore(*criu, t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    std::string log = Target::read_text(tmp.file("log.txt"));
    size_t last = log.rfind("tick ");
    int n = std::atoi(log.c_str() + last + 5);
    EXPECT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("log.txt")), fmt::format("tick {} ", n + 1)); }))
        << Target::read_text(tmp.file("log.txt"));
    EXPECT_TRUE(has(Target::read_text(fmt::format("/proc/{}/fdinfo/3", t.pid())), "pos:\t6\n"));
    EXPECT_TRUE(has(Target::read_text(fmt::format("/proc/{}/maps", t.pid())), "rw-s 00000000") );
}

TEST(ImgDumpRestore, ThreadsComeBackWithTheirNames) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("threads")});
    auto tasks = [&] { return Target::read_text(fmt::format("/proc/{}/status", t.pid())); };
    ASSERT_TRUE(eventually([&] { return has(tasks(), "Threads:\t4\n"); }));
    auto r = dump_and_restore(*criu, t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_TRUE(has(tasks(), "Threads:\t4\n")) << tasks();
    std::string names;
    DIR* d = ::opendir(fmt::format("/proc/{}/task", t.pid()).c_str());
    ASSERT_NE(d, nullptr);
    while (dirent* e = ::readdir(d))
        if (e->d_name[0] != '.') names += Target::read_text(fmt::format("/proc/{}/task/{}/comm", t.pid(), e->d_name));
    ::closedir(d);
    for (const char* w : {"worker-1\n", "worker-2\n", "worker-3\n"}) EXPECT_TRUE(has(names, w)) << names;
}

TEST(ImgDumpRestore, TreeComesBackWithPipeAndFifoData) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("tree"), tmp.path()});
    auto children = [&] { return Target::read_text(fmt::format("/proc/{}/task/{}/children", t.pid(), t.pid())); };
    ASSERT_TRUE(eventually([&] { std::istringstream in(children()); int n = 0; for (pid_t p; in >> p;) ++n; return n == 3; }));
    std::vector<pid_t> kids;
    { std::istringstream in(children()); for (pid_t p; in >> p;) kids.push_back(p); }
    std::sort(kids.begin(), kids.end());
    auto r = dump_and_restore(*criu, t, tmp.file("d"), {"--tree"}, kids);
    ASSERT_EQ(r.exit_code, 0);
    std::vector<pid_t> back;
    { std::istringstream in(children()); for (pid_t p; in >> p;) back.push_back(p); }
    std::sort(back.begin(), back.end());
    EXPECT_EQ(back, kids);
    EXPECT_EQ(read_nonblocking(fmt::format("/proc/{}/fd/3", t.pid())), "fifo-data-line\n");
    EXPECT_EQ(read_nonblocking(fmt::format("/proc/{}/fd/0", kids[1])), "pipe-data-line\n");
    for (pid_t k : kids) ::kill(k, SIGKILL);
    for (pid_t k : kids) ::waitpid(k, nullptr, 0);
}

TEST(ImgDumpRestore, FilesComeBackAtTheirPositionsWithGhostAndMemfd) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    std::string dir = tmp.file("testdir");
    ::mkdir(dir.c_str(), 0755);
    ::mkdir((dir + "/subdir").c_str(), 0755);
    spit(dir + "/ro.txt", "0123456789abcdefghij\n");
    spit(dir + "/opath.txt", "");
    spit(dir + "/subdir/inner.txt", "inner\n");
    spit(dir + "/mapped.bin", std::string(8192, '\0'));
    Target t({progs.path("files"), dir});
    auto fd_target = [&](int fd) {
        char buf[4096];
        ssize_t n = ::readlink(fmt::format("/proc/{}/fd/{}", t.pid(), fd).c_str(), buf, sizeof buf);
        return n > 0 ? std::string(buf, size_t(n)) : std::string();
    };
    ASSERT_TRUE(eventually([&] { return has(fd_target(12), "mapped.bin"); }));
    auto r = dump_and_restore(*criu, t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    auto pos = [&](int fd) { return Target::read_text(fmt::format("/proc/{}/fdinfo/{}", t.pid(), fd)); };
    EXPECT_TRUE(has(pos(3), "pos:\t10\n")) << pos(3);
    EXPECT_TRUE(has(pos(6), "pos:\t3\n")) << pos(6);
    EXPECT_TRUE(has(fd_target(8), "ghost.txt (deleted)")) << fd_target(8);
    EXPECT_EQ(Target::read_text(fmt::format("/proc/{}/fd/8", t.pid())), "ghost file contents: this file was unlinked while open\n");
    EXPECT_TRUE(has(fd_target(11), "/memfd:files-memfd")) << fd_target(11);
    EXPECT_EQ(Target::read_text(fmt::format("/proc/{}/fd/11", t.pid())), "memfd-contents\n");
    EXPECT_TRUE(has(fd_target(9), "subdir")) << fd_target(9);
}

void bigmem_restores_whole(const std::string& mib) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("bigmem"), tmp.file("status"), mib});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("status")), "gen 0 done"); }, 60));
    std::string st = Target::read_text(tmp.file("status"));
    std::string base = st.substr(st.find("base=0x") + 7, st.find(' ', st.find("base=")) - st.find("base=0x") - 7);
    std::string pages = std::to_string(std::strtoul(st.c_str() + st.find("npages=") + 7, nullptr, 10));
    auto r = dump_and_restore(*criu, t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    auto v = run({progs.path("bigmem-verify"), std::to_string(t.pid()), base, pages, "0"}, std::nullopt, "", 300);
    EXPECT_EQ(v.exit_code, 0) << v;
    EXPECT_TRUE(has(v.out, "0 bad")) << v;
}

TEST(ImgDumpRestore, BigmemMemoryIsWholeAfterRestore) { bigmem_restores_whole("16"); }

// The 512 MiB case: about 10 s with CRIU's restore, so only with IMG_SLOW_TESTS=1.
TEST(ImgDumpRestore, Bigmem512MiBIsWholeAfterRestore) {
    const char* slow = std::getenv("IMG_SLOW_TESTS");
    if (!slow || std::string(slow) != "1") GTEST_SKIP() << "512 MiB dump and restore: set IMG_SLOW_TESTS=1 to run it";
    bigmem_restores_whole("512");
}

}  // namespace
}  // namespace img::test
