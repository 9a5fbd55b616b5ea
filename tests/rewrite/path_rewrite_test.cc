// rewrite_image_paths on images generated at test time from
// testdata/gen/fixpaths/*.json (crit-shaped, encoded by our own encoder):
// exactly the expected path fields change, every other entry keeps its exact
// framed bytes, --mnt-id touches rewritten regular files only, and a second
// rewrite of the result finds nothing.
//
// The fixtures use two branches (see testdata/gen/fixpaths/README.md):
//   L = /var/lib/docker/aufs/diff/1a2b  ->  /            (read-only layer)
//   R = /var/lib/docker/aufs/diff/9f8e  ->  M = /var/lib/docker/aufs/mnt/c0ffee
#include <gtest/gtest.h>

#include <google/protobuf/util/message_differencer.h>

#include "binfmt_misc.pb.h"
#include "fh.pb.h"
#include "img/rewrite/branch_map.h"
#include "img/io/image_kind.h"
#include "img/io/image_reader.h"
#include "img/io/mapped_file.h"
#include "img/rewrite/path_rewrite.h"
#include "mnt.pb.h"
#include "harness/fixtures.h"
#include "harness/paths.h"
#include "harness/schema.h"

namespace {

using img::test::gen_image;
using img::test::hex;
using img::test::spit;
using img::test::TempDir;

const std::string L = "/var/lib/docker/aufs/diff/1a2b";
const std::string R = "/var/lib/docker/aufs/diff/9f8e";
const std::string M = "/var/lib/docker/aufs/mnt/c0ffee";

img::BranchMap fixture_map() {
    img::BranchMap m;
    auto r = m.add_map_text(L + " /\n" + R + " " + M + "\n", "fixture.map");
    EXPECT_TRUE(r.ok()) << r.error().message();
    return m;
}

struct Entry {
    std::string framed;    // length word + message + payload, exactly as in the file
    std::string message;
    std::string payload;
};

struct Image {
    std::string header;
    std::vector<Entry> entries;
};

std::string str(img::Bytes b) { return std::string(reinterpret_cast<const char*>(b.data()), b.size()); }

Image split(const std::string& name, const std::string& bytes) {
    Image im;
    auto rd = img::ImageReader::from_file(img::MappedFile::from_string(name, bytes));
    if (!rd.ok()) { ADD_FAILURE() << name << ": " << rd.error().message(); return im; }
    im.header = bytes.substr(0, rd->header_size());
    img::RawEntry e;
    std::vector<size_t> starts;
    for (;;) {
        auto more = rd->next(e);
        if (!more.ok()) { ADD_FAILURE() << name << ": " << more.error().message(); break; }
        if (!*more) break;
        starts.push_back(e.offset);
        im.entries.push_back(Entry{{}, str(e.message), str(e.payload)});
    }
    starts.push_back(bytes.size());
    for (size_t i = 0; i + 1 < starts.size(); ++i) im.entries[i].framed = bytes.substr(starts[i], starts[i + 1] - starts[i]);
    return im;
}

// A generated fixture written into `dir` under its image name.
std::string put_fixture(const TempDir& dir, const std::string& image_name) {
    std::string bytes = gen_image("fixpaths/" + image_name);
    EXPECT_FALSE(bytes.empty()) << image_name;
    spit(dir.file(image_name), bytes);
    return bytes;
}

struct Want {
    int64_t entry;
    std::string field, old_path, new_path;
};

void expect_changes(const std::vector<img::PathChange>& got, const std::vector<Want>& want, const std::string& image) {
    ASSERT_EQ(got.size(), want.size()) << image;
    for (size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("change " + std::to_string(i));
        EXPECT_EQ(got[i].image, image);
        EXPECT_EQ(got[i].entry, want[i].entry);
        EXPECT_EQ(got[i].field, want[i].field);
        EXPECT_EQ(got[i].old_path, want[i].old_path);
        EXPECT_EQ(got[i].new_path, want[i].new_path);
    }
}

// Entries whose index is not in `changed` must be byte-identical (framed), the
// header too, and the count of entries the same.
void expect_untouched_except(const Image& before, const Image& after, const std::set<size_t>& changed) {
    EXPECT_EQ(after.header, before.header);
    ASSERT_EQ(after.entries.size(), before.entries.size());
    for (size_t i = 0; i < before.entries.size(); ++i) {
        if (changed.count(i)) {
            EXPECT_NE(after.entries[i].framed, before.entries[i].framed) << "entry " << i << " should have changed";
            EXPECT_EQ(after.entries[i].payload, before.entries[i].payload) << "entry " << i << " payload";
        } else {
            EXPECT_EQ(after.entries[i].framed, before.entries[i].framed)
                << "entry " << i << " should be byte-identical\nbefore " << hex(before.entries[i].framed) << "\nafter  "
                << hex(after.entries[i].framed);
        }
    }
}

// The changed entry equals the old one with `edit` applied, both as a message and as bytes.
template <class Msg, class Edit>
void expect_entry(const Image& before, const Image& after, size_t i, Edit edit) {
    SCOPED_TRACE("entry " + std::to_string(i));
    Msg want, got;
    ASSERT_TRUE(want.ParseFromString(before.entries[i].message));
    ASSERT_TRUE(got.ParseFromString(after.entries[i].message));
    edit(want);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(want, got))
        << "want:\n" << want.DebugString() << "got:\n" << got.DebugString();
    EXPECT_EQ(after.entries[i].message, want.SerializeAsString()) << "re-encoded bytes differ from a canonical encoding";
}

img::ImageRewrite rewrite(const std::string& path, const std::string& label, const img::BranchMap& map,
                          std::optional<int32_t> mnt_id = std::nullopt) {
    img::RewriteOptions o;
    o.map = &map;
    o.mnt_id = mnt_id;
    auto r = img::rewrite_image_paths(path, label, o);
    if (!r.ok()) { ADD_FAILURE() << r.error().message(); return {}; }
    return std::move(r).value();
}

// A second pass over the rewritten bytes: nothing left to change.
void expect_second_pass_finds_nothing(const TempDir& d, const std::string& name, const std::string& new_bytes,
                                      const img::BranchMap& map, std::optional<int32_t> mnt_id = std::nullopt) {
    spit(d.file("again-" + name), new_bytes);
    auto again = rewrite(d.file("again-" + name), name, map, mnt_id);
    EXPECT_TRUE(again.changes.empty()) << name << ": second pass changed " << again.changes.size() << " path(s), first "
                                       << (again.changes.empty() ? "" : again.changes[0].field + " " + again.changes[0].old_path);
    EXPECT_TRUE(again.new_bytes.empty());
}

const std::vector<Want> kFilesChanges = {
    {0, "reg.name", L + "/app/bin/relapp", "/app/bin/relapp"},
    {4, "reg.name", R + "/app/data/log.txt", M + "/app/data/log.txt"},
    {5, "reg.name", L, "/"},
    {6, "usk.name", R + "/run/app.sock" + std::string(1, '\0'), M + "/run/app.sock" + std::string(1, '\0')},
    {8, "usk.name_dir", R + "/run", M + "/run"},
    {9, "ify.wd[0].f_handle.path", L + "/app/data", "/app/data"},
    {11, "reg.name", L + "/app/data/input.txt", "/app/data/input.txt"},
    {12, "ffy.mark[0].ie.f_handle.path", L + "/app/watched", "/app/watched"},
    {12, "ffy.mark[1].me.path", R + "/volumes", M + "/volumes"},
};
const std::set<size_t> kFilesChanged = {0, 4, 5, 6, 8, 9, 11, 12};

TEST(PathRewriteFiles, ExactlyTheExpectedFieldsChange) {
    TempDir d;
    std::string orig = put_fixture(d, "files.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("files.img"), "files.img", map);
    expect_changes(rw.changes, kFilesChanges, "files.img");
    ASSERT_FALSE(rw.new_bytes.empty());

    Image before = split("files.img", orig), after = split("files.img", rw.new_bytes);
    ASSERT_EQ(before.entries.size(), 13u);
    expect_untouched_except(before, after, kFilesChanged);

    using FE = cimg::FileEntry;
    expect_entry<FE>(before, after, 0, [](FE& m) { m.mutable_reg()->set_name("/app/bin/relapp"); });
    expect_entry<FE>(before, after, 4, [](FE& m) { m.mutable_reg()->set_name(M + "/app/data/log.txt"); });
    expect_entry<FE>(before, after, 5, [](FE& m) { m.mutable_reg()->set_name("/"); });
    expect_entry<FE>(before, after, 6, [](FE& m) { m.mutable_usk()->set_name(M + "/run/app.sock" + std::string(1, '\0')); });
    expect_entry<FE>(before, after, 8, [](FE& m) {
        m.mutable_usk()->set_name_dir(M + "/run");
        EXPECT_EQ(m.usk().name(), "app.sock");   // the relative name itself stays
    });
    expect_entry<FE>(before, after, 9, [](FE& m) {
        m.mutable_ify()->mutable_wd(0)->mutable_f_handle()->set_path("/app/data");
    });
    expect_entry<FE>(before, after, 11, [](FE& m) { m.mutable_reg()->set_name("/app/data/input.txt"); });
    expect_entry<FE>(before, after, 12, [](FE& m) {
        m.mutable_ffy()->mutable_mark(0)->mutable_ie()->mutable_f_handle()->set_path("/app/watched");
        m.mutable_ffy()->mutable_mark(1)->mutable_me()->set_path(M + "/volumes");
    });
}

TEST(PathRewriteFiles, ExtNamesAbstractSocketsAndNonBoundaryPrefixesAreNotTouched) {
    TempDir d;
    std::string orig = put_fixture(d, "files.img");
    Image before = split("files.img", orig);
    // Make sure the fixture really carries what this test is about.
    cimg::FileEntry ext, sibling, abstract;
    ASSERT_TRUE(ext.ParseFromString(before.entries[2].message));
    ASSERT_TRUE(sibling.ParseFromString(before.entries[3].message));
    ASSERT_TRUE(abstract.ParseFromString(before.entries[7].message));
    ASSERT_TRUE(ext.reg().ext());
    ASSERT_EQ(ext.reg().name().rfind(L + "/", 0), 0u);
    ASSERT_EQ(sibling.reg().name().rfind(L + "x/", 0), 0u);
    ASSERT_EQ(abstract.usk().name(), std::string(1, '\0') + R + "/abstract");

    auto map = fixture_map();
    auto rw = rewrite(d.file("files.img"), "files.img", map);
    for (const auto& c : rw.changes) EXPECT_NE(c.entry, 2) << c.field;
    for (const auto& c : rw.changes) EXPECT_NE(c.entry, 3) << c.field;
    for (const auto& c : rw.changes) EXPECT_NE(c.entry, 7) << c.field;
    Image after = split("files.img", rw.new_bytes);
    ASSERT_EQ(after.entries.size(), before.entries.size());
    for (size_t i : {2u, 3u, 7u}) EXPECT_EQ(after.entries[i].framed, before.entries[i].framed) << i;
}

// Our encoder writes canonical protobuf, so re-encoding an untouched entry would
// give the same bytes and go unnoticed. Here some entries are made non-canonical
// (a repeated scalar field: the last one wins, a re-encoding drops the first):
// entries that name a branch (decoded by the rewriter) but do not change, and one
// that names none. Changed entry 0 gets an unknown field, which must survive.
TEST(PathRewriteFiles, UntouchedEntriesKeepNonCanonicalBytesAndUnknownFieldsSurvive) {
    namespace wb = img::test::wire_bytes;
    TempDir d;
    Image canon = split("files.img", gen_image("fixpaths/files.img"));
    ASSERT_EQ(canon.entries.size(), 13u);
    std::string bytes = canon.header;
    const std::string unknown = wb::lfield(100, "keep-me");
    for (size_t i = 0; i < canon.entries.size(); ++i) {
        std::string msg = canon.entries[i].message;
        cimg::FileEntry fe;
        ASSERT_TRUE(fe.ParseFromString(msg));
        if (i == 1 || i == 2 || i == 3 || i == 7) msg = wb::vfield(2, fe.id()) + msg;   // id twice
        if (i == 0) msg += unknown;
        bytes += wb::frame(msg, canon.entries[i].payload);
    }
    spit(d.file("files.img"), bytes);
    Image before = split("files.img", bytes);

    auto map = fixture_map();
    auto rw = rewrite(d.file("files.img"), "files.img", map);
    expect_changes(rw.changes, kFilesChanges, "files.img");
    Image after = split("files.img", rw.new_bytes);
    expect_untouched_except(before, after, kFilesChanged);
    // Entry 0: renamed, and its unknown field kept.
    cimg::FileEntry e0;
    ASSERT_TRUE(e0.ParseFromString(after.entries[0].message));
    EXPECT_EQ(e0.reg().name(), "/app/bin/relapp");
    EXPECT_NE(after.entries[0].message.find(unknown), std::string::npos)
        << "unknown field 100 of a rewritten entry was lost: " << hex(after.entries[0].message);
}

TEST(PathRewriteFiles, MntIdIsSetOnRewrittenRegularFilesOnly) {
    TempDir d;
    std::string orig = put_fixture(d, "files.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("files.img"), "files.img", map, 777);
    expect_changes(rw.changes, kFilesChanges, "files.img");   // --mnt-id adds no path change
    Image before = split("files.img", orig), after = split("files.img", rw.new_bytes);
    expect_untouched_except(before, after, kFilesChanged);

    for (size_t i = 0; i < after.entries.size(); ++i) {
        cimg::FileEntry b, a;
        ASSERT_TRUE(b.ParseFromString(before.entries[i].message));
        ASSERT_TRUE(a.ParseFromString(after.entries[i].message));
        bool rewritten_reg = b.has_reg() && (i == 0 || i == 4 || i == 5 || i == 11);
        if (rewritten_reg) {
            EXPECT_TRUE(a.reg().has_mnt_id()) << i;
            EXPECT_EQ(a.reg().mnt_id(), 777) << i;
        } else if (b.has_reg()) {
            EXPECT_EQ(a.reg().has_mnt_id(), b.reg().has_mnt_id()) << i;
            EXPECT_EQ(a.reg().mnt_id(), b.reg().mnt_id()) << i;
        }
        // Unix sockets have an mnt_id too: --mnt-id is about regular files.
        if (b.has_usk()) {
            EXPECT_EQ(a.usk().has_mnt_id(), b.usk().has_mnt_id()) << i;
        }
    }
    // Entry 11 had no mnt_id at all; entry 0 had 62.
    cimg::FileEntry e0, e11;
    ASSERT_TRUE(e0.ParseFromString(before.entries[0].message));
    ASSERT_TRUE(e11.ParseFromString(before.entries[11].message));
    EXPECT_EQ(e0.reg().mnt_id(), 62);
    EXPECT_FALSE(e11.reg().has_mnt_id());
    using FE = cimg::FileEntry;
    expect_entry<FE>(before, after, 11, [](FE& m) {
        m.mutable_reg()->set_name("/app/data/input.txt");
        m.mutable_reg()->set_mnt_id(777);
    });

    expect_second_pass_finds_nothing(d, "files.img", rw.new_bytes, map, 777);
}

TEST(PathRewriteFiles, SecondRewriteFindsNothing) {
    TempDir d;
    put_fixture(d, "files.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("files.img"), "files.img", map);
    ASSERT_FALSE(rw.changes.empty());
    expect_second_pass_finds_nothing(d, "files.img", rw.new_bytes, map);
}

TEST(PathRewriteFiles, MapThatMatchesNothingLeavesTheImageAlone) {
    TempDir d;
    put_fixture(d, "files.img");
    img::BranchMap m;
    ASSERT_TRUE(m.add_assignment("/nowhere/branch=/x").ok());
    auto rw = rewrite(d.file("files.img"), "files.img", m);
    EXPECT_TRUE(rw.changes.empty());
    EXPECT_TRUE(rw.new_bytes.empty());
}

TEST(PathRewriteFiles, OnlyOneBranchOfTheMap) {
    TempDir d;
    std::string orig = put_fixture(d, "files.img");
    img::BranchMap m;
    ASSERT_TRUE(m.add_assignment(R + "=" + M).ok());
    auto rw = rewrite(d.file("files.img"), "files.img", m);
    expect_changes(rw.changes,
                   {{4, "reg.name", R + "/app/data/log.txt", M + "/app/data/log.txt"},
                    {6, "usk.name", R + "/run/app.sock" + std::string(1, '\0'), M + "/run/app.sock" + std::string(1, '\0')},
                    {8, "usk.name_dir", R + "/run", M + "/run"},
                    {12, "ffy.mark[1].me.path", R + "/volumes", M + "/volumes"}},
                   "files.img");
    expect_untouched_except(split("files.img", orig), split("files.img", rw.new_bytes), {4, 6, 8, 12});
}

// Entries are searched for the branches in one pass over the image: with 300 entries where
// each branch turns up only here and there, far apart, every one is found and nothing else moves.
TEST(PathRewriteFiles, BranchesFarApartInManyEntriesAreEachFound) {
    using namespace img::test::wire_bytes;
    const std::string fown = vfield(1, 0) + vfield(2, 0) + vfield(3, 0) + vfield(4, 0) + vfield(5, 0);
    auto reg = [&](uint32_t id, const std::string& name) {
        return vfield(1, id) + vfield(2, 0) + vfield(3, 0) + lfield(5, fown) + lfield(6, name);
    };
    const std::set<size_t> in_r = {7, 150, 299}, in_l = {8, 200};
    std::string bytes = common_header(0x50363636);   // reg-files.img: one RegFileEntry per entry
    std::vector<Want> want;
    for (size_t i = 0; i < 300; ++i) {
        std::string tail = "/data/f" + std::to_string(i);
        std::string name = in_r.count(i) ? R + tail : in_l.count(i) ? L + tail : "/usr/lib" + tail;
        if (in_r.count(i)) want.push_back({static_cast<int64_t>(i), "name", name, M + tail});
        if (in_l.count(i)) want.push_back({static_cast<int64_t>(i), "name", name, tail});
        bytes += frame(reg(static_cast<uint32_t>(i + 1), name));
    }
    TempDir d;
    spit(d.file("reg-files.img"), bytes);
    auto rw = rewrite(d.file("reg-files.img"), "reg-files.img", fixture_map());
    expect_changes(rw.changes, want, "reg-files.img");
    expect_untouched_except(split("reg-files.img", bytes), split("reg-files.img", rw.new_bytes), {7, 8, 150, 200, 299});
    expect_second_pass_finds_nothing(d, "reg-files.img", rw.new_bytes, fixture_map());
}

TEST(PathRewriteMounts, RootMountpointAndSource) {
    TempDir d;
    std::string orig = put_fixture(d, "mountpoints-9.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("mountpoints-9.img"), "mountpoints-9.img", map, 777);
    expect_changes(rw.changes,
                   {{2, "root", R + "/volumes/v1", M + "/volumes/v1"},
                    {3, "mountpoint", R + "/tmp", M + "/tmp"},
                    {3, "source", L + "/src", "/src"}},
                   "mountpoints-9.img");
    Image before = split("mountpoints-9.img", orig), after = split("mountpoints-9.img", rw.new_bytes);
    expect_untouched_except(before, after, {2, 3});
    using ME = cimg::MntEntry;
    // --mnt-id is for regular files: a mount's own mnt_id never changes.
    expect_entry<ME>(before, after, 2, [](ME& m) { m.set_root(M + "/volumes/v1"); });
    expect_entry<ME>(before, after, 3, [](ME& m) {
        m.set_mountpoint(M + "/tmp");
        m.set_source("/src");
    });
    expect_second_pass_finds_nothing(d, "mountpoints-9.img", rw.new_bytes, map);
}

TEST(PathRewriteGhost, SymlinkTarget) {
    TempDir d;
    std::string orig = put_fixture(d, "ghost-file-3.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("ghost-file-3.img"), "ghost-file-3.img", map);
    expect_changes(rw.changes, {{0, "symlnk_target", L + "/app/bin/relapp", "/app/bin/relapp"}}, "ghost-file-3.img");
    Image before = split("ghost-file-3.img", orig), after = split("ghost-file-3.img", rw.new_bytes);
    expect_untouched_except(before, after, {0});
    using GE = cimg::GhostFileEntry;
    expect_entry<GE>(before, after, 0, [](GE& m) { m.set_symlnk_target("/app/bin/relapp"); });
    expect_second_pass_finds_nothing(d, "ghost-file-3.img", rw.new_bytes, map);
}

TEST(PathRewriteGhost, BranchInsideFileContentsIsNeverRewritten) {
    TempDir d;
    std::string orig = put_fixture(d, "ghost-file-4.img");
    ASSERT_NE(orig.find(L + "/app/data/x"), std::string::npos) << "fixture should carry the branch in its contents";
    auto map = fixture_map();
    auto rw = rewrite(d.file("ghost-file-4.img"), "ghost-file-4.img", map);
    EXPECT_TRUE(rw.changes.empty());
    EXPECT_TRUE(rw.new_bytes.empty());
}

TEST(PathRewriteIrmap, ServiceImagePathsAndHeaderKept) {
    TempDir d;
    std::string orig = put_fixture(d, "irmap-cache.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("irmap-cache.img"), "irmap-cache.img", map);
    expect_changes(rw.changes, {{0, "path", L + "/app/data", "/app/data"}}, "irmap-cache.img");
    Image before = split("irmap-cache.img", orig), after = split("irmap-cache.img", rw.new_bytes);
    expect_untouched_except(before, after, {0});
    using IE = cimg::IrmapCacheEntry;
    expect_entry<IE>(before, after, 0, [](IE& m) { m.set_path("/app/data"); });
    expect_second_pass_finds_nothing(d, "irmap-cache.img", rw.new_bytes, map);
}

TEST(PathRewriteBinfmt, Interpreter) {
    TempDir d;
    std::string orig = put_fixture(d, "binfmt-misc.img");
    auto map = fixture_map();
    auto rw = rewrite(d.file("binfmt-misc.img"), "binfmt-misc.img", map);
    expect_changes(rw.changes, {{0, "interpreter", L + "/usr/bin/qemu-arm-static", "/usr/bin/qemu-arm-static"}},
                   "binfmt-misc.img");
    Image before = split("binfmt-misc.img", orig), after = split("binfmt-misc.img", rw.new_bytes);
    expect_untouched_except(before, after, {0});
    using BE = cimg::BinfmtMiscEntry;
    expect_entry<BE>(before, after, 0, [](BE& m) { m.set_interpreter("/usr/bin/qemu-arm-static"); });
}

TEST(PathRewriteKinds, OnlyKindsWithPathFieldsAreRead) {
    auto has = [](std::string_view file) {
        const img::ImageKind* k = img::kind_by_file_name(file);
        EXPECT_NE(k, nullptr) << file;
        return k && img::kind_has_paths(*k);
    };
    EXPECT_TRUE(has("files.img"));
    EXPECT_TRUE(has("mountpoints-9.img"));
    EXPECT_TRUE(has("ghost-file-3.img"));
    EXPECT_TRUE(has("irmap-cache.img"));
    EXPECT_TRUE(has("binfmt-misc.img"));
    EXPECT_FALSE(has("pages-1.img"));
    EXPECT_FALSE(has("pagemap-42.img"));
    EXPECT_FALSE(has("pstree.img"));
    EXPECT_FALSE(has("inventory.img"));
}

// A kind whose messages hold no path is never rewritten, even when its bytes name a branch
// (a uts namespace's host name here).
TEST(PathRewriteKinds, AKindWithoutPathFieldsIsLeftAloneWhenItsBytesNameABranch) {
    using namespace img::test::wire_bytes;
    TempDir d;
    spit(d.file("utsns-1.img"), common_header(0x54473203) + frame(lfield(1, R + "/host") + lfield(2, "(none)")));
    auto rw = rewrite(d.file("utsns-1.img"), "utsns-1.img", fixture_map());
    EXPECT_TRUE(rw.changes.empty());
    EXPECT_TRUE(rw.new_bytes.empty());
}

TEST(PathRewriteErrors, NotAnImageIsAnError) {
    TempDir d;
    spit(d.file("files.img"), "this is not an image");
    auto map = fixture_map();
    img::RewriteOptions o;
    o.map = &map;
    EXPECT_FALSE(img::rewrite_image_paths(d.file("files.img"), "files.img", o).ok());
}

TEST(PathRewriteErrors, TruncatedEntryWithABranchIsAnError) {
    TempDir d;
    std::string orig = gen_image("fixpaths/files.img");
    // Cut the file inside the last entry: the branch bytes are still there, the framing is not.
    spit(d.file("files.img"), orig.substr(0, orig.size() - 10));
    auto map = fixture_map();
    img::RewriteOptions o;
    o.map = &map;
    auto r = img::rewrite_image_paths(d.file("files.img"), "files.img", o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("files.img"), std::string::npos) << r.error().message();
}

}  // namespace
