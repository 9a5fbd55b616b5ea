// Who uses which file, and how a file is named and opened (img/model/file_uses.h, file_label.h,
// file_payload.h), on the `files` capture of testdata/captured: one task (13256) with fds 0-12, a
// memfd, a ghost file, a file mapped twice.
#include <gtest/gtest.h>

#include "model/model_test_util.h"

#include <string>
#include <vector>

#include "img/model/file_label.h"
#include "img/model/file_payload.h"
#include "img/model/file_uses.h"
#include "img/schema/flag_names.h"

namespace {

using namespace img;
using namespace img::test;

const cimg::FileEntry& file(Checkpoint& d, uint32_t id) {
    auto ft = d.files();
    EXPECT_TRUE(ft.ok());
    const cimg::FileEntry* f = ft.ok() ? (*ft)->find(id) : nullptr;
    EXPECT_NE(f, nullptr) << "file " << id;
    static const cimg::FileEntry kNone;
    return f ? *f : kNone;
}

TEST(FileUses, FdsCwdRootExeAndMappingsOfTheTask) {
    auto d = open_captured("files");
    ASSERT_TRUE(d);
    auto uses = file_uses(*d);
    ASSERT_TRUE(uses.ok()) << uses.error().message();
    auto labels = [&](uint32_t id) { return use_labels((*uses)[id]); };
    using V = std::vector<std::string>;
    EXPECT_EQ(labels(1), (V{"13256:exe", "13256:map"})) << "the executable, also mapped: each use once";
    EXPECT_EQ(labels(7), (V{"13256:1", "13256:2"})) << "stdout and stderr share one file";
    EXPECT_EQ(labels(16), (V{"13256:11"}));
    EXPECT_EQ(labels(18), (V{"13256:cwd"}));
    EXPECT_EQ(labels(19), (V{"13256:root"}));
    EXPECT_EQ(labels(2), (V{"13256:map"})) << "libc, only mapped";
    EXPECT_TRUE(used_by((*uses)[7], 13256));
    EXPECT_FALSE(used_by((*uses)[7], 1));
}

TEST(FileUses, EveryTaskOfTheTree) {
    auto d = open_captured("zombies");
    ASSERT_TRUE(d);
    auto uses = file_uses(*d);
    ASSERT_TRUE(uses.ok()) << uses.error().message();
    // Zombies have no descriptors, cwd or memory: only the live leader uses files.
    for (const auto& [id, us] : *uses)
        for (const auto& u : us) EXPECT_EQ(u.pid, 22610u) << id << " " << u.label();
    EXPECT_FALSE(uses->empty());
}

TEST(FileLabel, PathsMemfdNamesAndMissingIds) {
    auto d = open_captured("files");
    ASSERT_TRUE(d);
    EXPECT_EQ(file_label(*d, 7), "/srv/cimg/files/stdout.txt");
    EXPECT_EQ(file_label(*d, 16), "memfd:files-memfd");
    EXPECT_EQ(file_label(*d, file(*d, 16)), "memfd:files-memfd");
    EXPECT_EQ(file_label(*d, 13), "/srv/cimg/files/testdir/ghost.txt") << "the files view adds the ghost image";
    EXPECT_EQ(file_label(*d, 999), "missing file id 999");
    std::string s = "fd: ";
    append_file_label(s, *d, 18);
    EXPECT_EQ(s, "fd: /srv/cimg/files/testdir");
}

TEST(FilePayload, OpenFlagsAndPositionOfRegularFilesAndAMemfd) {
    auto d = open_captured("files");
    ASSERT_TRUE(d);
    const auto& out = file(*d, 7);
    ASSERT_NE(file_payload(out), nullptr);
    EXPECT_EQ(file_payload(out)->GetDescriptor()->name(), "RegFileEntry");
    ASSERT_TRUE(file_open_flags(out));
    EXPECT_EQ(open_flags(*file_open_flags(out)), "O_WRONLY|O_APPEND|O_LARGEFILE");
    EXPECT_EQ(file_pos(out), std::optional<uint64_t>(87));
    EXPECT_EQ(open_flags(*file_open_flags(file(*d, 14))), "O_RDONLY|O_LARGEFILE|O_DIRECTORY");
    EXPECT_EQ(open_flags(*file_open_flags(file(*d, 12))), "O_RDONLY|0x200000") << "O_PATH has no name in the table";
    EXPECT_EQ(file_pos(file(*d, 16)), std::optional<uint64_t>(15));
    EXPECT_EQ(file_payload(cimg::FileEntry()), nullptr);
    EXPECT_FALSE(file_pos(cimg::FileEntry()));
}

}  // namespace
