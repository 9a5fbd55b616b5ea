// What a user sees around the answers, word for word (issue 20): errors in one voice (the tool's
// name first, what to try last), help within 80 columns, tables that line up, one meaning for
// exit codes, -q, plurals and notes. Each test runs a tool as a process and compares the text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/capture_roots.h"
#include "harness/paths.h"
#include "harness/process.h"

namespace {

using namespace img::test;
using json = nlohmann::json;

#define NEED_SHARED() \
    if (!shared_dir()) GTEST_SKIP() << shared_missing_reason()

const char* const kTools[] = {"img-show", "img-encode", "img-fixpaths", "img-verify", "img-diff"};

RunResult tool(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), tool_path(name));
    return run(args);
}

std::string cap(const std::string& name) { return captured_dir() + "/" + name; }
std::string shared(const std::string& name) { return *shared_dir() + "/criu-images/" + name; }

// Characters, not bytes: "…" is one column.
size_t columns(const std::string& line) {
    size_t n = 0;
    for (unsigned char c : line) n += (c & 0xc0) != 0x80;
    return n;
}

// ---- 3. errors in one voice ----

TEST(UserMessages, NoArgumentSaysWhatInputIsMissing) {
    auto r = tool("img-show", {});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-show: missing input (a dump directory, checkpoint archive or image file); "
                     "try 'img-show --help'\n");
    EXPECT_EQ(tool("img-verify", {}).err,
              "img-verify: missing input (a dump directory or checkpoint archive); try 'img-verify --help'\n");
    EXPECT_EQ(tool("img-diff", {cap("sleep")}).err,
              "img-diff: missing input B (the second one, of the same kind as A); try 'img-diff --help'\n");
    auto f = tool("img-fixpaths", {"--map", "/a=/b"});
    EXPECT_EQ(f.exit_code, 2) << f;
    EXPECT_EQ(f.err, "img-fixpaths: missing input (a dump directory to repair); try 'img-fixpaths --help'\n");
}

// A near miss is named with its correction, before anything is parsed: `ps` is never taken as
// the input.
TEST(UserMessages, AMisspelledOptionGetsDidYouMean) {
    auto r = tool("img-show", {"--veiw", "ps", cap("sleep")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-show: unknown option --veiw; did you mean --view?\n");
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(tool("img-verify", {"--no-roto", cap("sleep")}).err,
              "img-verify: unknown option --no-roto; did you mean --no-root?\n");
    EXPECT_EQ(tool("img-diff", {"--stats", cap("sleep"), cap("sleep")}).err,
              "img-diff: unknown option --stats; did you mean --stat?\n");
    EXPECT_EQ(tool("img-encode", {"--ouput", "x"}).err, "img-encode: unknown option --ouput; did you mean --output?\n");
    EXPECT_EQ(tool("img-fixpaths", {"--dryrun", cap("sleep")}).err,
              "img-fixpaths: unknown option --dryrun; did you mean --dry-run?\n");
    EXPECT_EQ(tool("img-show", {"--frobnicate", cap("sleep")}).err,
              "img-show: unknown option --frobnicate; try 'img-show --help'\n");
}

TEST(UserMessages, AMissingMapFileIsNamedAsSuch) {
    auto r = tool("img-fixpaths", {"--branch-map", "nosuch.map", cap("relocate-host")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-fixpaths: --branch-map nosuch.map: no such file\n");
}

TEST(UserMessages, AnUnknownViewListsTheViewsAndNamesTheInput) {
    auto r = tool("img-show", {"--view", "psx", cap("sleep")});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-show: " + cap("sleep") +
                         ": unknown view 'psx' (views: overview, ps, threads, fds, files, mems, rss, sockets, pipes, "
                         "mounts, namespaces, cmdline, env, sigactions, rlimits, regs, checkpoint, all); try 'img-show --help'\n");
}

TEST(UserMessages, TooManyArgumentsAreNamed) {
    auto r = tool("img-verify", {cap("sleep"), "extra"});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-verify: unexpected argument extra; try 'img-verify --help'\n");
}

// ---- 4. help ----

TEST(UserMessages, EveryToolsHelpFitsIn80Columns) {
    for (const char* t : kTools) {
        auto r = tool(t, {"--help"});
        ASSERT_EQ(r.exit_code, 0) << r;
        for (const auto& l : lines_of(r.out)) EXPECT_LE(columns(l), 80u) << t << ": " << l;
    }
}

TEST(UserMessages, UsageLinesNameEveryKindOfInput) {
    auto usage = [](const char* t) {
        for (const auto& l : lines_of(tool(t, {"--help"}).out))
            if (l.rfind("Usage: ", 0) == 0) return l;
        return std::string();
    };
    EXPECT_EQ(usage("img-show"), "Usage: img-show [OPTIONS] DUMP|ARCHIVE|IMAGE...") << "several with --list";
    EXPECT_EQ(usage("img-verify"), "Usage: img-verify [OPTIONS] DUMP|ARCHIVE");
    EXPECT_EQ(usage("img-diff"), "Usage: img-diff [OPTIONS] DUMP|ARCHIVE|IMAGE DUMP|ARCHIVE|IMAGE");
    // Optional where another form goes without it (--print-map; JSON from standard input).
    EXPECT_EQ(usage("img-fixpaths"), "Usage: img-fixpaths [OPTIONS] [DUMPDIR]");
    EXPECT_EQ(usage("img-encode"), "Usage: img-encode [OPTIONS] [JSON]");
}

// Every mark the mems view prints is explained, in --help and in the man page.
TEST(UserMessages, TheMemsMarksAreExplained) {
    // The help is wrapped: read with each line break and the indentation after it as one space.
    std::string help;
    for (const auto& l : lines_of(tool("img-show", {"--help"}).out))
        help += (help.empty() ? "" : " ") + l.substr(std::min(l.find_first_not_of(' '), l.size()));
    std::string man = slurp(source_dir() + "/man/img-show.1");
    for (const char* mark : {"\"(s)\" a shared file mapping", "\"*\" an area CRIU does not restore", "[vsyscall]",
                             "\"[stack?]\"", "\"+ 0x...\" the file offset"})
        EXPECT_NE(help.find(mark), std::string::npos) << mark << "\n" << help;
    for (const char* mark : {"\\fB(s)\\fR: a shared file mapping", "\\fB*\\fR: an area CRIU does not restore",
                             "\\fB[vsyscall] *\\fR"})
        EXPECT_NE(man.find(mark), std::string::npos) << mark;
}

// ---- 5. tables ----

// Sockets by fd (13371:3, :4, ...), every row indented alike, "-" for the socketpairs' names.
TEST(UserMessages, SocketsComeByFdWithADashForEveryEmptyCell) {
    NEED_SHARED();
    auto r = tool("img-show", {"--view", "sockets", shared("sockets")});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out,
              "Sockets (sockets)\n"
              "ID    INO  FAMILY  TYPE    PROTO  STATE        LOCAL                          REMOTE   PEER  QUEUED"
              "     SNDBUF     RCVBUF  USED BY\n"
              " 6  96556  unix    STREAM  -      LISTEN       /srv/cimg/sockets/listen.sock  -           -       0"
              "  208.0 KiB  208.0 KiB  13371:3\n"
              " 7  96557  unix    STREAM  -      ESTABLISHED  -                              -       96558      13"
              "  208.0 KiB  208.0 KiB  13371:4\n"
              " 8  96558  unix    STREAM  -      ESTABLISHED  -                              -       96557      13"
              "  208.0 KiB  208.0 KiB  13371:5\n"
              " 9  96559  unix    DGRAM   -      ESTABLISHED  -                              -       96560       0"
              "  208.0 KiB  208.0 KiB  13371:6\n"
              "10  96560  unix    DGRAM   -      ESTABLISHED  -                              -       96559       7"
              "  208.0 KiB  208.0 KiB  13371:7\n"
              "11  96561  inet    STREAM  TCP    LISTEN       127.0.0.1:45678                -           -       -"
              "   16.0 KiB  128.0 KiB  13371:8\n"
              "12  96562  inet    DGRAM   UDP    CLOSE        127.0.0.1:45679                -           -       -"
              "  208.0 KiB  208.0 KiB  13371:9\n")
        << r.out;
    auto j = json::parse(tool("img-show", {"--json", "--view", "sockets", shared("sockets")}).out);
    std::vector<uint64_t> ids;
    for (const auto& row : j["views"][0]["rows"]) ids.push_back(row["id"].get<uint64_t>());
    EXPECT_EQ(ids, (std::vector<uint64_t>{6, 7, 8, 9, 10, 11, 12}));
    // The buffer sizes as files.img records them (SO_SNDBUF, SO_RCVBUF), in bytes.
    EXPECT_EQ(j["views"][0]["rows"][5]["sndbuf"], 16384);
    EXPECT_EQ(j["views"][0]["rows"][5]["rcvbuf"], 131072);
    EXPECT_EQ(j["views"][0]["rows"][0]["sndbuf"], 212992);
}

// The mounts view's long ROOT is the last column: every header starts where its cells do.
TEST(UserMessages, MountsLineUpWithTheLongRootLast) {
    NEED_SHARED();
    auto r = tool("img-show", {"--view", "mounts", shared("aufs-container")});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto l = lines_of(r.out);
    ASSERT_EQ(l.size(), 4u) << r.out;
    EXPECT_EQ(l[1], "NS  ID  PARENT  TYPE         MOUNTPOINT  SOURCE    OPTIONS                                        ROOT");
    EXPECT_EQ(l[2], " 9  62      41  unsupported  /           /dev/vda  discard,resv_strict,resuid=65534,resgid=65534  "
                    "/var/lib/docker/aufs/mnt/a3c0478dc9791e74eb4d88e47c19aa77799bac50d20895aaf95a8518a1a7811b");
    size_t root_at = l[1].find("ROOT");
    EXPECT_EQ(l[3], " 9  63      62  proc         /proc       proc      -                                              /");
    EXPECT_EQ(l[3].substr(root_at), "/");
}

// ---- 6. exit codes and wording ----

TEST(UserMessages, NotADumpIsAUsageErrorInEveryTool) {
    TempDir empty;
    const std::string not_a_dump = ": not a CRIU dump (no inventory.img or pstree.img in it)\n";
    for (const char* t : {"img-show", "img-verify"}) {
        auto r = tool(t, {empty.path()});
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_EQ(r.err, std::string(t) + ": " + empty.path() + not_a_dump);
    }
    auto e = tool("img-verify", {"/etc"});
    EXPECT_EQ(e.exit_code, 2) << e;
    EXPECT_EQ(e.err, "img-verify: /etc" + not_a_dump);
    auto d = tool("img-diff", {empty.path(), cap("sleep")});
    EXPECT_EQ(d.exit_code, 2) << d;
    EXPECT_EQ(d.err, "img-diff: " + empty.path() + not_a_dump);
    auto f = tool("img-fixpaths", {"--map", "/a=/b", empty.path()});
    EXPECT_EQ(f.exit_code, 2) << f;
    EXPECT_EQ(f.err, "img-fixpaths: " + empty.path() + not_a_dump);
    EXPECT_EQ(f.out, "");
}

TEST(UserMessages, AFolderOfDumpsSaysWhatItHolds) {
    auto r = tool("img-verify", {captured_dir()});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-verify: " + captured_dir() +
                         ": not a CRIU dump (no inventory.img or pstree.img in it); it holds dumps: files, netns, "
                         "pidns, relocate-host, ...\n");
}

TEST(UserMessages, ARootThatDoesNotExistIsAUsageError) {
    auto v = tool("img-verify", {"--root", "/nonexistent", cap("sleep")});
    EXPECT_EQ(v.exit_code, 2) << v;
    EXPECT_EQ(v.err, "img-verify: --root /nonexistent: no such directory\n");
    auto f = tool("img-fixpaths", {"--map", "/a=/b", "--root", "/nonexistent", cap("sleep")});
    EXPECT_EQ(f.exit_code, 2) << f;
    EXPECT_EQ(f.err, "img-fixpaths: --root /nonexistent: no such directory\n");
}

// Paths already under the map's targets: success, said so; a map matching neither side stays 1.
TEST(UserMessages, ARepairedDumpLooksRepairedAlready) {
    TempDir t;   // relocate-host with the files.img CRIU restored (testdata/captured/README.md)
    const std::string d = t.file("repaired");
    ASSERT_EQ(run({"/bin/cp", "-a", cap("relocate-host"), d}).exit_code, 0);
    spit(d + "/files.img", slurp(cap("relocate-host.expected/files.img")));
    auto r = tool("img-fixpaths", {"--branch-map", cap("relocate-host.map"), d});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, d + ": looks repaired already: no recorded path starts with a branch of the map, and 6 paths "
                         "lie already under its targets; nothing written\n");
    EXPECT_EQ(r.err, "");
    auto j = tool("img-fixpaths", {"--json", "--dry-run", "--branch-map", cap("relocate-host.map"), d});
    EXPECT_EQ(j.exit_code, 0) << j;
    EXPECT_EQ(json::parse(j.out)["status"], "already-repaired") << j;
    auto n = tool("img-fixpaths", {"--dry-run", "--branch-map", cap("relocate-host.map"), cap("sleep")});
    EXPECT_EQ(n.exit_code, 1) << n;
    EXPECT_EQ(n.out, "");
    EXPECT_EQ(n.err, "img-fixpaths: no recorded path in " + cap("sleep") +
                         " starts with a branch of the map (12 images scanned).\n"
                         "  hint: compare the map (--print-map) with the recorded names: img-show --view files " +
                         cap("sleep") + "\n");
}

TEST(UserMessages, ASearchWithNoMatchSaysSo) {
    auto r = tool("img-show", {"--search", "no-such-bytes-anywhere-42", cap("sleep")});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(r.err, "img-show: " + cap("sleep") + ": no match in the dumped memory\n");
}

TEST(UserMessages, QuietSilencesJsonToo) {
    auto v = tool("img-verify", {"-q", "--json", "--no-root", cap("sleep")});
    EXPECT_EQ(v.exit_code, 0) << v;
    EXPECT_EQ(v.out + v.err, "");
    auto d = tool("img-diff", {"-q", "--json", cap("sleep"), cap("files")});
    EXPECT_EQ(d.exit_code, 1) << d;
    EXPECT_EQ(d.out + d.err, "");
    auto f = tool("img-fixpaths", {"-q", "--json", "--dry-run", "--branch-map", cap("relocate-host.map"), cap("relocate-host")});
    EXPECT_EQ(f.exit_code, 0) << f;
    EXPECT_EQ(f.out + f.err, "");
}

TEST(UserMessages, SummariesCountInTheRightNumberAndSayWhenTheRootIsNotChecked) {
    auto r = tool("img-verify", {"--no-root", cap("sleep")});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, cap("sleep") + ": 12 images, 1 task, root not checked (--no-root): whole\n");
    auto i = tool("img-show", {"--info", cap("sleep") + "/core-13181.img"});
    EXPECT_EQ(i.out, cap("sleep") + "/core-13181.img: CORE (0x55053847, common header), 1 entry, 2626 bytes "
                                    "(2614 in messages, 0 in payloads)\n");
}

// dev/null missing under the root is a note: labelled, counted apart, and the dump is ready.
TEST(UserMessages, ADeviceNodeIsANoteNotAWarning) {
    NEED_SHARED();
    const std::string root = capture_root("relocate"), dump = shared("relocate-host.expected");
    auto r = tool("img-verify", {"--root", root, dump});
    EXPECT_EQ(r.exit_code, 0) << r;
    const std::string note = "  [restore] files.img: dev/null is a device node the root does not hold: the restore "
                             "host's /dev provides it (fd ";
    EXPECT_EQ(r.out, "2 notes:\n" + note + "0 of 14162)\n" + note + "1 of 14162)\n" + dump +
                         ": 12 images, 1 task, 9 files checked under the root: whole and ready to restore under " +
                         root + " (2 notes)\n");
    auto j = json::parse(tool("img-verify", {"--json", "--root", root, dump}).out);
    EXPECT_EQ(j["counts"], json({{"error", 0}, {"warning", 0}, {"note", 2}}));
    EXPECT_EQ(j["findings"][0]["severity"], "note");
}

TEST(UserMessages, InfoOnARawPagesImageReportsItsKind) {
    auto r = tool("img-show", {"--info", cap("sleep") + "/pages-1.img"});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, cap("sleep") + "/pages-1.img: raw pages image (raw memory pages; no header, no entries), "
                                    "122880 bytes, 30 pages of 4096 bytes\n");
    auto j = json::parse(tool("img-show", {"--info", "--json", cap("sleep") + "/pages-1.img"}).out);
    EXPECT_EQ(j["raw"], true);
    EXPECT_EQ(j["pages"], 30);
}

}  // namespace
