// img-fixpaths never overwrites a saved original, and one repair at a time holds
// a dump (issue 15 item 1): two runs with the two halves of relocate-host.map and
// one --backup-dir, in turn and at once; a run against a held lock, with and
// without --wait; default backup folders whose names are taken; temporaries a
// killed run left behind.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "fixpaths_run.h"

namespace {

using img::test::dir_exists;
using img::test::dir_names;
using img::test::file_exists;
using img::test::RunResult;
using img::test::slurp;
using img::test::spit;
using img::test::TempDir;
using img::test::fixpaths::captured;
using img::test::fixpaths::backups_beside;
using img::test::fixpaths::contains;
using img::test::fixpaths::DumpCopy;
using img::test::fixpaths::expect_no_temps;
using img::test::fixpaths::fix;

const std::string kLockRefusal = "another img-fixpaths is repairing this dump (lock held); try again when it ends";

std::string original_files() { return slurp(captured() + "/files.img"); }

// The two mappings of testdata/captured/relocate-host.map, one per file.
struct Halves {
    std::string first, second;
    explicit Halves(const TempDir& t) : first(t.file("half-1.map")), second(t.file("half-2.map")) {
        std::ifstream in(img::test::captured_dir() + "/relocate-host.map");
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);)
            if (!l.empty() && l[0] == '/') lines.push_back(l);
        EXPECT_EQ(lines.size(), 2u);
        spit(first, lines.at(0) + "\n");
        spit(second, lines.at(1) + "\n");
    }
};

// Holds the dump's advisory lock as a running img-fixpaths does: flock on the directory itself.
class HeldLock {
public:
    explicit HeldLock(const std::string& dir) : fd_(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        EXPECT_GE(fd_, 0);
        EXPECT_EQ(::flock(fd_, LOCK_EX | LOCK_NB), 0);
    }
    ~HeldLock() { release(); }
    void release() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

TEST(ImgFixpathsBackupNeverReplaced, ASecondRunWithTheOtherHalfRefusesBeforeChangingAnything) {
    DumpCopy d(captured());
    Halves h(d.tmp);
    const std::string bk = d.tmp.file("bk");
    RunResult first = fix({"--branch-map", h.first, "--backup-dir", bk, d.dir});
    ASSERT_EQ(first.exit_code, 0) << first;
    const std::string half_repaired = slurp(d.dir + "/files.img");
    ASSERT_NE(half_repaired, original_files());
    RunResult second = fix({"--branch-map", h.second, "--backup-dir", bk, d.dir});
    EXPECT_EQ(second.exit_code, 2) << second;
    EXPECT_TRUE(contains(second.err, bk + "/files.img")) << "the error names the file in the way\n" << second;
    EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << "one line\n" << second;
    EXPECT_TRUE(slurp(bk + "/files.img") == original_files()) << "the backup must still hold the ORIGINAL";
    EXPECT_TRUE(slurp(d.dir + "/files.img") == half_repaired) << "the refusal comes before anything in the dump changes";
    EXPECT_EQ(dir_names(bk), std::vector<std::string>{"files.img"});
    expect_no_temps(d.dir);
}

TEST(ImgFixpathsBackupNeverReplaced, ABackupDirThatIsAFileIsRefused) {
    DumpCopy d(captured());
    spit(d.tmp.file("bk"), "not a folder");
    RunResult r = fix({"--branch-map", img::test::captured_dir() + "/relocate-host.map", "--backup-dir", d.tmp.file("bk"), d.dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-fixpaths: " + d.tmp.file("bk") + ": exists and is not a directory\n") << r;
    EXPECT_TRUE(slurp(d.dir + "/files.img") == original_files());
    EXPECT_EQ(slurp(d.tmp.file("bk")), "not a folder");
}

// The same two runs at once, five times: the dump's lock lets one through; the other refuses
// (the lock, or the backup folder's file if it came after). The backup always holds the original.
TEST(ImgFixpathsBackupNeverReplaced, ConcurrentRunsSharingABackupFolderKeepTheOriginal) {
    int lock_refusals = 0;
    for (int round = 0; round < 5; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        DumpCopy d(captured());
        Halves h(d.tmp);
        const std::string bk = d.tmp.file("bk");
        RunResult a, b;
        std::thread ta([&] { a = fix({"--branch-map", h.first, "--backup-dir", bk, d.dir}); });
        std::thread tb([&] { b = fix({"--branch-map", h.second, "--backup-dir", bk, d.dir}); });
        ta.join();
        tb.join();
        EXPECT_EQ((a.exit_code == 0) + (b.exit_code == 0), 1) << "exactly one repair\n" << a << "\n" << b;
        const RunResult& refused = a.exit_code == 0 ? b : a;
        EXPECT_EQ(refused.exit_code, 2) << refused;
        EXPECT_TRUE(contains(refused.err, kLockRefusal) || contains(refused.err, bk + "/files.img")) << refused;
        lock_refusals += contains(refused.err, kLockRefusal);
        EXPECT_TRUE(slurp(bk + "/files.img") == original_files());
        EXPECT_EQ(dir_names(bk), std::vector<std::string>{"files.img"});
        EXPECT_TRUE(slurp(d.dir + "/files.img") != original_files());
        expect_no_temps(d.dir);
    }
    std::printf("[ info     ] %d of 5 rounds refused by the lock, the others by the backup's file\n", lock_refusals);
}

TEST(ImgFixpathsLock, ARepairOfALockedDumpRefusesInPlaceAndWithOutput) {
    DumpCopy d(captured());
    const std::string map = img::test::captured_dir() + "/relocate-host.map";
    const auto names = dir_names(d.dir);
    HeldLock lock(d.dir);
    RunResult in_place = fix({"--branch-map", map, "--backup-dir", d.tmp.file("bk"), d.dir});
    EXPECT_EQ(in_place.exit_code, 2) << in_place;
    EXPECT_EQ(in_place.err, "img-fixpaths: " + d.dir + ": " + kLockRefusal + "\n") << in_place;
    EXPECT_FALSE(dir_exists(d.tmp.file("bk")));
    RunResult out = fix({"--branch-map", map, "-o", d.tmp.file("out"), d.dir});
    EXPECT_EQ(out.exit_code, 2) << out;
    EXPECT_TRUE(contains(out.err, kLockRefusal)) << out;
    EXPECT_FALSE(dir_exists(d.tmp.file("out")));
    EXPECT_TRUE(slurp(d.dir + "/files.img") == original_files());
    // A dry run writes nothing and takes no lock.
    EXPECT_EQ(fix({"--dry-run", "--branch-map", map, d.dir}).exit_code, 0);
    lock.release();
    RunResult after = fix({"--branch-map", map, "--backup-dir", d.tmp.file("bk"), d.dir});
    EXPECT_EQ(after.exit_code, 0) << after;
    EXPECT_EQ(dir_names(d.dir), names) << "the lock leaves no file in the dump";
}

TEST(ImgFixpathsLock, WaitTakesTheLockOnceItIsReleased) {
    DumpCopy d(captured());
    HeldLock lock(d.dir);
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        lock.release();
    });
    auto t0 = std::chrono::steady_clock::now();
    RunResult r = fix({"--wait", "--branch-map", img::test::captured_dir() + "/relocate-host.map", "--backup-dir",
                       d.tmp.file("bk"), d.dir});
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    releaser.join();
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_GE(s, 0.7) << "it ran while the lock was held";
    EXPECT_EQ(slurp(d.dir + "/files.img"), slurp(img::test::captured_dir() + "/relocate-host.expected/files.img"));
}

// The folder names the clock gives for the next few seconds: "<dump>.fixpaths-backup-<UTC time>".
std::vector<std::string> clock_names(const std::string& dump, int seconds) {
    std::vector<std::string> v;
    std::time_t now = std::time(nullptr);
    for (std::time_t t = now - 1; t <= now + seconds; ++t) {
        std::tm tm {};
        gmtime_r(&t, &tm);
        char stamp[32];
        std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
        v.push_back(dump + ".fixpaths-backup-" + stamp);
    }
    return v;
}

TEST(ImgFixpathsDefaultBackup, AFolderOfTheClocksNameIsNeverReused) {
    DumpCopy d(captured());
    Halves h(d.tmp);
    const auto taken = clock_names(d.dir, 5);
    for (const auto& f : taken) {
        ASSERT_TRUE(std::filesystem::create_directory(f));
        spit(f + "/files.img", "somebody else's file\n");
    }
    RunResult r = fix({"--branch-map", h.first, d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    for (const auto& f : taken) EXPECT_EQ(slurp(f + "/files.img"), "somebody else's file\n") << f;
    std::vector<std::string> fresh;
    for (const auto& b : backups_beside(d))
        if (std::find(taken.begin(), taken.end(), b) == taken.end()) fresh.push_back(b);
    ASSERT_EQ(fresh.size(), 1u) << r;
    EXPECT_TRUE(slurp(fresh[0] + "/files.img") == original_files());
    EXPECT_TRUE(contains(r.out, fresh[0])) << "the report names the folder that holds the originals\n" << r;
}

// Two runs within the same second: each gets a folder of its own holding the images as they were
// before that run, and says which.
TEST(ImgFixpathsDefaultBackup, TwoRunsInOneSecondGetTwoFolders) {
    DumpCopy d(captured());
    Halves h(d.tmp);
    RunResult a = fix({"--branch-map", h.first, d.dir});
    ASSERT_EQ(a.exit_code, 0) << a;
    const std::string between = slurp(d.dir + "/files.img");
    RunResult b = fix({"--branch-map", h.second, d.dir});
    ASSERT_EQ(b.exit_code, 0) << b;
    auto folders = backups_beside(d);
    ASSERT_EQ(folders.size(), 2u) << a << b;
    for (const auto& f : folders) {
        bool of_a = contains(a.out, f + "\n"), of_b = contains(b.out, f + "\n");
        EXPECT_NE(of_a, of_b) << f << " is named by exactly one run\n" << a << b;
        EXPECT_EQ(slurp(f + "/files.img"), of_a ? original_files() : between) << f;
        EXPECT_EQ(dir_names(f), std::vector<std::string>{"files.img"});
    }
}

// What a kill -9 leaves: ".criu-img.<name>.<pid>.tmp" beside an image or in the backup folder.
// The next run removes those of processes that no longer run, and leaves a live one's alone.
TEST(ImgFixpathsTemporaries, AKilledRunsTemporariesAreRemovedByTheNextRun) {
    DumpCopy d(captured());
    const std::string bk = d.tmp.file("bk");
    ASSERT_TRUE(std::filesystem::create_directory(bk));
    const std::string dead = ".criu-img.files.img.4194305.tmp";   // above any pid_max: no such process
    const std::string live = ".criu-img.files.img." + std::to_string(::getpid()) + ".tmp";
    spit(d.dir + "/" + dead, "half written");
    spit(bk + "/" + dead, "half written");
    spit(bk + "/" + live, "being written by a live run of another dump");
    RunResult r = fix({"--branch-map", img::test::captured_dir() + "/relocate-host.map", "--backup-dir", bk, d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    expect_no_temps(d.dir);
    EXPECT_FALSE(file_exists(bk + "/" + dead));
    EXPECT_TRUE(file_exists(bk + "/" + live)) << "a live process's temporary is not ours to remove";
    EXPECT_TRUE(slurp(bk + "/files.img") == original_files());
}

}  // namespace
