// img-fixpaths as a user runs it, on copies (in a temp dir) of the real
// relocation captures in shared/criu-images and of dumps generated from
// testdata/gen/fixpaths: results equal the repaired captures byte for byte,
// dry run, second run, backups, -o, --json, map errors, --print-map,
// --dump-log, --aufs-si and --mnt-id.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "img/io/image_reader.h"
#include "img/io/mapped_file.h"
#include "harness/dir_snapshot.h"
#include "harness/fixtures.h"
#include "harness/paths.h"
#include "harness/process.h"
#include "harness/schema.h"
#include "fixpaths_run.h"

namespace {

using json = nlohmann::json;
using img::test::copy_dump;
using img::test::dir_names;
using img::test::DirSnapshot;
using img::test::is_temp_name;
using img::test::run;
using img::test::RunResult;
using img::test::slurp;
using img::test::snapshot_diff;
using img::test::snapshot_dir;
using img::test::spit;
using img::test::TempDir;
using img::test::fixpaths::backups_beside;
using img::test::fixpaths::corpus;
using img::test::fixpaths::DumpCopy;
using img::test::fixpaths::expect_no_temps;
using img::test::fixpaths::fix;

// The FILES entries of a files.img: index -> FileEntry.
std::vector<cimg::FileEntry> file_entries(const std::string& path) {
    std::vector<cimg::FileEntry> v;
    auto rd = img::ImageReader::open(path);
    if (!rd.ok()) { ADD_FAILURE() << rd.error().message(); return v; }
    img::RawEntry e;
    for (;;) {
        auto more = rd->next(e);
        if (!more.ok()) { ADD_FAILURE() << more.error().message(); break; }
        if (!*more) break;
        cimg::FileEntry fe;
        if (!fe.ParseFromArray(e.message.data(), static_cast<int>(e.message.size()))) ADD_FAILURE() << "entry " << e.index;
        v.push_back(std::move(fe));
    }
    return v;
}

struct NameChange {
    size_t entry;
    std::string old_name, new_name;
};

// Which reg names differ between two files.img (the answer key, taken from the
// capture and its repaired variant, not from the tool).
std::vector<NameChange> name_changes(const std::string& before, const std::string& after) {
    auto a = file_entries(before), b = file_entries(after);
    std::vector<NameChange> v;
    EXPECT_EQ(a.size(), b.size());
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i].has_reg() && a[i].reg().name() != b[i].reg().name()) v.push_back({i, a[i].reg().name(), b[i].reg().name()});
    return v;
}

// ---- the three real cases --------------------------------------------------

void expect_repairs_to(const std::string& scenario, const std::vector<std::string>& map_args) {
    DumpCopy d(corpus() + "/" + scenario);
    std::vector<std::string> args = map_args;
    args.push_back(d.dir);
    auto r = fix(args);
    ASSERT_EQ(r.exit_code, 0) << r;
    DirSnapshot want = snapshot_dir(corpus() + "/" + scenario + ".expected");
    DirSnapshot got = snapshot_dir(d.dir);
    EXPECT_EQ(snapshot_diff(want, got), "") << scenario;
    expect_no_temps(d.dir);
}

TEST(ImgFixpathsReal, RelocateHostEqualsExpected) {
    SKIP_WITHOUT_SHARED();
    expect_repairs_to("relocate-host", {"--branch-map", corpus() + "/relocate-host.map"});
}

TEST(ImgFixpathsReal, AufsContainerEqualsExpected) {
    SKIP_WITHOUT_SHARED();
    expect_repairs_to("aufs-container", {"--branch-map", corpus() + "/aufs-container.map"});
}

TEST(ImgFixpathsReal, AufsContainerWithAufsSiEqualsExpected) {
    SKIP_WITHOUT_SHARED();
    expect_repairs_to("aufs-container", {"--aufs-si", corpus() + "/aufs-container.si"});
}

TEST(ImgFixpathsReal, RelocateHostWithMapAssignmentsEqualsExpected) {
    SKIP_WITHOUT_SHARED();
    const std::string mnt = "/var/lib/docker/aufs/mnt/d38152d5fa2a5d0ca3d06bd0b000de75a3122c0a5e4864f8ab4f8ec6fad14a32";
    expect_repairs_to("relocate-host",
                      {"--map", "/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75=" + mnt,
                       "--map", "/var/lib/docker/aufs/diff/a55bf628b784f3c93935ca305a82ff5d4ee182cdb9fb2c879000ab87d6282715=" + mnt});
}

// The copy of relocate-host kept in testdata/captured (runs without shared/):
// only files.img is kept in its .expected folder, every other file must stay as it was.
TEST(ImgFixpathsReal, CapturedRelocateHostEqualsExpected) {
    const std::string cap = img::test::captured_dir();
    DumpCopy d(cap + "/relocate-host");
    DirSnapshot want = snapshot_dir(cap + "/relocate-host");
    want["files.img"] = slurp(cap + "/relocate-host.expected/files.img");
    auto r = fix({"--branch-map", cap + "/relocate-host.map", "--backup-dir", d.tmp.file("bak"), d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(snapshot_diff(want, snapshot_dir(d.dir)), "");
    EXPECT_EQ(snapshot_diff(DirSnapshot{{"files.img", slurp(cap + "/relocate-host/files.img")}}, snapshot_dir(d.tmp.file("bak"))),
              "");
    expect_no_temps(d.dir);
}

// ---- dry run, second run, backup -------------------------------------------

TEST(ImgFixpathsDryRun, ListsEachChangeAndWritesNothing) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    DirSnapshot before = snapshot_dir(d.dir);
    auto tmp_before = dir_names(d.tmp.path());
    auto r = fix({"--dry-run", "--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto want = name_changes(corpus() + "/relocate-host/files.img", corpus() + "/relocate-host.expected/files.img");
    ASSERT_EQ(want.size(), 6u) << "the capture renames 6 files (README)";
    for (const auto& c : want) {
        std::string line = "files.img #" + std::to_string(c.entry) + " reg.name: " + c.old_name + " -> " + c.new_name + "\n";
        EXPECT_NE(r.out.find(line), std::string::npos) << "missing line: " << line << r;
    }
    size_t lines = static_cast<size_t>(std::count(r.out.begin(), r.out.end(), '\n'));
    EXPECT_EQ(lines, want.size() + 1) << "one line per change plus the summary\n" << r;
    EXPECT_NE(r.out.find("dry run"), std::string::npos) << r;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
    EXPECT_EQ(dir_names(d.tmp.path()), tmp_before) << "a dry run creates no backup dir";
    EXPECT_EQ(dir_names(d.dir).size(), before.size()) << "and no temp file";
}

TEST(ImgFixpathsDryRun, ExcludesOutputDir) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    auto r = fix({"--dry-run", "-o", d.tmp.file("out"), "--branch-map", corpus() + "/relocate-host.map", d.dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_FALSE(img::test::dir_exists(d.tmp.file("out")));
}

// A second run changes nothing. relocate-host's map targets a union directory, under which the
// repaired paths now lie: it looks repaired already (exit 0). aufs-container's targets are /, under
// which every path lies, so a repaired dump cannot be told from an unrelated one: exit 1.
TEST(ImgFixpathsRerun, SecondRunChangesNothingAndSaysWhetherItLooksRepaired) {
    SKIP_WITHOUT_SHARED();
    for (const std::string scenario : {"relocate-host", "aufs-container"}) {
        SCOPED_TRACE(scenario);
        const bool told_repaired = scenario == "relocate-host";
        DumpCopy d(corpus() + "/" + scenario);
        std::string map = corpus() + "/" + scenario + ".map";
        auto first = fix({"--branch-map", map, d.dir});
        ASSERT_EQ(first.exit_code, 0) << first;
        DirSnapshot after_first = snapshot_dir(d.dir);
        auto tmp_after_first = dir_names(d.tmp.path());
        auto second = fix({"--branch-map", map, d.dir});
        EXPECT_EQ(second.exit_code, told_repaired ? 0 : 1) << second;
        if (told_repaired) EXPECT_NE(second.out.find(": looks repaired already: "), std::string::npos) << second;
        else EXPECT_NE(second.err.find("no recorded path"), std::string::npos) << second;
        EXPECT_EQ(snapshot_diff(after_first, snapshot_dir(d.dir)), "");
        EXPECT_EQ(dir_names(d.tmp.path()), tmp_after_first) << "a run with nothing to do creates no backup dir";
        auto dry = fix({"--dry-run", "--branch-map", map, d.dir});
        EXPECT_EQ(dry.exit_code, told_repaired ? 0 : 1) << dry;
    }
}

TEST(ImgFixpathsBackup, DefaultBackupBesideTheDumpHoldsExactlyTheChangedOriginals) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    auto r = fix({"--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto b = backups_beside(d);
    ASSERT_EQ(b.size(), 1u) << r;
    EXPECT_EQ(img::test::base_name(b[0]).rfind("dump.fixpaths-backup-", 0), 0u) << b[0];
    EXPECT_NE(r.out.find(b[0]), std::string::npos) << "the tool names its backup\n" << r;
    DirSnapshot want{{"files.img", slurp(corpus() + "/relocate-host/files.img")}};
    EXPECT_EQ(snapshot_diff(want, snapshot_dir(b[0])), "");
    EXPECT_EQ(dir_names(b[0]).size(), 1u);
}

// Run from inside the dump as "img-fixpaths ... ." (or "dump/."): the default backup
// must still go beside the dump, not into it.
// Regression (a bug found by review, fixed in default_backup_dir()): the name was
// "<strip_slash(dump)>.fixpaths-backup-<time>", so for DUMPDIR "." it is
// "..fixpaths-backup-<time>" relative to the cwd, i.e. a directory created INSIDE the dump
// (and for "dump/." it is "dump/..fixpaths-backup-<time>", inside too). The dump path
// should be made canonical (realpath) before the sibling name is formed.
TEST(ImgFixpathsBackup, DefaultBackupIsBesideTheDumpEvenForDot) {
    SKIP_WITHOUT_SHARED();
    for (const std::string how : {".", "dump/."}) {
        SCOPED_TRACE("DUMPDIR " + how);
        DumpCopy d(corpus() + "/relocate-host");
        auto names_before = dir_names(d.dir);
        std::string cwd = how == "." ? d.dir : d.tmp.path();
        auto r = run({img::test::tool_path("img-fixpaths"), "--branch-map", corpus() + "/relocate-host.map", how},
                     std::nullopt, cwd);
        ASSERT_EQ(r.exit_code, 0) << r;
        EXPECT_EQ(dir_names(d.dir), names_before) << "something was created inside the dump\n" << r;
        EXPECT_EQ(backups_beside(d).size(), 1u) << "no backup dir beside the dump\n" << r;
        EXPECT_EQ(slurp(d.dir + "/files.img"), slurp(corpus() + "/relocate-host.expected/files.img"));
    }
}

TEST(ImgFixpathsBackup, ExplicitBackupDir) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    std::string bdir = d.tmp.file("my-backup");
    auto r = fix({"--backup-dir", bdir, "--branch-map", corpus() + "/aufs-container.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    DirSnapshot want{{"files.img", slurp(corpus() + "/aufs-container/files.img")}};
    EXPECT_EQ(snapshot_diff(want, snapshot_dir(bdir)), "");
    EXPECT_EQ(dir_names(bdir).size(), 1u);
    EXPECT_TRUE(backups_beside(d).empty()) << "no default backup when --backup-dir is given";
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/aufs-container.expected"), snapshot_dir(d.dir)), "");
}

TEST(ImgFixpathsBackup, TheBackupIsTheOriginalFileUnderASecondName) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    struct stat before {};
    ASSERT_EQ(::stat((d.dir + "/files.img").c_str(), &before), 0);
    std::string bdir = d.tmp.file("bak");
    auto r = fix({"--backup-dir", bdir, "--branch-map", corpus() + "/aufs-container.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    struct stat bak {}, now {};
    ASSERT_EQ(::stat((bdir + "/files.img").c_str(), &bak), 0);
    ASSERT_EQ(::stat((d.dir + "/files.img").c_str(), &now), 0);
    EXPECT_EQ(bak.st_ino, before.st_ino) << "same file system: the backup is a hard link, no bytes copied";
    EXPECT_NE(now.st_ino, before.st_ino) << "the repaired image is a new file renamed into place";
    EXPECT_EQ(slurp(bdir + "/files.img"), slurp(corpus() + "/aufs-container/files.img"));
    expect_no_temps(bdir);
}

TEST(ImgFixpathsBackup, ABackupDirOnAnotherFileSystemGetsCopies) {
    SKIP_WITHOUT_SHARED();
    struct stat shm {}, tmp {};
    DumpCopy d(corpus() + "/aufs-container");
    if (::stat("/dev/shm", &shm) != 0 || ::stat(d.dir.c_str(), &tmp) != 0 || shm.st_dev == tmp.st_dev)
        GTEST_SKIP() << "/dev/shm is not another file system here";
    TempDir other("/dev/shm");
    std::string bdir = other.file("bak");
    auto r = fix({"--backup-dir", bdir, "--branch-map", corpus() + "/aufs-container.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(slurp(bdir + "/files.img"), slurp(corpus() + "/aufs-container/files.img"));
    expect_no_temps(bdir);
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/aufs-container.expected"), snapshot_dir(d.dir)), "");
}

TEST(ImgFixpathsBackup, NoBackup) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    auto r = fix({"--no-backup", "--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(backups_beside(d).empty());
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/relocate-host.expected"), snapshot_dir(d.dir)), "");
}

// ---- -o OUTDIR -------------------------------------------------------------

TEST(ImgFixpathsOutDir, InputUntouchedOutputCompletePagesLinkedOrCopied) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    DirSnapshot before = snapshot_dir(d.dir);
    auto tmp_before = dir_names(d.tmp.path());
    std::string out = d.tmp.file("fixed");
    auto r = fix({"-o", out, "--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "") << "input must be untouched";
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/relocate-host.expected"), snapshot_dir(out)), "");
    expect_no_temps(out);
    expect_no_temps(d.dir);
    struct stat in {}, o {};
    ASSERT_EQ(::stat((d.dir + "/pages-1.img").c_str(), &in), 0);
    ASSERT_EQ(::stat((out + "/pages-1.img").c_str(), &o), 0);
    bool linked = in.st_dev == o.st_dev && in.st_ino == o.st_ino;
    EXPECT_TRUE(linked || slurp(d.dir + "/pages-1.img") == slurp(out + "/pages-1.img"))
        << "pages-1.img in the output is neither a hard link nor an identical copy";
    // Only the output dir appeared: no backup in -o mode.
    auto tmp_after = dir_names(d.tmp.path());
    tmp_before.push_back("fixed");
    std::sort(tmp_before.begin(), tmp_before.end());
    EXPECT_EQ(tmp_after, tmp_before);
}

TEST(ImgFixpathsOutDir, ExistingNonEmptyOutputIsRefused) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    std::string out = d.tmp.file("fixed");
    std::filesystem::create_directories(out);
    spit(out + "/keep.txt", "mine");
    DirSnapshot before = snapshot_dir(d.dir);
    auto r = fix({"-o", out, "--branch-map", corpus() + "/relocate-host.map", d.dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(dir_names(out), std::vector<std::string>{"keep.txt"});
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
}

// Exit 1 means "nothing matched the map (nothing written)" (the tool's --help footer).
// Regression (a bug found by review, fixed in fix_paths(), the Mode::OutDir branch):
// unlike the in-place branch it did not stop when nothing is planned, so with -o and a map
// that matches nothing it still creates OUTDIR and links every file into it, then exits 1.
TEST(ImgFixpathsOutDir, NothingMatchedWritesNothing) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    std::string out = d.tmp.file("fixed");
    auto r = fix({"-o", out, "--map", "/no/such/branch=/x", d.dir});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_FALSE(img::test::dir_exists(out)) << "exit 1 says nothing was written, but " << out << " holds "
                                             << (img::test::dir_exists(out) ? dir_names(out).size() : 0) << " files";
}

TEST(ImgFixpathsOutDir, EmptyExistingOutputIsUsed) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    std::string out = d.tmp.file("fixed");
    std::filesystem::create_directories(out);
    auto r = fix({"-o", out, "--aufs-si", corpus() + "/aufs-container.si", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/aufs-container.expected"), snapshot_dir(out)), "");
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/aufs-container"), snapshot_dir(d.dir)), "");
}

// ---- --json ----------------------------------------------------------------

TEST(ImgFixpathsJson, ReportParsesAndListsTheChanges) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    auto r = fix({"--json", "--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["status"], "rewritten");
    EXPECT_EQ(j["dry_run"], false);
    EXPECT_EQ(j["dump"], d.dir);
    EXPECT_EQ(j["written_to"], d.dir);
    EXPECT_EQ(j["images_changed"], json::array({"files.img"}));
    EXPECT_EQ(j["images_reread"], 1);
    EXPECT_GE(j["images_scanned"].get<int>(), 1);
    ASSERT_TRUE(j["backup_dir"].is_string());
    EXPECT_TRUE(img::test::dir_exists(j["backup_dir"].get<std::string>())) << j["backup_dir"];
    auto want = name_changes(corpus() + "/relocate-host/files.img", corpus() + "/relocate-host.expected/files.img");
    ASSERT_EQ(j["changes"].size(), want.size()) << j.dump(2);
    for (size_t i = 0; i < want.size(); ++i) {
        const json& c = j["changes"][i];
        EXPECT_EQ(c["image"], "files.img");
        EXPECT_EQ(c["entry"], want[i].entry);
        EXPECT_EQ(c["field"], "reg.name");
        EXPECT_EQ(c["old"], want[i].old_name);
        EXPECT_EQ(c["new"], want[i].new_name);
    }
}

TEST(ImgFixpathsJson, DryRunAndNothingMatched) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    DirSnapshot before = snapshot_dir(d.dir);
    auto r = fix({"--json", "--dry-run", "--branch-map", corpus() + "/aufs-container.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["status"], "dry-run");
    EXPECT_EQ(j["dry_run"], true);
    EXPECT_EQ(j["written_to"], "");
    EXPECT_EQ(j["backup_dir"], "");
    EXPECT_EQ(j["changes"].size(), 3u) << "exe, shared.bin and blob.bin (README)";
    for (const auto& c : j["changes"]) EXPECT_EQ(c["new"].get<std::string>().rfind("/app/", 0), 0u) << c;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");

    auto n = fix({"--json", "--map", "/no/such/branch=/x", d.dir});
    EXPECT_EQ(n.exit_code, 1) << n;
    json k = json::parse(n.out, nullptr, false);
    ASSERT_FALSE(k.is_discarded()) << n.out;
    EXPECT_EQ(k["status"], "nothing-matched");
    EXPECT_TRUE(k["changes"].empty());
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
}

// ---- map errors ------------------------------------------------------------

struct BadMap {
    const char* what;
    std::string text;
    int line;
};

TEST(ImgFixpathsMapErrors, ExitTwoNameTheLineAndWriteNothing) {
    SKIP_WITHOUT_SHARED();
    const std::string L = "/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75";
    const std::vector<BadMap> cases = {
        {"relative branch", "# ok\n" + L + " /x\nrelative/path /x\n", 3},
        {"relative target", L + " relative\n", 1},
        {"branch listed twice", L + " /x\n\n# again:\n" + L + " /y\n", 4},
        {"one field", "\n" + L + "\n", 2},
        {"three fields", L + " /x /y\n", 1},
        {"bad escape", L + "\\04 /x\n", 1},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        DumpCopy d(corpus() + "/relocate-host");
        std::string map = d.tmp.file("map.txt");
        spit(map, c.text);
        DirSnapshot before = snapshot_dir(d.dir);
        auto tmp_before = dir_names(d.tmp.path());
        auto r = fix({"--branch-map", map, d.dir});
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_NE(r.err.find("map.txt:" + std::to_string(c.line)), std::string::npos) << r;
        EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
        EXPECT_EQ(dir_names(d.tmp.path()), tmp_before) << "no backup dir";
        EXPECT_EQ(dir_names(d.dir).size(), before.size()) << "no temp file";
    }
}

TEST(ImgFixpathsMapErrors, OtherSourcesAndUsage) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    DirSnapshot before = snapshot_dir(d.dir);
    EXPECT_EQ(fix({"--map", "relative=/x", d.dir}).exit_code, 2);
    EXPECT_EQ(fix({"--map", "/no-equals", d.dir}).exit_code, 2);
    EXPECT_EQ(fix({d.dir}).exit_code, 2) << "no map at all";
    EXPECT_EQ(fix({"--branch-map", d.tmp.file("missing.map"), d.dir}).exit_code, 2);
    spit(d.tmp.file("empty.log"), "(00.000001) nothing about aufs here\n");
    auto log = fix({"--dump-log", d.tmp.file("empty.log"), d.dir});
    EXPECT_EQ(log.exit_code, 2) << log;
    EXPECT_NE(log.err.find("empty.log"), std::string::npos) << log;
    auto nodir = fix({"--map", "/a=/b", d.tmp.file("no-such-dump")});
    EXPECT_EQ(nodir.exit_code, 2) << nodir;
    // A --map conflicting with the map file.
    auto conflict = fix({"--branch-map", corpus() + "/relocate-host.map", "--map",
                         "/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75=/other",
                         d.dir});
    EXPECT_EQ(conflict.exit_code, 2) << conflict;
    EXPECT_NE(conflict.err.find("relocate-host.map:3"), std::string::npos) << "names where the first mapping came from\n"
                                                                           << conflict;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(d.dir)), "");
    EXPECT_TRUE(backups_beside(d).empty());
}

// ---- --print-map -----------------------------------------------------------

TEST(ImgFixpathsPrintMap, PrintsTheMappingsLongestFirstAndReadsBack) {
    TempDir t;
    spit(t.file("a.map"), "# comment\n/short /s\n/much/longer/branch /\n/with\\040space /t\\134x\n");
    auto r = fix({"--print-map", "--branch-map", t.file("a.map"), "--map", "/x/y=/z"});
    ASSERT_EQ(r.exit_code, 0) << r;
    size_t p1 = r.out.find("/much/longer/branch /");
    size_t p2 = r.out.find("/with\\040space /t\\134x");
    size_t p3 = r.out.find("/short /s");
    size_t p4 = r.out.find("/x/y /z");
    ASSERT_NE(p1, std::string::npos) << r;
    ASSERT_NE(p2, std::string::npos) << r;
    ASSERT_NE(p3, std::string::npos) << r;
    ASSERT_NE(p4, std::string::npos) << r;
    EXPECT_LT(p1, p2);
    EXPECT_LT(p2, p3);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r;
    EXPECT_NE(r.out.find("a.map:2"), std::string::npos) << "each line names its origin\n" << r;
    // What it prints is itself a valid map with the same mappings.
    spit(t.file("printed.map"), r.out);
    auto again = fix({"--print-map", "--branch-map", t.file("printed.map")});
    ASSERT_EQ(again.exit_code, 0) << again;
    EXPECT_NE(again.out.find("/with\\040space /t\\134x"), std::string::npos) << again;
    EXPECT_EQ(std::count(again.out.begin(), again.out.end(), '\n'), 4) << again;
}

TEST(ImgFixpathsPrintMap, AufsSiBranchesMapToRoot) {
    SKIP_WITHOUT_SHARED();
    auto r = fix({"--print-map", "--aufs-si", corpus() + "/aufs-container.si"});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("/var/lib/docker/aufs/diff/f1506dd469fd4903f852901b3e58e3f14d5be0b2aee9c3b0bffaef993985b54a /"),
              std::string::npos) << r;
    EXPECT_NE(r.out.find("/var/lib/docker/aufs/diff/b991bd3c466f7cbd91bdb2ab8a1c2864fc0b2a143d9352c8af3f549d95af4d6f /"),
              std::string::npos) << r;
    EXPECT_EQ(r.out.find("=rw"), std::string::npos) << r;
}

// ---- --dump-log ------------------------------------------------------------

TEST(ImgFixpathsDumpLog, RelocateHostWithASyntheticLog) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    const std::string L = "/var/lib/docker/aufs/diff/6714c006c982a328a8b92b6246e322b0b52c00ab1278eafc7ec066e274319a75";
    const std::string R = "/var/lib/docker/aufs/diff/a55bf628b784f3c93935ca305a82ff5d4ee182cdb9fb2c879000ab87d6282715";
    spit(d.tmp.file("dump.log"),
         "(00.000000) Version: 4.2 (gitid 0)\n"
         "(00.010000) Collecting AUFS branch info\n"
         "(00.012345) /sys/fs/aufs/si_9a3b/br0 : " + R + "\n"
         "(00.012399) /sys/fs/aufs/si_9a3b/br1 : " + L + "\n"
         "(00.500000) Dumping finished successfully\n");
    auto r = fix({"--json", "--dump-log", d.tmp.file("dump.log"), d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    // Both branches map to "/": every branch path loses its prefix.
    auto before = file_entries(corpus() + "/relocate-host/files.img");
    auto after = file_entries(d.dir + "/files.img");
    ASSERT_EQ(before.size(), after.size());
    size_t changed = 0;
    for (size_t i = 0; i < before.size(); ++i) {
        if (!before[i].has_reg()) continue;
        const std::string& old = before[i].reg().name();
        std::string want = old;
        if (old.rfind(L + "/", 0) == 0) want = old.substr(L.size());
        else if (old.rfind(R + "/", 0) == 0) want = old.substr(R.size());
        if (want != old) ++changed;
        EXPECT_EQ(after[i].reg().name(), want) << i;
    }
    EXPECT_EQ(changed, 6u);
    EXPECT_EQ(j["changes"].size(), 6u);
    EXPECT_EQ(fix({"--dump-log", d.tmp.file("dump.log"), d.dir}).exit_code, 1) << "second run";
}

// ---- --mnt-id --------------------------------------------------------------

TEST(ImgFixpathsMntId, SetsTheMountIdOfRewrittenFilesOnly) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/relocate-host");
    std::string out = d.tmp.file("fixed");
    auto r = fix({"--mnt-id", "4242", "-o", out, "--branch-map", corpus() + "/relocate-host.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    auto before = file_entries(d.dir + "/files.img");
    auto expected = file_entries(corpus() + "/relocate-host.expected/files.img");
    auto after = file_entries(out + "/files.img");
    ASSERT_EQ(after.size(), before.size());
    ASSERT_EQ(expected.size(), before.size());
    size_t set = 0;
    for (size_t i = 0; i < after.size(); ++i) {
        SCOPED_TRACE("entry " + std::to_string(i));
        if (!before[i].has_reg()) continue;
        EXPECT_EQ(after[i].reg().name(), expected[i].reg().name());
        if (before[i].reg().name() != expected[i].reg().name()) {
            EXPECT_TRUE(after[i].reg().has_mnt_id());
            EXPECT_EQ(after[i].reg().mnt_id(), 4242);
            ++set;
        } else {
            EXPECT_EQ(after[i].SerializeAsString(), before[i].SerializeAsString()) << "untouched entry";
        }
    }
    EXPECT_EQ(set, 6u);
    // Everything but files.img is the same as without --mnt-id.
    DirSnapshot want = snapshot_dir(corpus() + "/relocate-host.expected");
    DirSnapshot got = snapshot_dir(out);
    EXPECT_NE(want["files.img"], got["files.img"]);
    want.erase("files.img");
    got.erase("files.img");
    EXPECT_EQ(snapshot_diff(want, got), "");
    EXPECT_EQ(fix({"--mnt-id", "notanumber", "--map", "/a=/b", d.dir}).exit_code, 2);
}

// ---- a dump generated from testdata/gen/fixpaths ---------------------------

const std::string kL = "/var/lib/docker/aufs/diff/1a2b";
const std::string kR = "/var/lib/docker/aufs/diff/9f8e";
const std::string kM = "/var/lib/docker/aufs/mnt/c0ffee";

// Every fixpaths fixture, plus raw pages whose bytes name a branch (they must never be read or changed).
void make_generated_dump(const std::string& dir) {
    std::filesystem::create_directories(dir);
    for (const char* n : {"files.img", "mountpoints-9.img", "ghost-file-3.img", "ghost-file-4.img", "irmap-cache.img",
                          "binfmt-misc.img"})
        spit(dir + "/" + n, img::test::gen_image(std::string("fixpaths/") + n));
    spit(dir + "/pages-1.img", std::string(4096, 'P') + kL + "/app/bin/relapp" + std::string(4096 - kL.size() - 15, '\0'));
    spit(dir + "/pstree.img", slurp(img::test::captured_dir() + "/sleep/pstree.img"));
}

TEST(ImgFixpathsGenerated, RewritesEveryPathBearingImageAndNothingElse) {
    TempDir t;
    std::string dir = t.file("dump");
    make_generated_dump(dir);
    DirSnapshot before = snapshot_dir(dir);
    spit(t.file("map.txt"), kL + " /\n" + kR + " " + kM + "\n");
    // The synthetic dump is not a whole checkpoint (no cores): leave img-verify's checks out.
    auto r = fix({"--json", "--no-verify", "--branch-map", t.file("map.txt"), "--backup-dir", t.file("bak"), dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    std::vector<std::string> changed = j["images_changed"].get<std::vector<std::string>>();
    std::sort(changed.begin(), changed.end());
    EXPECT_EQ(changed, (std::vector<std::string>{"binfmt-misc.img", "files.img", "ghost-file-3.img", "irmap-cache.img",
                                                 "mountpoints-9.img"}));
    EXPECT_EQ(j["changes"].size(), 9u + 3u + 1u + 1u + 1u);
    DirSnapshot after = snapshot_dir(dir);
    for (const char* same : {"ghost-file-4.img", "pages-1.img", "pstree.img"}) EXPECT_EQ(after[same], before[same]) << same;
    for (const auto& n : changed) EXPECT_NE(after[n], before[n]) << n;
    // The backup holds exactly the originals of the changed images.
    DirSnapshot bak = snapshot_dir(t.file("bak"));
    DirSnapshot want;
    for (const auto& n : changed) want[n] = before[n];
    EXPECT_EQ(snapshot_diff(want, bak), "");
    // No branch path is left in any path field: a second run finds nothing, and says the dump
    // looks repaired already (its paths lie under the map's targets).
    auto again = fix({"--branch-map", t.file("map.txt"), "--backup-dir", t.file("bak2"), dir});
    EXPECT_EQ(again.exit_code, 0) << again;
    EXPECT_NE(again.out.find(": looks repaired already: "), std::string::npos) << again;
    EXPECT_FALSE(img::test::dir_exists(t.file("bak2")));
    EXPECT_EQ(snapshot_diff(after, snapshot_dir(dir)), "");
}

// One unreadable image that names a branch: exit 2, naming it, and nothing is written
// (every image is planned before the first write), in place and with -o.
TEST(ImgFixpathsGenerated, DamagedImageStopsEverythingBeforeAnyWrite) {
    TempDir t;
    std::string dir = t.file("dump");
    make_generated_dump(dir);
    std::string m = slurp(dir + "/mountpoints-9.img");
    spit(dir + "/mountpoints-9.img", m.substr(0, m.size() - 7));   // the last entry runs past the end
    DirSnapshot before = snapshot_dir(dir);
    spit(t.file("map.txt"), kL + " /\n" + kR + " " + kM + "\n");
    auto r = fix({"--branch-map", t.file("map.txt"), "--backup-dir", t.file("bak"), dir});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_NE(r.err.find("mountpoints-9.img"), std::string::npos) << r;
    EXPECT_EQ(snapshot_diff(before, snapshot_dir(dir)), "") << "files.img sorts before it and must not be written either";
    EXPECT_FALSE(img::test::dir_exists(t.file("bak")));
    auto o = fix({"-o", t.file("out"), "--branch-map", t.file("map.txt"), dir});
    EXPECT_EQ(o.exit_code, 2) << o;
    EXPECT_FALSE(img::test::dir_exists(t.file("out")));
}

// An unreadable image of a kind that cannot hold a path (a core, here garbage) does not stop
// the repair: it is searched for a branch like every image, but never needed.
TEST(ImgFixpathsGenerated, ADamagedImageThatCannotHoldAPathDoesNotStopTheRepair) {
    TempDir t;
    std::string dir = t.file("dump");
    make_generated_dump(dir);
    spit(dir + "/core-7.img", "not an image, though it names " + kL + "/app");
    spit(t.file("map.txt"), kL + " /\n" + kR + " " + kM + "\n");
    auto r = fix({"--json", "--no-verify", "--branch-map", t.file("map.txt"), "--backup-dir", t.file("bak"), dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    EXPECT_EQ(j["changes"].size(), 9u + 3u + 1u + 1u + 1u);
    EXPECT_EQ(slurp(dir + "/core-7.img"), "not an image, though it names " + kL + "/app");
    EXPECT_FALSE(img::test::file_exists(t.file("bak") + "/core-7.img"));
}

// Pages are never read: a 1 TiB sparse pages-1.img would take minutes to scan.
TEST(ImgFixpathsGenerated, PagesAreNeverRead) {
    TempDir t;
    std::string dir = t.file("dump");
    make_generated_dump(dir);
    if (::truncate((dir + "/pages-1.img").c_str(), off_t{1} << 40) != 0)
        GTEST_SKIP() << "this filesystem cannot hold a 1 TiB sparse file";
    spit(t.file("map.txt"), kL + " /\n" + kR + " " + kM + "\n");
    auto timed = [&](std::vector<std::string> args) {
        args.insert(args.begin(), img::test::tool_path("img-fixpaths"));
        auto t0 = std::chrono::steady_clock::now();
        auto r = run(args, std::nullopt, "", 30);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_FALSE(r.timed_out) << r;
        EXPECT_LT(s, 10.0) << "img-fixpaths " << args.back() << " took " << s << " s: it read the pages?";
        return r;
    };
    EXPECT_EQ(timed({"--dry-run", "--branch-map", t.file("map.txt"), dir}).exit_code, 0);
    // img-verify's checks run on the -o result and must not read the pages either; the synthetic
    // dump is not whole (no cores), so they report problems: exit 1.
    EXPECT_EQ(timed({"-o", t.file("out"), "--branch-map", t.file("map.txt"), dir}).exit_code, 1);
    EXPECT_EQ(timed({"--no-verify", "--branch-map", t.file("map.txt"), "--backup-dir", t.file("bak"), dir}).exit_code, 0);
    struct stat st {};
    ASSERT_EQ(::stat((dir + "/pages-1.img").c_str(), &st), 0);
    EXPECT_EQ(st.st_size, off_t{1} << 40);
    EXPECT_FALSE(img::test::file_exists(t.file("bak") + "/pages-1.img"));
}

TEST(ImgFixpathsGenerated, OutDirEqualsInPlaceResult) {
    TempDir t;
    make_generated_dump(t.file("a"));
    make_generated_dump(t.file("b"));
    spit(t.file("map.txt"), kL + " /\n" + kR + " " + kM + "\n");
    auto in_place = fix({"--no-backup", "--no-verify", "--branch-map", t.file("map.txt"), t.file("a")});
    ASSERT_EQ(in_place.exit_code, 0) << in_place;
    auto out = fix({"-o", t.file("out"), "--no-verify", "--branch-map", t.file("map.txt"), t.file("b")});
    ASSERT_EQ(out.exit_code, 0) << out;
    EXPECT_EQ(snapshot_diff(snapshot_dir(t.file("a")), snapshot_dir(t.file("out"))), "");
    DirSnapshot b_now = snapshot_dir(t.file("b"));
    make_generated_dump(t.file("c"));
    EXPECT_EQ(snapshot_diff(snapshot_dir(t.file("c")), b_now), "") << "input of -o untouched";
}

}  // namespace

// ---- img-verify's checks on the written result -----------------------------

TEST(ImgFixpathsVerify, AufsContainerVerifiesReadyUnderItsRootAfterTheRepair) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    std::string root = d.tmp.file("root");
    ASSERT_EQ(0, std::system(("mkdir -p '" + root + "' && tar -xzf '" + corpus() + "/aufs-container.root.tar.gz' -C '" +
                              root + "'").c_str()));
    auto r = fix({"--json", "--root", root, "--branch-map", corpus() + "/aufs-container.map", d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    ASSERT_TRUE(j["verify"].is_object()) << r.out;
    EXPECT_TRUE(j["verify"]["ok"].get<bool>()) << r.out;
    EXPECT_EQ(j["verify"]["counts"]["error"], 0) << r.out;

    // The same repair in text: the verdict names the root.
    DumpCopy d2(corpus() + "/aufs-container");
    auto t = fix({"--root", root, "--branch-map", corpus() + "/aufs-container.map", d2.dir});
    ASSERT_EQ(t.exit_code, 0) << t;
    EXPECT_NE(t.out.find("img-verify on the result: whole and ready to restore under " + root), std::string::npos) << t.out;
}

TEST(ImgFixpathsVerify, ARootWithoutTheFilesExitsOneQuotingCriuButKeepsTheRepair) {
    SKIP_WITHOUT_SHARED();
    DumpCopy d(corpus() + "/aufs-container");
    std::string empty_root = d.tmp.file("empty-root");
    ASSERT_EQ(0, ::mkdir(empty_root.c_str(), 0755));
    auto r = fix({"--root", empty_root, "--branch-map", corpus() + "/aufs-container.map", d.dir});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_NE(r.out.find("on restore"), std::string::npos) << r.out;   // CRIU's "Can't open file %s on restore"
    EXPECT_NE(r.out.find("problems found"), std::string::npos) << r.out;
    // The repair itself happened: the result equals the expected images.
    EXPECT_EQ(snapshot_diff(snapshot_dir(corpus() + "/aufs-container.expected"), snapshot_dir(d.dir)), "");
}

TEST(ImgFixpathsVerify, ATruncatedPagesFileIsReportedAfterWriting) {
    const std::string cap = img::test::captured_dir();
    DumpCopy d(cap + "/relocate-host");
    std::string pages = d.dir + "/pages-1.img";
    struct stat st {};
    ASSERT_EQ(0, ::stat(pages.c_str(), &st));
    ASSERT_GT(st.st_size, 4096);
    ASSERT_EQ(0, ::truncate(pages.c_str(), st.st_size - 4096));
    auto r = fix({"--json", "--branch-map", cap + "/relocate-host.map", "--backup-dir", d.tmp.file("bak"), d.dir});
    EXPECT_EQ(r.exit_code, 1) << r;
    json j = json::parse(r.out);
    EXPECT_FALSE(j["verify"]["ok"].get<bool>()) << r.out;
    bool pages_error = false;
    for (const auto& f : j["verify"]["findings"])
        if (f["severity"] == "error" && f["image"].get<std::string>().find("pages") != std::string::npos) pages_error = true;
    EXPECT_TRUE(pages_error) << r.out;
    EXPECT_EQ(slurp(d.dir + "/files.img"), slurp(cap + "/relocate-host.expected/files.img"));

    // Quiet: nothing on stdout, one line on stderr that says so.
    DumpCopy q(cap + "/relocate-host");
    ASSERT_EQ(0, ::truncate((q.dir + "/pages-1.img").c_str(), st.st_size - 4096));
    auto rq = fix({"-q", "--branch-map", cap + "/relocate-host.map", "--backup-dir", q.tmp.file("bak"), q.dir});
    EXPECT_EQ(rq.exit_code, 1) << rq;
    EXPECT_EQ(rq.out, "") << rq;
    EXPECT_NE(rq.err.find("img-verify finds 1 error in"), std::string::npos) << rq;
}

TEST(ImgFixpathsVerify, NoVerifySkipsTheChecks) {
    const std::string cap = img::test::captured_dir();
    DumpCopy d(cap + "/relocate-host");
    auto r = fix({"--json", "--no-verify", "--branch-map", cap + "/relocate-host.map", "--backup-dir", d.tmp.file("bak"), d.dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_TRUE(json::parse(r.out)["verify"].is_null()) << r.out;
    DumpCopy d2(cap + "/relocate-host");
    auto t = fix({"--branch-map", cap + "/relocate-host.map", "--backup-dir", d2.tmp.file("bak"), d2.dir});
    ASSERT_EQ(t.exit_code, 0) << t;
    EXPECT_NE(t.out.find("img-verify on the result: whole"), std::string::npos) << t.out;
}
