// Checkpoint archives built at test time with libarchive's writer, in the
// layout Podman uses (checkpoint/ + config.dump, spec.dump, stats-dump,
// rootfs-diff.tar), from testdata/captured/sleep: tar, tar.gz and tar.zst read
// exactly like the directory; bad archives give an Error naming the archive
// and never leave or write anything outside the private temporary directory.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "img/model/checkpoint_archive.h"
#include "img/model/checkpoint.h"
#include "img/model/checkpoint_size.h"
#include "img/model/dump_stats.h"
#include "img/memory/memory_search.h"
#include "img/model/process_memory.h"
#include "harness/paths.h"

namespace {

namespace fs = std::filesystem;
using img::test::slurp;
using img::test::spit;
using img::test::TempDir;

enum class Compression { None, Gzip, Zstd };

struct Entry {
    std::string name;
    std::string data;
    unsigned type = AE_IFREG;
    std::string link = {};   // symlink target
};

void write_archive(const std::string& path, const std::vector<Entry>& entries, Compression c) {
    archive* a = archive_write_new();
    ASSERT_EQ(archive_write_set_format_pax_restricted(a), ARCHIVE_OK);
    if (c == Compression::Gzip) {
        ASSERT_EQ(archive_write_add_filter_gzip(a), ARCHIVE_OK) << archive_error_string(a);
    }
    if (c == Compression::Zstd) {
        ASSERT_EQ(archive_write_add_filter_zstd(a), ARCHIVE_OK) << archive_error_string(a);
    }
    ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
    for (const auto& e : entries) {
        archive_entry* ent = archive_entry_new();
        archive_entry_set_pathname(ent, e.name.c_str());
        archive_entry_set_filetype(ent, e.type);
        archive_entry_set_perm(ent, e.type == AE_IFDIR ? 0755 : 0644);
        if (e.type == AE_IFLNK) archive_entry_set_symlink(ent, e.link.c_str());
        archive_entry_set_size(ent, e.type == AE_IFREG ? static_cast<la_int64_t>(e.data.size()) : 0);
        ASSERT_EQ(archive_write_header(a, ent), ARCHIVE_OK) << archive_error_string(a);
        if (e.type == AE_IFREG && !e.data.empty()) {
            ASSERT_EQ(archive_write_data(a, e.data.data(), e.data.size()), static_cast<la_ssize_t>(e.data.size()));
        }
        archive_entry_free(ent);
    }
    ASSERT_EQ(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

std::string sleep_dir() { return img::test::captured_dir() + "/sleep"; }
std::string archive_data(const std::string& name) { return slurp(img::test::gen_dir() + "/archive/" + name); }

std::vector<std::string> names_in(const std::string& dir) {
    std::vector<std::string> v;
    for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
    std::sort(v.begin(), v.end());
    return v;
}

// What Podman writes: images under checkpoint/, CRIU's stats-dump and the metadata at the top.
std::vector<Entry> podman_layout() {
    std::vector<Entry> v;
    v.push_back({"config.dump", archive_data("config.dump")});
    v.push_back({"spec.dump", archive_data("spec.dump")});
    v.push_back({"checkpoint", "", AE_IFDIR});
    for (const auto& n : names_in(sleep_dir())) {
        if (n == "stats-dump") v.push_back({"stats-dump", slurp(sleep_dir() + "/" + n)});
        else v.push_back({"checkpoint/" + n, slurp(sleep_dir() + "/" + n)});
    }
    v.push_back({"rootfs-diff.tar", std::string(10240, '\0')});
    v.push_back({"dump.log", "(00.000000) Dumping finished successfully\n"});
    v.push_back({"artifacts", "", AE_IFDIR});
    v.push_back({"artifacts/net.status", "[]"});
    return v;
}

// Points $TMPDIR at a fresh directory for the lifetime of the object.
class ScopedTmpdir {
public:
    ScopedTmpdir() : tmp_(tmp_root_.file("tmp")) {
        fs::create_directories(tmp_);
        const char* old = std::getenv("TMPDIR");
        if (old) old_ = old;
        ::setenv("TMPDIR", tmp_.c_str(), 1);
    }
    ~ScopedTmpdir() {
        if (old_) ::setenv("TMPDIR", old_->c_str(), 1);
        else ::unsetenv("TMPDIR");
    }
    const std::string& path() const { return tmp_; }
    std::string root() const { return tmp_root_.path(); }
    std::vector<std::string> left() const { return names_in(tmp_); }

private:
    TempDir tmp_root_;
    std::string tmp_;
    std::optional<std::string> old_;
};

std::string digest_memory(img::Checkpoint& d, uint32_t pid) {
    auto mem = img::ProcessMemory::open(d, pid);
    EXPECT_TRUE(mem.ok());
    if (!mem) return "";
    uint64_t h = 1469598103934665603ull, n = 0;
    auto walked = mem->for_each_present([&](uint64_t a, img::Bytes b, const img::ProcessMemory::Region&) {
        h = (h ^ a) * 1099511628211ull;
        for (std::byte x : b) h = (h ^ static_cast<uint8_t>(x)) * 1099511628211ull;
        n += b.size();
        return true;
    });
    EXPECT_TRUE(walked.ok());
    if (!walked) return "";
    return std::to_string(n) + ":" + std::to_string(h);
}

class ArchiveFormats : public ::testing::TestWithParam<Compression> {};

TEST_P(ArchiveFormats, ReadsExactlyLikeTheDirectory) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    const char* ext = GetParam() == Compression::None ? "tar" : GetParam() == Compression::Gzip ? "tar.gz" : "tar.zst";
    std::string path = work.file(std::string("checkpoint.") + ext);
    write_archive(path, podman_layout(), GetParam());

    auto a = img::Checkpoint::open(path);
    ASSERT_TRUE(a.ok()) << a.error().message();
    auto d = img::Checkpoint::open(sleep_dir());
    ASSERT_TRUE(d.ok());
    img::Checkpoint& arch = **a;
    img::Checkpoint& dir = **d;
    EXPECT_EQ(arch.label(), path);

    // Same files, same bytes (stats-dump comes from the top level, as Podman stores it).
    ASSERT_EQ(arch.source().list(), dir.source().list());
    // (Read through open(), which unpacks a pages file on first use; until then it is a placeholder.)
    auto bytes_of = [](const img::DumpSource& s, const std::string& n) {
        auto f = s.open(n);
        EXPECT_TRUE(f.ok()) << n << ": " << (f ? "" : f.error().message());
        return f ? std::string(reinterpret_cast<const char*>(f->bytes().data()), f->bytes().size()) : std::string();
    };
    for (const auto& n : dir.source().list())
        EXPECT_TRUE(bytes_of(arch.source(), n) == bytes_of(dir.source(), n)) << n;
    // Only the images were unpacked, into one private directory under $TMPDIR.
    ASSERT_EQ(tmpdir.left().size(), 1u);
    EXPECT_EQ(tmpdir.left()[0].rfind("criu-img-", 0), 0u);
    EXPECT_EQ(arch.source().dir(), tmpdir.path() + "/" + tmpdir.left()[0]);

    // The model answers the same.
    auto pa = arch.pstree(), pd = dir.pstree();
    ASSERT_TRUE(pa.ok() && pd.ok() && *pa && *pd);
    ASSERT_EQ((*pa)->size(), (*pd)->size());
    uint32_t pid = (**pa)[0].pid();
    auto ma = arch.mm(pid), md = dir.mm(pid);
    ASSERT_TRUE(ma.ok() && md.ok() && *ma && *md);
    EXPECT_EQ((*ma)->SerializeAsString(), (*md)->SerializeAsString());
    auto fa = arch.files(), fd = dir.files();
    ASSERT_TRUE(fa.ok() && fd.ok());
    EXPECT_EQ((*fa)->all().size(), (*fd)->all().size());
    EXPECT_EQ(digest_memory(arch, pid), digest_memory(dir, pid));
    auto p = img::SearchPattern::literal("sleep");
    auto count = [&](img::Checkpoint& x) {
        auto n = img::search_dump(x, *p, {}, [](const img::SearchMatch&) { return true; });
        EXPECT_TRUE(n.ok());
        return n ? *n : 0;
    };
    EXPECT_GT(count(dir), 0u);
    EXPECT_EQ(count(arch), count(dir));

    // The container metadata.
    const img::ContainerMetadata* c = arch.container();
    ASSERT_NE(c, nullptr);
    EXPECT_TRUE(c->archive);
    EXPECT_EQ(c->origin, path);
    EXPECT_EQ(c->name(), "sleepy_turing");
    EXPECT_EQ(c->id(), "3f9c2a7d1b8e4f60a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1");
    EXPECT_EQ(c->image(), "docker.io/library/debian:12");
    EXPECT_EQ(c->created(), "2026-11-27T10:15:42.123456789Z");
    EXPECT_EQ(c->runtime(), "crun");
    EXPECT_EQ(c->args(), (std::vector<std::string>{"sleep", "1000"}));
    EXPECT_EQ(c->root(), "/var/lib/containers/storage/overlay/1c7e0b4a/merged");
    ASSERT_TRUE(c->spec);
    EXPECT_EQ((*c->spec)["process"]["cwd"], "/srv/cimg/sleep");
    EXPECT_EQ(c->entries, (std::vector<std::string>{"artifacts", "config.dump", "dump.log", "rootfs-diff.tar", "spec.dump",
                                                    "stats-dump"}));
    EXPECT_TRUE(c->warnings.empty());
    EXPECT_EQ(dir.container(), nullptr);

    // CRIU's dump statistics (stats-dump at the top, as Podman keeps it) read as the directory's.
    auto sa = img::dump_stats(arch), sd = img::dump_stats(dir);
    ASSERT_TRUE(sa.ok() && sd.ok());
    ASSERT_TRUE(*sa && *sd);
    EXPECT_EQ((*sa)->SerializeAsString(), (*sd)->SerializeAsString());
    EXPECT_GT((*sa)->pages_written(), 0u);

    // Sizes as checkpointctl counts them: checkpoint/'s files (stats-dump is not among them here),
    // the pages, rootfs-diff.tar; the archive's declared sizes, nothing unpacked to count them.
    uint64_t files = 0, bytes = 0;
    for (const auto& n : names_in(sleep_dir()))
        if (n != "stats-dump") { ++files; bytes += fs::file_size(sleep_dir() + "/" + n); }
    EXPECT_EQ(c->size.files, files);
    EXPECT_EQ(c->size.bytes, bytes);
    EXPECT_EQ(c->size.pages, fs::file_size(sleep_dir() + "/pages-1.img"));
    EXPECT_EQ(c->size.rootfs_diff, std::optional<uint64_t>(10240));
    EXPECT_FALSE(c->images_absent());
    img::CheckpointSize plain = img::checkpoint_size(dir);
    EXPECT_EQ(plain.files, files + 1) << "a plain directory counts its stats-dump";
    EXPECT_EQ(plain.pages, c->size.pages);
    EXPECT_FALSE(plain.rootfs_diff);

    // Dropping the Checkpoint removes the unpacked images.
    a->reset();
    EXPECT_TRUE(tmpdir.left().empty());
}

INSTANTIATE_TEST_SUITE_P(Compressions, ArchiveFormats,
                         ::testing::Values(Compression::None, Compression::Gzip, Compression::Zstd),
                         [](const auto& i) {
                             return std::string(i.param == Compression::None ? "tar"
                                                : i.param == Compression::Gzip ? "tar_gz" : "tar_zst");
                         });

TEST(CheckpointArchive, TruncatedGzipIsACleanError) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string full = work.file("full.tar.gz"), cut = work.file("cut.tar.gz");
    write_archive(full, podman_layout(), Compression::Gzip);
    std::string bytes = slurp(full);
    spit(cut, bytes.substr(0, bytes.size() / 2));
    auto d = img::Checkpoint::open(cut);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().file, cut);
    EXPECT_EQ(d.error().message().rfind(cut + ": ", 0), 0u) << d.error().message();
    EXPECT_TRUE(tmpdir.left().empty()) << "the partial unpack is removed";
}

TEST(CheckpointArchive, ArchiveWithoutCheckpointDirectory) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string path = work.file("nocp.tar");
    write_archive(path, {{"config.dump", archive_data("config.dump")}, {"inventory.img", "x"}}, Compression::None);
    auto d = img::Checkpoint::open(path);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().file, path);
    EXPECT_NE(d.error().what.find("no checkpoint/ directory"), std::string::npos) << d.error().message();
    EXPECT_TRUE(tmpdir.left().empty());
}

TEST(CheckpointArchive, PathTraversalIsRefusedAndNothingLandsOutside) {
    for (const char* evil : {"../../etc/x", "checkpoint/../../../etc/x", "checkpoint/../../x", "/etc/x", "./../x"}) {
        TempDir work;
        ScopedTmpdir tmpdir;
        std::string path = work.file("evil.tar");
        auto entries = podman_layout();
        entries.insert(entries.begin() + 3, Entry{evil, "owned\n"});
        write_archive(path, entries, Compression::None);
        auto d = img::Checkpoint::open(path);
        ASSERT_FALSE(d.ok()) << evil;
        EXPECT_EQ(d.error().file, path);
        EXPECT_TRUE(d.error().what.find("path traversal") != std::string::npos ||
                    d.error().what.find("absolute path") != std::string::npos)
            << d.error().message();
        EXPECT_TRUE(tmpdir.left().empty()) << evil;
        // $TMPDIR is <root>/tmp and the unpack dir <root>/tmp/criu-img-*: "../../etc/x" would be <root>/etc/x.
        EXPECT_FALSE(fs::exists(tmpdir.root() + "/etc/x")) << evil;
        EXPECT_FALSE(fs::exists(tmpdir.root() + "/x")) << evil;
        EXPECT_FALSE(fs::exists(tmpdir.path() + "/x")) << evil;
    }
}

TEST(CheckpointArchive, LinksAndNestedEntriesInCheckpointAreSkipped) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string path = work.file("links.tar");
    auto entries = podman_layout();
    entries.push_back({"checkpoint/evil-link", "", AE_IFLNK, "/etc/passwd"});
    entries.push_back({"checkpoint/sub/deeper.img", "zz"});
    write_archive(path, entries, Compression::None);
    auto d = img::Checkpoint::open(path);
    ASSERT_TRUE(d.ok()) << d.error().message();
    auto names = (*d)->source().list();
    EXPECT_EQ(std::count(names.begin(), names.end(), "evil-link"), 0);
    EXPECT_EQ(std::count(names.begin(), names.end(), "sub"), 0);
    EXPECT_EQ((*d)->container()->warnings.size(), 2u);
}

TEST(CheckpointArchive, NotAnArchive) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string path = work.file("random.bin");
    spit(path, std::string(3000, '\x17'));
    auto d = img::Checkpoint::open(path);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().file, path);
    EXPECT_NE(d.error().what.find("nor a checkpoint archive"), std::string::npos) << d.error().message();
    EXPECT_TRUE(tmpdir.left().empty());
}

TEST(CheckpointArchive, BadMetadataIsAWarningNotAFailure) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string path = work.file("badmeta.tar.gz");
    auto entries = podman_layout();
    entries[0].data = "{ not json";
    write_archive(path, entries, Compression::Gzip);
    auto d = img::Checkpoint::open(path);
    ASSERT_TRUE(d.ok()) << d.error().message();
    const auto* c = (*d)->container();
    ASSERT_NE(c, nullptr);
    EXPECT_FALSE(c->config);
    EXPECT_EQ(c->name(), "");
    EXPECT_EQ(c->args(), (std::vector<std::string>{"sleep", "1000"}));
    ASSERT_EQ(c->warnings.size(), 1u);
    EXPECT_NE(c->warnings[0].find("config.dump"), std::string::npos);
}

// Errors about an image inside an archive name ARCHIVE:MEMBER, never the private unpack directory.
TEST(CheckpointArchive, ErrorsNameTheArchiveMember) {
    TempDir work;   // before $TMPDIR moves: it must not count as left over
    ScopedTmpdir tmpdir;
    std::string path = work.file("cut-core.tar.zst");
    auto entries = podman_layout();
    for (auto& e : entries) {
        if (e.name == "checkpoint/core-13181.img") {
            e.name = "./checkpoint//core-13181.img";   // normalised in messages
            e.data.resize(e.data.size() / 2);
        }
        if (e.name == "checkpoint/mm-13181.img") e.data = "not an image at all";
    }
    write_archive(path, entries, Compression::Zstd);
    auto d = img::Checkpoint::open(path);
    ASSERT_TRUE(d.ok()) << d.error().message();
    EXPECT_EQ((*d)->source().shown_path("pstree.img"), path + ":checkpoint/pstree.img");
    EXPECT_EQ((*d)->source().shown_path("stats-dump"), path + ":stats-dump") << "Podman keeps it at the top";
    auto core = (*d)->core(13181);
    ASSERT_FALSE(core.ok());
    EXPECT_EQ(core.error().file, path + ":checkpoint/core-13181.img") << core.error().message();
    auto mm = (*d)->mm(13181);
    ASSERT_FALSE(mm.ok());
    EXPECT_EQ(mm.error().message().rfind(path + ":checkpoint/mm-13181.img: ", 0), 0u) << mm.error().message();
    auto dir = img::Checkpoint::open(sleep_dir());
    ASSERT_TRUE(dir.ok());
    EXPECT_EQ((*dir)->source().shown_path("mm-13181.img"), sleep_dir() + "/mm-13181.img") << "a directory: the path";
}

TEST(CheckpointArchive, IsDumpPathTellsArchivesFromImages) {
    TempDir work;
    std::string tar = work.file("a.tar"), gz = work.file("a.tar.gz"), zst = work.file("a.tar.zst");
    write_archive(tar, podman_layout(), Compression::None);
    write_archive(gz, podman_layout(), Compression::Gzip);
    write_archive(zst, podman_layout(), Compression::Zstd);
    for (const auto& p : {tar, gz, zst, sleep_dir(), work.path()}) EXPECT_TRUE(img::is_dump_path(p)) << p;
    spit(work.file("pages-7.img"), std::string("\x1f\x8b\x08\x00rest of a page", 20));   // gzip magic, but a pages file
    for (const auto& p : {sleep_dir() + "/core-13181.img", sleep_dir() + "/pages-1.img", work.file("pages-7.img"),
                          work.file("missing.tar"), std::string("-"), std::string("/dev/null")})
        EXPECT_FALSE(img::is_dump_path(p)) << p;
}

// Raw members are unpacked when first opened, in any order: going on from the last one unpacked when
// the next comes later in the archive, reading it again when it comes earlier. Each has its own bytes,
// zeros included; the header images were there from the start.
TEST(CheckpointArchive, RawMembersUnpackedOnFirstOpenInAnyOrder) {
    TempDir work;
    ScopedTmpdir tmpdir;
    auto layout = podman_layout();
    const std::string two = std::string(8192, '\0') + "page two" + std::string(4088, '2');
    const std::string route = "ip route save output";
    layout.push_back({"checkpoint/pages-2.img", two});
    layout.push_back({"checkpoint/route-3.img", route});
    std::string path = work.file("order.tar.zst");
    write_archive(path, layout, Compression::Zstd);
    auto src = img::DumpSource::open_path(path);
    ASSERT_TRUE(src.ok()) << src.error().message();
    const img::DumpSource& s = **src;
    auto text = [&](const std::string& n) {
        auto f = s.open(n);
        EXPECT_TRUE(f.ok()) << n << ": " << (f ? "" : f.error().message());
        return f ? std::string(reinterpret_cast<const char*>(f->bytes().data()), f->bytes().size()) : std::string();
    };
    EXPECT_EQ(s.size("pages-2.img"), two.size()) << "declared before it is unpacked";
    EXPECT_EQ(text("route-3.img"), route);
    EXPECT_EQ(text("pages-1.img"), slurp(sleep_dir() + "/pages-1.img")) << "earlier: the archive read again";
    EXPECT_TRUE(text("pages-2.img") == two) << "later: read on";
    EXPECT_EQ(text("core-13181.img"), slurp(sleep_dir() + "/core-13181.img"));
    EXPECT_EQ(s.list(), [&] {
        auto v = names_in(sleep_dir());
        v.push_back("pages-2.img");
        v.push_back("route-3.img");
        std::sort(v.begin(), v.end());
        return v;
    }()) << "no partial files left beside them";
}

TEST(CheckpointDirectory, PodmanLayoutOnDisk) {
    TempDir work;
    std::string root = work.file("ctr");
    fs::create_directories(root + "/checkpoint");
    for (const auto& n : names_in(sleep_dir())) fs::copy_file(sleep_dir() + "/" + n, root + "/checkpoint/" + n);
    spit(root + "/config.dump", archive_data("config.dump"));
    spit(root + "/spec.dump", archive_data("spec.dump"));
    auto d = img::Checkpoint::open(root);
    ASSERT_TRUE(d.ok()) << d.error().message();
    EXPECT_EQ((*d)->source().dir(), root + "/checkpoint");
    ASSERT_NE((*d)->container(), nullptr);
    EXPECT_FALSE((*d)->container()->archive);
    EXPECT_EQ((*d)->container()->name(), "sleepy_turing");
    auto t = (*d)->pstree();
    ASSERT_TRUE(t.ok() && *t);
    EXPECT_EQ((*t)->size(), 1u);
}

}  // namespace
