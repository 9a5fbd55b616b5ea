// img-dump's later kinds, end to end with the suite's own targets (tests/cli/img-dump/programs):
// unix socket pairs with queued packets (in one task and between tasks of a --tree), a listening
// socket whose path --branch-map rewrites, seccomp filters (one, and a chain of two), an eventfd
// and an epoll, a private mapping of a deleted file, a POSIX timer, shared anonymous memory
// (between a parent and its child), dumped
// by img-dump, restored by CRIU 4.2, and the program then reports that
// they still work; and the refusals that stay (a socket whose peer is outside the dump, a
// connection waiting to be accepted, a descriptor in flight, a socket filter).
#include <cstdio>
#include <sys/socket.h>
#include <sys/un.h>

#include <fmt/format.h>

#include "dump_targets.h"

namespace img::test {
namespace {

// Starts `prog DIR [args]` and waits until it has set itself up (DIR/ready).
std::unique_ptr<Target> start_target(const std::string& prog, const TempDir& tmp, std::vector<std::string> args = {}) {
    std::vector<std::string> argv{prog, tmp.path()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto t = std::make_unique<Target>(argv);
    EXPECT_TRUE(eventually([&] { return ::access(tmp.file("ready").c_str(), F_OK) == 0; }));
    return t;
}

// Sends SIGUSR1 (again each second, should one go missing) and returns what the target then
// writes to DIR/report ("" after 5 s).
std::string poke_report(const Target& t, const TempDir& tmp) {
    ::unlink(tmp.file("report").c_str());
    for (int i = 0; i < 5 && ::access(tmp.file("report").c_str(), F_OK) != 0; ++i) {
        ::kill(t.pid(), SIGUSR1);
        eventually([&] { return ::access(tmp.file("report").c_str(), F_OK) == 0; }, 1);
    }
    return Target::read_text(tmp.file("report"));
}

// The children of `pid`, as /proc lists them.
std::vector<pid_t> children_of(pid_t pid) {
    std::istringstream in(Target::read_text(fmt::format("/proc/{}/task/{}/children", pid, pid)));
    std::vector<pid_t> out;
    for (pid_t p; in >> p;) out.push_back(p);
    return out;
}

// A stream socket connected to the unix socket at `path`, or -1.
int connect_to(const std::string& path) {
    int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    if (s >= 0 && ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return s;
    if (s >= 0) ::close(s);
    return -1;
}

const char* const kSocketReport =
    "stream: stream-queued\n"
    "dgram: dgram-one\n"
    "dgram: dgram-two\n"
    "stream pair ok\n"
    "dgram pair ok\n";

TEST(ImgDumpKinds, SocketPairsComeBackWithTheirQueuedPackets) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("sockets"), tmp);
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    auto show = run({tool_path("img-show"), "--json", tmp.file("d/sk-queues.img")});
    EXPECT_TRUE(has(show.out, "\"length\": 13")) << show;   // the stream's queued bytes, in one packet
    EXPECT_EQ(poke_report(*t, tmp), kSocketReport);
}

TEST(ImgDumpKinds, SocketPairBetweenTasksOfTheTreeComesBack) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("sockets"), tmp, {"split"});
    ASSERT_TRUE(eventually([&] { return children_of(t->pid()).size() == 1; }));
    auto kids = children_of(t->pid());
    auto r = dump_and_restore(*criu, *t, tmp.file("d"), {"--tree"}, kids);
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(children_of(t->pid()), kids);
    EXPECT_EQ(poke_report(*t, tmp), std::string(kSocketReport) + "child ok\n")
        << "the restored task: " << Target::read_text(fmt::format("/proc/{}/status", t->pid()));
    for (pid_t k : kids) ::kill(k, SIGKILL);
    for (pid_t k : kids) ::waitpid(k, nullptr, 0);
}

TEST(ImgDumpKinds, SocketWithItsPeerOutsideTheDumpIsRefused) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("sockets"), tmp, {"split"});
    ASSERT_TRUE(eventually([&] { return children_of(t->pid()).size() == 1; }));
    auto kids = children_of(t->pid());
    auto r = img_dump({"-t", std::to_string(t->pid()), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: fd 7: socket (unix stream connected to socket inode", t->pid()))) << r;
    EXPECT_TRUE(has(r.err, "outside the dumped tasks")) << r;
    EXPECT_FALSE(dir_exists(tmp.file("d")));
    EXPECT_EQ(t->tracer(), 0);
    EXPECT_EQ(poke_report(*t, tmp), std::string(kSocketReport) + "child ok\n");   // untouched, queue included
    for (pid_t k : kids) ::kill(k, SIGKILL);
    for (pid_t k : kids) ::waitpid(k, nullptr, 0);
}

// A descriptor in flight cannot be restored as it was: refused, and the queue left whole (the
// peek's copy of the descriptor is closed in img-dump, never taken from the task).
TEST(ImgDumpKinds, DescriptorInFlightIsRefused) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("sockets"), tmp, {"scm"});
    auto r = img_dump({"-t", std::to_string(t->pid()), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: fd 6: socket (descriptors in flight, SCM_RIGHTS) is not supported", t->pid()))) << r;
    EXPECT_EQ(t->tracer(), 0);
    EXPECT_EQ(poke_report(*t, tmp), "stream: stream-queued\ndgram: dgram-one\ndgram: dgram-two\ndgram: fd\n"
                                    "stream pair ok\ndgram pair ok\n");
}

// img-dump does not capture socket filters: a socket with one is refused, never dumped without it.
TEST(ImgDumpKinds, SocketWithAFilterIsRefused) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("sockets"), tmp, {"filter"});
    auto r = img_dump({"-t", std::to_string(t->pid()), "-D", tmp.file("d")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: fd 4: socket (unix stream with a socket filter, "
                                       "SO_ATTACH_FILTER of 1 BPF instruction) is not supported", t->pid()))) << r;
    EXPECT_FALSE(dir_exists(tmp.file("d")));
    EXPECT_EQ(t->tracer(), 0);
    EXPECT_EQ(poke_report(*t, tmp), kSocketReport);
}

// relapp listening on BRANCH/s.sock, dumped with --branch-map BRANCH -> UNION: the name is
// recorded under UNION (with the NUL it was bound with), and after the restore it listens there.
TEST(ImgDumpKinds, ListeningSocketComesBackAtItsBranchMappedPath) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    for (const char* d : {"branch", "union"}) ::mkdir(tmp.file(d).c_str(), 0755);
    spit(tmp.file("map.txt"), tmp.file("branch") + " " + tmp.file("union") + "\n");
    Target t({progs.path("relapp"), "-C", tmp.path(), "-l", "log.txt", "-u", tmp.file("branch/s.sock")});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("log.txt")), "tick 1 "); }));
    auto r = dump_and_restore(*criu, t, tmp.file("d"), {"--branch-map", tmp.file("map.txt")});
    ASSERT_EQ(r.exit_code, 0);
    auto show = run({tool_path("img-show"), "--json", "--pretty", tmp.file("d/files.img")});
    EXPECT_TRUE(has(show.out, fmt::format("\"name\": \"{}=00\"", tmp.file("union/s.sock")))) << show.out;
    EXPECT_TRUE(has(show.out, "\"state\": \"LISTEN\"")) << show.out;
    int c = connect_to(tmp.file("union/s.sock"));
    EXPECT_GE(c, 0) << "nobody listens at " << tmp.file("union/s.sock") << " after the restore";
    if (c >= 0) ::close(c);
}

TEST(ImgDumpKinds, ListeningSocketWithAConnectionWaitingIsRefused) {
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    Target t({progs.path("relapp"), "-C", tmp.path(), "-l", "log.txt", "-u", tmp.file("s.sock")});
    ASSERT_TRUE(eventually([&] { return has(Target::read_text(tmp.file("log.txt")), "tick 1 "); }));
    int c = connect_to(tmp.file("s.sock"));   // relapp never accepts: it waits in the backlog
    ASSERT_GE(c, 0);
    auto r = img_dump({"-t", std::to_string(t.pid()), "-D", tmp.file("d")});
    ::close(c);
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(has(r.err, fmt::format("task {}: fd 4: socket (unix stream listening on {} with 1 waiting to be accepted)",
                                       t.pid(), tmp.file("s.sock")))) << r;
    EXPECT_EQ(t.tracer(), 0);
    EXPECT_TRUE(t.alive());
}

// img-show's JSON of one image, as crit would decode it.
std::string image_json(const std::string& path) {
    return run({tool_path("img-show"), "--json", "--pretty", path}).out;
}

// CRIU 4.2's own dump of `t` into DIR/criu, leaving it running (for images to compare with
// img-dump's); the result carries the log's Error lines.
RunResult criu_dump_left_running(const std::string& criu, const Target& t, const TempDir& tmp) {
    ::mkdir(tmp.file("criu").c_str(), 0755);
    auto c = run({criu, "dump", "-t", std::to_string(t.pid()), "-D", tmp.file("criu"), "--leave-running", "-o", "dump.log"});
    if (c.exit_code != 0) c.err += error_lines(Target::read_text(tmp.file("criu/dump.log")));
    return c;
}

// A seccomp filter making sysinfo fail: img-dump writes seccomp.img as CRIU 4.2 does for the
// same task (CRIU's own dump, --leave-running, first), and after the restore it still applies.
TEST(ImgDumpKinds, SeccompFilterIsWrittenAsCriuWritesItAndStillAppliesAfterRestore) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("seccomp"), tmp);
    auto c = criu_dump_left_running(*criu, *t, tmp);
    ASSERT_EQ(c.exit_code, 0) << c;
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    std::string ours = image_json(tmp.file("d/seccomp.img"));
    EXPECT_TRUE(has(ours, "\"filter\": ")) << ours;
    EXPECT_EQ(ours, image_json(tmp.file("criu/seccomp.img")));
    auto core = image_json(tmp.file(fmt::format("d/core-{}.img", t->pid())));
    EXPECT_TRUE(has(core, "\"seccomp_mode\": \"filter\"")) << core;
    EXPECT_EQ(poke_report(*t, tmp), "sysinfo EPERM\ngetppid allowed\nSeccomp:\t2\n");
}

// Two filters, linked by prev as CRIU 4.2 links them (the thread names the first installed),
// and both apply after the restore.
TEST(ImgDumpKinds, SeccompFilterChainComesBackWhole) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("seccomp"), tmp, {"twice"});
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    std::string filters = image_json(tmp.file("d/seccomp.img"));
    EXPECT_TRUE(has(filters, "\"prev\": 0")) << filters;
    auto core = image_json(tmp.file(fmt::format("d/core-{}.img", t->pid())));
    EXPECT_TRUE(has(core, "\"seccomp_filter\": 1")) << core;
    EXPECT_EQ(poke_report(*t, tmp), "sysinfo EPERM\ngetppid denied\nSeccomp:\t2\n");
}

// An eventfd (counter 5) and an epoll watching it and a pipe: the entries CRIU 4.2 writes for
// the same task, and after the restore epoll still reports both (with their data) and the
// eventfd its counter.
TEST(ImgDumpKinds, EventfdAndEpollComeBackWatchingWhatTheyWatched) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("anonfd"), tmp);
    auto c = criu_dump_left_running(*criu, *t, tmp);
    ASSERT_EQ(c.exit_code, 0) << c;
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    // The two entries as CRIU wrote them (both dumps number the files alike: same task, same order).
    auto entry = [](const std::string& json, const std::string& kind) {
        size_t at = json.find("\"type\": \"" + kind + "\"");
        return at == std::string::npos ? std::string("<no " + kind + ">") : json.substr(at, json.find("\n        }", at) - at);
    };
    std::string ours = image_json(tmp.file("d/files.img")), theirs = image_json(tmp.file("criu/files.img"));
    for (const char* kind : {"EVENTFD", "EVENTPOLL"}) EXPECT_EQ(entry(ours, kind), entry(theirs, kind)) << kind;
    EXPECT_TRUE(has(entry(ours, "EVENTFD"), "\"counter\": 5")) << ours;
    EXPECT_TRUE(has(entry(ours, "EVENTPOLL"), "\"data\": 65261")) << ours;   // 0xfeed
    EXPECT_EQ(poke_report(*t, tmp), "epoll ready 2: 0xbeef 0xfeed\neventfd 5\n");
}

// A private mapping of a file unlinked since: kept as a ghost file, as CRIU 4.2 keeps it; after
// the restore the mapping holds the same bytes and the file is gone again.
TEST(ImgDumpKinds, PrivateMappingOfADeletedFileComesBackFromItsGhost) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("delmap"), tmp);
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_TRUE(has(image_json(tmp.file("d/remap-fpath.img")), "\"remap_type\": \"GHOST\"")) << image_json(tmp.file("d/remap-fpath.img"));
    EXPECT_FALSE(file_exists(tmp.file("gone.dat")));
    EXPECT_EQ(poke_report(*t, tmp), "first-page-line\n|second-page-lin\n\ndeleted yes\n");
}

// A POSIX timer (CLOCK_MONOTONIC, SIGUSR2 every 100 ms carrying 0x7a): the core's entry as CRIU
// 4.2 writes it (but the time left, which moves), and after the restore its signals still come.
TEST(ImgDumpKinds, PosixTimerComesBackTicking) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("ptimer"), tmp);
    auto c = criu_dump_left_running(*criu, *t, tmp);
    ASSERT_EQ(c.exit_code, 0) << c;
    auto r = dump_and_restore(*criu, *t, tmp.file("d"));
    ASSERT_EQ(r.exit_code, 0);
    // The entry up to the time left ("vnsec"), which differs from one dump to the next.
    auto timer = [&](const std::string& dir) {
        std::string core = image_json(tmp.file(fmt::format("{}/core-{}.img", dir, t->pid())));
        size_t at = core.find("\"posix\": ");
        return at == std::string::npos ? std::string("<no posix timers>") : core.substr(at, core.find("\"vsec\"", at) - at);
    };
    EXPECT_EQ(timer("d"), timer("criu"));
    EXPECT_TRUE(has(timer("d"), "\"insec\": 100000000")) << timer("d");
    EXPECT_EQ(poke_report(*t, tmp), "interval 100000000 ns\nticking yes\nvalue 0x7a\n");
}

// Shared anonymous memory between a task and its child: kept as CRIU 4.2 keeps it (a memfd named
// /dev/zero, one inode both tasks map), and after the restore both see the same bytes and a write
// by the child is seen by the parent.
TEST(ImgDumpKinds, SharedAnonymousMemoryComesBackSharedByParentAndChild) {
    IMG_NEED_CRIU();
    IMG_NEED_PROGRAMS();
    TempDir tmp;
    auto t = start_target(progs.path("shmanon"), tmp);
    ASSERT_TRUE(eventually([&] { return children_of(t->pid()).size() == 1; }));
    auto kids = children_of(t->pid());
    auto c = criu_dump_left_running(*criu, *t, tmp);
    ASSERT_EQ(c.exit_code, 0) << c;
    auto r = dump_and_restore(*criu, *t, tmp.file("d"), {"--tree"}, kids);
    ASSERT_EQ(r.exit_code, 0);
    std::string ours = image_json(tmp.file("d/memfd.img"));
    EXPECT_TRUE(has(ours, "\"name\": \"/dev/zero\"")) << ours;
    EXPECT_EQ(ours, image_json(tmp.file("criu/memfd.img")));
    // The area in each task's mm: MAP_SHARED, a VMA_AREA_MEMFD mapping of that memfd.
    auto area = [&](const std::string& dir, pid_t pid) {
        std::string mm = image_json(tmp.file(fmt::format("{}/mm-{}.img", dir, pid)));
        size_t at = mm.find("VMA_AREA_MEMFD");
        if (at == std::string::npos) return std::string("<no memfd area>");
        size_t open = mm.rfind('{', at);
        return mm.substr(open, mm.find('}', at) - open);
    };
    for (pid_t pid : {t->pid(), kids.at(0)}) EXPECT_EQ(area("d", pid), area("criu", pid)) << pid;
    EXPECT_EQ(poke_report(*t, tmp), "page 0: parent-wrote\npage 2: deep\nchild wrote seen\n");
    EXPECT_EQ(poke_report(*t, tmp), "page 0: parent-wrote\npage 2: deep\nchild wrote seen\n");
    for (pid_t k : kids) ::kill(k, SIGKILL);
    for (pid_t k : kids) ::waitpid(k, nullptr, 0);
}

}  // namespace
}  // namespace img::test
