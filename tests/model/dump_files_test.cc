// The model's file table: found by id through a sorted index (the first entry of an id wins, as
// before), and read on a second thread by prefetch_files() with exactly the same outcome. Big
// images (a files.img, an mm) parse into arenas sized for them from the image's size.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "harness/schema.h"   // before any generated header: undoes <signal.h>'s sigmask macro

#include "img/model/checkpoint.h"
#include "img/io/image_kind.h"
#include "img/io/image_writer.h"
#include "img/model/model_arena.h"
#include "mm.pb.h"
#include "regfile.pb.h"
#include "harness/dir_snapshot.h"
#include "harness/paths.h"

namespace {

using img::test::TempDir;

// A copy of the sleep capture whose files.img holds `ids` as regular files named /f/<id>/<n>.
void write_files(const std::string& dir, const std::vector<uint32_t>& ids) {
    img::ImageWriter w(*img::kind_by_file_name("files.img"));
    for (size_t n = 0; n < ids.size(); ++n) {
        cimg::FileEntry f;
        f.set_type(1);
        f.set_id(ids[n]);
        auto* reg = f.mutable_reg();
        reg->set_id(ids[n]);
        reg->set_flags(0);
        reg->set_pos(0);
        reg->mutable_fown()->set_uid(0);
        reg->mutable_fown()->set_euid(0);
        reg->mutable_fown()->set_signum(0);
        reg->mutable_fown()->set_pid_type(0);
        reg->mutable_fown()->set_pid(0);
        reg->set_name("/f/" + std::to_string(ids[n]) + "/" + std::to_string(n));
        w.add(f.SerializeAsString());
    }
    img::test::spit(dir + "/files.img", w.take());
}

std::unique_ptr<img::Checkpoint> open(const std::string& dir) {
    auto d = img::Checkpoint::open(dir);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message());
    return d.ok() ? std::move(*d) : nullptr;
}

TEST(DumpFiles, FindsEveryIdInAnyOrderAndTheFirstOfADuplicate) {
    TempDir t;
    img::test::copy_dump(img::test::captured_dir() + "/sleep", t.path());
    write_files(t.path(), {40, 7, 1000000, 7, 3, 0xffffffffu});
    auto d = open(t.path());
    ASSERT_TRUE(d);
    auto ft = d->files();
    ASSERT_TRUE(ft.ok()) << ft.error().message();
    EXPECT_EQ((*ft)->all().size(), 6u);
    EXPECT_EQ((*ft)->path_of(40), "/f/40/0");
    EXPECT_EQ((*ft)->path_of(7), "/f/7/1") << "the first entry of a duplicated id";
    EXPECT_EQ((*ft)->path_of(1000000), "/f/1000000/2");
    EXPECT_EQ((*ft)->path_of(3), "/f/3/4");
    EXPECT_EQ((*ft)->path_of(0xffffffffu), "/f/4294967295/5");
    EXPECT_EQ((*ft)->find(8), nullptr);
    EXPECT_EQ((*ft)->find(0), nullptr);
    EXPECT_EQ((*ft)->all()[2].id(), 1000000u) << "all() keeps image order";
}

TEST(DumpFiles, PrefetchGivesTheSameTableAsReadingWhenAsked) {
    const std::string dir = img::test::captured_dir() + "/sleep";
    auto plain = open(dir), early = open(dir);
    ASSERT_TRUE(plain && early);
    early->prefetch_files();
    early->prefetch_files();   // a second call while reading changes nothing
    auto m = early->mm(13181);  // other images are read meanwhile
    ASSERT_TRUE(m.ok());
    auto a = plain->files(), b = early->files();
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ((*a)->all().size(), (*b)->all().size());
    ASSERT_GT((*a)->all().size(), 0u);
    for (size_t i = 0; i < (*a)->all().size(); ++i) {
        EXPECT_EQ((*a)->all()[i].SerializeAsString(), (*b)->all()[i].SerializeAsString()) << i;
        EXPECT_EQ((*a)->describe((*a)->all()[i]), (*b)->describe((*b)->all()[i])) << i;
    }
    early->prefetch_files();   // after it was read: nothing to do
    auto again = early->files();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *b) << "the same table, read once";
}

TEST(DumpFiles, PrefetchReportsADamagedImageAsReadingDoes) {
    TempDir t;
    img::test::copy_dump(img::test::captured_dir() + "/sleep", t.path());
    std::string bytes = img::test::slurp(t.file("files.img"));
    ASSERT_GT(bytes.size(), 40u);
    img::test::spit(t.file("files.img"), bytes.substr(0, bytes.size() - 5));
    auto plain = open(t.path()), early = open(t.path());
    ASSERT_TRUE(plain && early);
    early->prefetch_files();
    auto a = plain->files(), b = early->files();
    ASSERT_FALSE(a.ok());
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(a.error().message(), b.error().message());
    EXPECT_NE(b.error().message().find("files.img"), std::string::npos) << b.error().message();
}

TEST(DumpFiles, ADumpClosedWhilePrefetchingWaitsForIt) {
    TempDir t;
    img::test::copy_dump(img::test::captured_dir() + "/sleep", t.path());
    std::vector<uint32_t> ids;
    for (uint32_t i = 1; i <= 50000; ++i) ids.push_back(i);
    write_files(t.path(), ids);
    for (int i = 0; i < 5; ++i) {
        auto d = open(t.path());
        ASSERT_TRUE(d);
        d->prefetch_files();
    }   // destroyed at once: must not crash or leave the thread reading a freed source
    auto d = open(t.path());
    d->prefetch_files();
    auto ft = d->files();
    ASSERT_TRUE(ft.ok());
    EXPECT_EQ((*ft)->path_of(50000), "/f/50000/49999");
}

TEST(DumpModel, ABigMmParsesWholeIntoAnArenaOfItsOwn) {
    TempDir t;
    img::test::copy_dump(img::test::captured_dir() + "/sleep", t.path());
    auto small = open(t.path());
    ASSERT_TRUE(small);
    auto before = small->mm(13181);
    ASSERT_TRUE(before.ok() && *before);
    cimg::MmEntry mm = **before;
    mm.clear_vmas();
    for (uint64_t i = 0; i < 30000; ++i) {
        auto* v = mm.add_vmas();
        v->set_start(0x100000000ull + i * 0x3000);
        v->set_end(v->start() + 0x2000);
        v->set_pgoff(i * 0x1000);
        v->set_shmid(i);
        v->set_prot(3);
        v->set_flags(0x22);
        v->set_status(0x201);
        v->set_fd(-1);
    }
    img::ImageWriter w(*img::kind_by_file_name("mm-13181.img"));
    w.add(mm.SerializeAsString());
    img::test::spit(t.file("mm-13181.img"), w.take());
    auto d = open(t.path());
    ASSERT_TRUE(d);
    EXPECT_GE(img::parsed_size_estimate(d->source().size("mm-13181.img")), 1u << 20) << "big enough for its own arena";
    auto m = d->mm(13181);
    ASSERT_TRUE(m.ok() && *m) << (m.ok() ? "" : m.error().message());
    ASSERT_EQ((*m)->vmas_size(), 30000);
    for (int i = 0; i < 30000; i += 4999) {
        EXPECT_EQ((*m)->vmas(i).start(), 0x100000000ull + static_cast<uint64_t>(i) * 0x3000) << i;
        EXPECT_EQ((*m)->vmas(i).shmid(), static_cast<uint64_t>(i)) << i;
    }
    EXPECT_EQ((*m)->SerializeAsString(), mm.SerializeAsString());
    // Small images still go to the shared arena, and the same mm is not read twice.
    auto core = d->core(13181);
    ASSERT_TRUE(core.ok() && *core);
    EXPECT_EQ(*d->mm(13181), *m);
}

TEST(DumpModel, ADamagedBigMmIsReportedAtItsEntryEachTimeItIsAskedFor) {
    TempDir t;
    img::test::copy_dump(img::test::captured_dir() + "/sleep", t.path());
    // One entry of 600,000 bytes that frames correctly but is not a valid MmEntry (a field of
    // wire type 7): big enough for an arena of its own, which parses nothing.
    img::ImageWriter w(*img::kind_by_file_name("mm-13181.img"));
    w.add(std::string(600000, '\x0f'));
    img::test::spit(t.file("mm-13181.img"), w.take());
    auto d = open(t.path());
    ASSERT_TRUE(d);
    ASSERT_GE(img::parsed_size_estimate(d->source().size("mm-13181.img")), 1u << 20);
    std::string first;
    for (int i = 0; i < 3; ++i) {
        auto m = d->mm(13181);
        ASSERT_FALSE(m.ok()) << i;
        const std::string msg = m.error().message();
        EXPECT_NE(msg.find("mm-13181.img"), std::string::npos) << msg;
        EXPECT_EQ(m.error().entry, 0) << msg;
        EXPECT_GE(m.error().offset, 0) << msg;
        if (i == 0) first = msg;
        else EXPECT_EQ(msg, first) << "asked again: the same error";
    }
    // The rest of the dump still reads.
    auto core = d->core(13181);
    ASSERT_TRUE(core.ok() && *core);
}

TEST(DumpSource, SizeOfAnImage) {
    const std::string dir = img::test::captured_dir() + "/sleep";
    auto d = open(dir);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->source().size("files.img"), img::test::slurp(dir + "/files.img").size());
    EXPECT_EQ(d->source().size("no-such.img"), 0u);
    EXPECT_EQ(d->source().size(""), 0u) << "the directory itself is not an image";
}

}  // namespace
