// Inputs img-fixpaths refuses, with exit 2, an error naming what is wrong, and
// nothing written (issue 15 items 8 and 9): images that are not regular files
// (a symlinked or directory files.img, a FIFO pages-1.img in place and with -o),
// rewrites that would make a unix socket name longer than sun_path or a path
// longer than PATH_MAX, and maps with '..' components or NUL bytes (every bad
// line reported).
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "fixpaths_run.h"

namespace {

using img::test::dir_exists;
using img::test::dir_names;
using img::test::DirSnapshot;
using img::test::RunResult;
using img::test::slurp;
using img::test::snapshot_diff;
using img::test::snapshot_dir;
using img::test::spit;
using img::test::fixpaths::captured;
using img::test::fixpaths::captured_map;
using img::test::fixpaths::backups_beside;
using img::test::fixpaths::contains;
using img::test::fixpaths::corpus;
using img::test::fixpaths::DumpCopy;
using img::test::fixpaths::fix;

constexpr int kTimeout = 20;   // a FIFO read would block forever


// Runs img-fixpaths in place, with -o and as a dry run; each must refuse, naming `file` and `what`,
// and leave the dump and its surroundings as they were.
void expect_refused_in_every_mode(const DumpCopy& d, const std::string& file, const std::string& what) {
    const DirSnapshot before = snapshot_dir(d.dir);
    const auto names = dir_names(d.dir);
    for (std::vector<std::string> mode : {std::vector<std::string>{"--backup-dir", d.tmp.file("bk")},
                                          std::vector<std::string>{"-o", d.tmp.file("out")},
                                          std::vector<std::string>{"--dry-run"}}) {
        SCOPED_TRACE(mode[0]);
        mode.insert(mode.end(), {"--branch-map", captured_map(), d.dir});
        RunResult r = fix(mode, kTimeout);
        EXPECT_FALSE(r.timed_out) << r;
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_TRUE(contains(r.err, d.dir + "/" + file + ": is " + what)) << r;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r;
        EXPECT_FALSE(contains(r.err, "no recorded path")) << "not a silent skip\n" << r;
        EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
        EXPECT_EQ(dir_names(d.dir), names);
        EXPECT_FALSE(dir_exists(d.tmp.file("bk")));
        EXPECT_FALSE(dir_exists(d.tmp.file("out")));
        EXPECT_TRUE(backups_beside(d).empty());
    }
}

// ---- item 8: no silent skips -------------------------------------------------

TEST(ImgFixpathsNotRegular, ASymlinkedFilesImgIsRefused) {
    DumpCopy d(captured());
    const std::string real = d.tmp.file("files.img.real");
    std::filesystem::rename(d.dir + "/files.img", real);
    ASSERT_EQ(::symlink(real.c_str(), (d.dir + "/files.img").c_str()), 0);
    expect_refused_in_every_mode(d, "files.img", "a symbolic link, not a regular file");
    EXPECT_TRUE(slurp(real) == slurp(captured() + "/files.img")) << "what the link names is untouched";
}

TEST(ImgFixpathsNotRegular, ADirectoryFilesImgIsRefused) {
    DumpCopy d(captured());
    std::filesystem::remove(d.dir + "/files.img");
    ASSERT_TRUE(std::filesystem::create_directory(d.dir + "/files.img"));
    expect_refused_in_every_mode(d, "files.img", "a directory, not a regular file");
}

TEST(ImgFixpathsNotRegular, AFifoPagesImgIsRefusedInPlaceAndWithOutput) {
    DumpCopy d(captured());
    std::filesystem::remove(d.dir + "/pages-1.img");
    ASSERT_EQ(::mkfifo((d.dir + "/pages-1.img").c_str(), 0600), 0);
    expect_refused_in_every_mode(d, "pages-1.img", "a FIFO (named pipe), not a regular file");
}

// With -o every file of the dump is copied or the run fails: a FIFO or a directory of no image's
// name cannot be copied. In place they are not ours to touch, and the repair goes on.
TEST(ImgFixpathsNotRegular, WithOutputAnyFileThatCannotBeCopiedIsRefused) {
    for (const std::string kind : {"fifo", "dir"}) {
        SCOPED_TRACE(kind);
        DumpCopy d(captured());
        const std::string odd = d.dir + "/notes";
        ASSERT_EQ(kind == "fifo" ? ::mkfifo(odd.c_str(), 0600) : ::mkdir(odd.c_str(), 0755), 0);
        RunResult r = fix({"-o", d.tmp.file("out"), "--branch-map", captured_map(), d.dir}, kTimeout);
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_TRUE(contains(r.err, odd + ": is " + (kind == "fifo" ? "a FIFO" : "a directory"))) << r;
        EXPECT_FALSE(dir_exists(d.tmp.file("out")));
        RunResult in_place = fix({"--backup-dir", d.tmp.file("bk"), "--branch-map", captured_map(), d.dir}, kTimeout);
        EXPECT_EQ(in_place.exit_code, 0) << in_place;
        EXPECT_TRUE(slurp(d.dir + "/files.img") == slurp(img::test::captured_dir() + "/relocate-host.expected/files.img"));
    }
}

// ---- item 9: maps that would produce broken images ---------------------------

// The sockets dump's listening socket is bound to /srv/cimg/sockets/listen.sock (30 bytes with
// its NUL). A target that makes it 108 bytes is the most sun_path holds; 109 is refused.
TEST(ImgFixpathsLimits, AUnixSocketNameLongerThanSunPathIsRefused) {
    SKIP_WITHOUT_SHARED();
    const std::string tail = "/listen.sock";   // + NUL: 13 bytes
    auto target_for = [&](size_t total_with_nul) { return "/" + std::string(total_with_nul - 13 - 1, 's'); };
    {
        DumpCopy d(corpus() + "/sockets");
        const DirSnapshot before = snapshot_dir(d.dir);
        const std::string target = target_for(109);
        for (const std::string mode : {"--dry-run", "-o", "--backup-dir"}) {
            SCOPED_TRACE(mode);
            std::vector<std::string> args{mode};
            if (mode != "--dry-run") args.push_back(d.tmp.file(mode == "-o" ? "out" : "bk"));
            args.insert(args.end(), {"--map", "/srv/cimg/sockets=" + target, d.dir});
            RunResult r = fix(args);
            EXPECT_EQ(r.exit_code, 2) << r;
            EXPECT_TRUE(contains(r.err, d.dir + "/files.img: entry #")) << r;
            EXPECT_TRUE(contains(r.err, "usk.name: '/srv/cimg/sockets/listen.sock' would become a unix socket name of "
                                        "109 bytes with its NUL, longer than the kernel's sun_path (108 bytes)")) << r;
            EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
            EXPECT_FALSE(dir_exists(d.tmp.file("out")));
            EXPECT_FALSE(dir_exists(d.tmp.file("bk")));
        }
    }
    DumpCopy d(corpus() + "/sockets");
    RunResult r = fix({"--json", "-o", d.tmp.file("out"), "--map", "/srv/cimg/sockets=" + target_for(108), d.dir});
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(contains(r.out, target_for(108) + "/listen.sock")) << r;
}

// A target of components of 200 bytes (NAME_MAX is 255) making a path `with_nul` bytes long
// with its NUL, for a recorded path with `after` bytes after the branch.
std::string target_for_path_of(size_t with_nul, size_t after) {
    const size_t want = with_nul - 1 - after;
    std::string target;
    while (target.size() + 201 < want) target += "/" + std::string(199, 'p');
    target += "/" + std::string(want - target.size() - 1, 'q');
    EXPECT_EQ(target.size(), want);
    return target;
}

// The longest recorded path under the rw branch is <branch>/app/data/shared.bin: 20 bytes after it.
// 4096 bytes with the NUL is the most PATH_MAX allows; 4097 is refused.
TEST(ImgFixpathsLimits, APathLongerThanPathMaxIsRefused) {
    DumpCopy d(captured());
    const DirSnapshot before = snapshot_dir(d.dir);
    const std::string branch = "/var/lib/docker/aufs/diff/a55bf628b784f3c93935ca305a82ff5d4ee182cdb9fb2c879000ab87d6282715";
    RunResult r = fix({"--backup-dir", d.tmp.file("bk"), "--map", branch + "=" + target_for_path_of(4097, 20), d.dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_TRUE(contains(r.err, "reg.name: '" + branch + "/app/data/shared.bin' would become a path of 4097 bytes with "
                                "its NUL, longer than PATH_MAX (4096 bytes)")) << r;
    EXPECT_TRUE(contains(r.err, d.dir + "/files.img: entry #")) << r;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
    EXPECT_FALSE(dir_exists(d.tmp.file("bk")));
    RunResult at_limit = fix({"-o", d.tmp.file("out"), "--map", branch + "=" + target_for_path_of(4096, 20), d.dir});
    EXPECT_EQ(at_limit.exit_code, 0) << at_limit;
}

TEST(ImgFixpathsLimits, AMapWithFourBadLinesReportsFourErrors) {
    DumpCopy d(captured());
    const DirSnapshot before = snapshot_dir(d.dir);
    const std::string L = "/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75";
    const std::string map = d.tmp.file("map.txt");
    spit(map, "# four bad lines among good ones\n" +
                  L + " /srv/../etc\n" +                          // 2
                  "/var/lib/docker/aufs/diff/x/.. /y\n" +         // 3
                  "/var/lib/docker/aufs/diff/z /y\\000z\n" +      // 4
                  "relative /y\n" +                               // 5
                  "/var/lib/docker/aufs/diff/w /w\n");
    RunResult r = fix({"--branch-map", map, d.dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 4) << "one line per bad line\n" << r;
    for (int line : {2, 3, 4, 5}) EXPECT_TRUE(contains(r.err, "map.txt:" + std::to_string(line) + ": ")) << line << "\n" << r;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
    EXPECT_TRUE(backups_beside(d).empty());
    RunResult dotdot = fix({"--map", L + "=/srv/../etc", d.dir});
    EXPECT_EQ(dotdot.exit_code, 2) << dotdot;
    EXPECT_TRUE(contains(dotdot.err, "'..' component")) << dotdot;
}

}  // namespace
