// link_no_replace and write_file_no_replace: a new name, never replacing a file; stale
// temporaries; and the two
// steps of write_file_atomic: written beside, then renamed into place.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "img/io/atomic_file.h"
#include "img/io/mapped_file.h"
#include "harness/dir_snapshot.h"
#include "harness/paths.h"

namespace {

using img::test::TempDir;

ino_t inode(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

std::vector<std::string> names(const std::string& dir) { return img::test::dir_names(dir); }

std::string content(const std::string& p) {
    auto r = img::read_file(p);
    return r ? *r : "<unreadable>";
}

TEST(LinkNoReplace, GivesTheFileASecondName) {
    TempDir t;
    ASSERT_TRUE(img::write_file_atomic(t.file("a"), "original"));
    ASSERT_TRUE(img::link_no_replace(t.file("a"), t.file("b")));
    EXPECT_EQ(inode(t.file("a")), inode(t.file("b")));
    EXPECT_EQ(names(t.path()), (std::vector<std::string>{"a", "b"})) << "no temporary left";
}

// A saved original must never be replaced (issue 15 item 1).
TEST(LinkNoReplace, NeverReplacesAFile) {
    TempDir t;
    ASSERT_TRUE(img::write_file_atomic(t.file("a"), "new"));
    ASSERT_TRUE(img::write_file_atomic(t.file("b"), "old"));
    auto r = img::link_no_replace(t.file("a"), t.file("b"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find(t.file("b")), std::string::npos) << r.error().message();
    EXPECT_EQ(content(t.file("b")), "old");
    EXPECT_EQ(names(t.path()), (std::vector<std::string>{"a", "b"}));
}

TEST(LinkNoReplace, FailsAcrossFileSystemsLeavingNothing) {
    TempDir here;
    struct stat a {}, b {};
    if (::stat("/dev/shm", &b) != 0 || ::stat(here.path().c_str(), &a) != 0 || a.st_dev == b.st_dev)
        GTEST_SKIP() << "/dev/shm is not another file system here";
    TempDir there("/dev/shm");
    ASSERT_TRUE(img::write_file_atomic(here.file("a"), "x"));
    auto r = img::link_no_replace(here.file("a"), there.file("b"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("cannot link"), std::string::npos) << r.error().message();
    EXPECT_TRUE(names(there.path()).empty());
}

TEST(LinkNoReplace, AMissingSourceIsAnError) {
    TempDir t;
    EXPECT_FALSE(img::link_no_replace(t.file("nope"), t.file("b")));
    EXPECT_TRUE(names(t.path()).empty());
}

TEST(WriteFileNoReplace, WritesANewFileAndNeverReplacesOne) {
    TempDir t;
    ASSERT_TRUE(img::write_file_no_replace(t.file("a"), "first"));
    EXPECT_EQ(content(t.file("a")), "first");
    auto r = img::write_file_no_replace(t.file("a"), "second");
    ASSERT_FALSE(r);
    EXPECT_EQ(content(t.file("a")), "first");
    EXPECT_EQ(names(t.path()), std::vector<std::string>{"a"}) << "the temporary is removed";
}

TEST(StaleTemp, OnlyOurTemporariesOfProcessesThatNoLongerRun) {
    const std::string p = img::kTempPrefix;
    EXPECT_TRUE(img::is_stale_temp(p + "files.img.4194305.tmp")) << "above any pid_max";
    EXPECT_FALSE(img::is_stale_temp(p + "files.img." + std::to_string(::getpid()) + ".tmp")) << "our own";
    EXPECT_FALSE(img::is_stale_temp(p + "files.img.1.tmp")) << "init runs";
    EXPECT_FALSE(img::is_stale_temp("files.img.4194305.tmp")) << "not our prefix";
    EXPECT_FALSE(img::is_stale_temp(p + "files.img.12x.tmp"));
    EXPECT_FALSE(img::is_stale_temp(p + "files.img.4194305"));
}

TEST(WriteBeside, LeavesThePathAsItWasUntilRenamedIntoPlace) {
    TempDir t;
    ASSERT_TRUE(img::write_file_atomic(t.file("img"), "old"));
    ::chmod(t.file("img").c_str(), 0600);
    auto tmp = img::write_beside(t.file("img"), "new bytes");
    ASSERT_TRUE(tmp) << tmp.error().message();
    EXPECT_EQ(content(t.file("img")), "old");
    EXPECT_EQ(content(*tmp), "new bytes");
    EXPECT_EQ(tmp->rfind(t.path() + "/" + img::kTempPrefix + "img.", 0), 0u) << *tmp;
    ino_t before = inode(t.file("img"));
    ASSERT_TRUE(img::rename_into_place(*tmp, t.file("img")));
    EXPECT_EQ(content(t.file("img")), "new bytes");
    EXPECT_NE(inode(t.file("img")), before);
    struct stat st {};
    ASSERT_EQ(::stat(t.file("img").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u) << "the mode of the file it replaces";
    EXPECT_EQ(names(t.path()), (std::vector<std::string>{"img"}));
}

TEST(WriteBeside, AFailedRenameRemovesTheTemporary) {
    TempDir t;
    ASSERT_TRUE(img::write_file_atomic(t.file("img"), "old"));
    auto tmp = img::write_beside(t.file("img"), "new");
    ASSERT_TRUE(tmp);
    auto r = img::rename_into_place(*tmp, t.file("no-such-dir/img"));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("no-such-dir/img"), std::string::npos) << r.error().message();
    EXPECT_EQ(names(t.path()), (std::vector<std::string>{"img"}));
    EXPECT_EQ(content(t.file("img")), "old");
}

TEST(WriteBeside, AnUnwritableDirectoryIsAnErrorNamingTheTemporary) {
    TempDir t;
    auto r = img::write_beside(t.file("no-such-dir/img"), "x");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("cannot create"), std::string::npos) << r.error().message();
}

TEST(DirectoryOf, NamesTheFolderAPathIsIn) {
    EXPECT_EQ(img::directory_of("dump/files.img"), "dump");
    EXPECT_EQ(img::directory_of("/srv/dump.fixpaths-backup-1"), "/srv");
    EXPECT_EQ(img::directory_of("/files.img"), "/");
    EXPECT_EQ(img::directory_of("files.img"), ".");
    EXPECT_EQ(img::directory_of("a/b/c"), "a/b");
}

}  // namespace
