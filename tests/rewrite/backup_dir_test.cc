// The backup folder of an in-place repair: default folders are always new,
// a file already saved is never replaced (a link, or a copy on another file
// system), and the very image saved by a killed run is recognised as such.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "img/rewrite/backup_dir.h"
#include "harness/dir_snapshot.h"
#include "harness/paths.h"

namespace {

using img::test::dir_names;
using img::test::slurp;
using img::test::spit;
using img::test::TempDir;

ino_t inode(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(DefaultBackupDir, EveryCallMakesANewEmptyFolderBesideTheDump) {
    TempDir t;
    ASSERT_TRUE(std::filesystem::create_directory(t.file("dump")));
    auto a = img::create_default_backup_dir(t.file("dump"));
    auto b = img::create_default_backup_dir(t.file("dump") + "/.");
    ASSERT_TRUE(a.ok()) << a.error().message();
    ASSERT_TRUE(b.ok()) << b.error().message();
    EXPECT_NE(*a, *b);
    for (const auto& d : {*a, *b}) {
        EXPECT_EQ(img::test::base_name(d).rfind("dump.fixpaths-backup-", 0), 0u) << d;
        EXPECT_EQ(std::filesystem::path(d).parent_path(), std::filesystem::path(t.path())) << d;
        EXPECT_TRUE(dir_names(d).empty());
    }
}

TEST(SaveOriginal, ALinkThatNeverReplacesAFile) {
    TempDir t;
    std::filesystem::create_directories(t.file("dump"));
    std::filesystem::create_directories(t.file("bk"));
    spit(t.file("dump/files.img"), "original");
    ASSERT_TRUE(img::save_original(t.file("dump"), t.file("bk"), "files.img"));
    EXPECT_EQ(inode(t.file("bk/files.img")), inode(t.file("dump/files.img")));
    // Again (a rerun after a kill): the very image is already there, which is fine.
    EXPECT_TRUE(img::save_original(t.file("dump"), t.file("bk"), "files.img"));
    EXPECT_TRUE(img::check_backup_free(t.file("bk"), t.file("dump"), {"files.img"}));
    // The image changed (repaired by a run with another map): the saved original stays.
    spit(t.file("dump/files.img.new"), "half repaired");
    std::filesystem::rename(t.file("dump/files.img.new"), t.file("dump/files.img"));
    auto r = img::save_original(t.file("dump"), t.file("bk"), "files.img");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().file, t.file("bk/files.img"));
    auto free = img::check_backup_free(t.file("bk"), t.file("dump"), {"files.img"});
    ASSERT_FALSE(free);
    EXPECT_EQ(free.error().file, t.file("bk/files.img"));
    EXPECT_EQ(slurp(t.file("bk/files.img")), "original");
    EXPECT_EQ(dir_names(t.file("bk")), std::vector<std::string>{"files.img"});
}

TEST(SaveOriginal, ACopyOnAnotherFileSystemNeverReplacesAFileEither) {
    TempDir here;
    struct stat a {}, b {};
    if (::stat("/dev/shm", &b) != 0 || ::stat(here.path().c_str(), &a) != 0 || a.st_dev == b.st_dev)
        GTEST_SKIP() << "/dev/shm is not another file system here";
    TempDir there("/dev/shm");
    spit(here.file("files.img"), "original");
    ASSERT_TRUE(img::save_original(here.path(), there.path(), "files.img"));
    EXPECT_EQ(slurp(there.file("files.img")), "original");
    EXPECT_TRUE(img::save_original(here.path(), there.path(), "files.img")) << "the same bytes: already saved";
    spit(here.file("files.img"), "repaired");
    EXPECT_FALSE(img::save_original(here.path(), there.path(), "files.img"));
    EXPECT_FALSE(img::check_backup_free(there.path(), here.path(), {"files.img"}));
    EXPECT_EQ(slurp(there.file("files.img")), "original");
    EXPECT_EQ(dir_names(there.path()), std::vector<std::string>{"files.img"}) << "no temporary left";
}

TEST(CheckBackupFree, AFolderThatDoesNotExistYetOrHoldsOtherNames) {
    TempDir t;
    std::filesystem::create_directories(t.file("dump"));
    spit(t.file("dump/files.img"), "original");
    EXPECT_TRUE(img::check_backup_free(t.file("nope"), t.file("dump"), {"files.img"}));
    std::filesystem::create_directories(t.file("bk"));
    spit(t.file("bk/mountpoints-9.img"), "another image's original");
    EXPECT_TRUE(img::check_backup_free(t.file("bk"), t.file("dump"), {"files.img"}));
    EXPECT_FALSE(img::check_backup_free(t.file("bk"), t.file("dump"), {"files.img", "mountpoints-9.img"}));
}

}  // namespace
