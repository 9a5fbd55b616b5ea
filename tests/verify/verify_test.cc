// verify_dump on real CRIU 4.2 captures: its verdict agrees with the real
// restores recorded in shared/criu-images/README.md, and each kind of damage
// gives the expected finding. (img-verify run as a program: tests/cli/img-verify.)
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <vector>

#include "img/rewrite/fix_paths.h"
#include "img/convert/image_json.h"
#include "img/output/json_writer.h"
#include "img/verify/verify.h"
#include "harness/capture_roots.h"
#include "harness/paths.h"
#include "verify_test_support.h"

namespace fs = std::filesystem;
using namespace img;
using namespace img::test;

namespace {

std::string shared_images_dir() { return *shared_dir() + "/criu-images"; }

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

#define NEED_SHARED() \
    if (!shared_dir()) GTEST_SKIP() << shared_missing_reason()

VerifyReport verify(const std::string& dump, const std::string& root) {
    VerifyOptions o;
    o.root = root;
    auto r = verify_dump(dump, o);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : VerifyReport{};
}

bool has_finding(const VerifyReport& r, Severity s, const std::string& image, const std::string& needle) {
    for (const auto& f : r.findings)
        if (f.severity == s && (image.empty() || f.image == image) && f.message.find(needle) != std::string::npos) return true;
    return false;
}

bool has_error(const VerifyReport& r, const std::string& needle) { return has_finding(r, Severity::Error, "", needle); }

std::string copy_scenario(const TempDir& t, const std::string& scenario) {
    std::string to = t.file(scenario);
    fs::copy(shared_images_dir() + "/" + scenario, to, fs::copy_options::recursive);
    for (auto& e : fs::directory_iterator(to)) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
    return to;
}

// A copy of the host captures' root, to damage ("" when it could not be made).
std::string copy_host_root(const TempDir& t) {
    std::string root = t.file("root");
    return sh("cp -a '" + capture_root("host") + "' '" + root + "'") == 0 ? root : "";
}

}  // namespace

class CleanCapture : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanCapture, VerifiesCleanUnderItsRoot) {
    NEED_SHARED();
    auto rep = verify(shared_images_dir() + "/" + GetParam(), capture_root("host"));
    EXPECT_EQ(rep.count(Severity::Error), 0u) << all_findings(rep);
    EXPECT_GT(rep.files_checked, 0u);
    EXPECT_GE(rep.tasks, 1u);
}
INSTANTIATE_TEST_SUITE_P(HostCaptures, CleanCapture,
                         ::testing::Values("sleep", "files", "tree", "sockets", "threads", "mem-1", "mem-2"));

TEST(VerifyRelocation, RelocateHostFailsBeforeAndPassesAfterFixpaths) {
    NEED_SHARED();
    auto before = verify(shared_images_dir() + "/relocate-host", capture_root("relocate"));
    EXPECT_TRUE(has_error(before, "Can't open file var/lib/docker/aufs/diff/6714c006")) << all_findings(before);
    auto expected = verify(shared_images_dir() + "/relocate-host.expected", capture_root("relocate"));
    EXPECT_TRUE(expected.ok()) << all_findings(expected);

    TempDir t;
    std::string d = copy_scenario(t, "relocate-host");
    FixPathsOptions fo;
    fo.dump_dir = d;
    ASSERT_TRUE(fo.map.add_map_file(shared_images_dir() + "/relocate-host.map").ok());
    fo.backup = false;
    ASSERT_TRUE(fix_paths(fo).ok());
    auto after = verify(d, capture_root("relocate"));
    EXPECT_TRUE(after.ok()) << all_findings(after);
}

TEST(VerifyRelocation, AufsContainerFailsBeforeAndPassesAfterFixpaths) {
    NEED_SHARED();
    auto before = verify(shared_images_dir() + "/aufs-container", capture_root("aufs"));
    EXPECT_TRUE(has_error(before, "Can't open file var/lib/docker/aufs/diff/b991bd3c")) << all_findings(before);
    auto expected = verify(shared_images_dir() + "/aufs-container.expected", capture_root("aufs"));
    EXPECT_TRUE(expected.ok()) << all_findings(expected);

    TempDir t;
    std::string d = copy_scenario(t, "aufs-container");
    FixPathsOptions fo;
    fo.dump_dir = d;
    ASSERT_TRUE(fo.map.add_aufs_si(shared_images_dir() + "/aufs-container.si").ok());
    fo.backup = false;
    ASSERT_TRUE(fix_paths(fo).ok());
    auto after = verify(d, capture_root("aufs"));
    EXPECT_TRUE(after.ok()) << all_findings(after);
}

TEST(VerifyDamage, TruncatedPagesFile) {
    NEED_SHARED();
    TempDir t;
    std::string d = copy_scenario(t, "mem-1");
    fs::resize_file(d + "/pages-1.img", fs::file_size(d + "/pages-1.img") - 4096);
    auto rep = verify(d, capture_root("host"));
    EXPECT_TRUE(has_error(rep, "truncated by 4096 bytes (1 pages)")) << all_findings(rep);
}

TEST(VerifyDamage, MissingThreadCore) {
    NEED_SHARED();
    TempDir t;
    std::string d = copy_scenario(t, "threads");
    fs::remove(d + "/core-13397.img");
    auto rep = verify(d, capture_root("host"));
    EXPECT_TRUE(has_error(rep, "thread 13397 of task 13395 has no core")) << all_findings(rep);
}

TEST(VerifyDamage, DanglingFdId) {
    NEED_SHARED();
    TempDir t;
    std::string d = copy_scenario(t, "sleep");
    // Re-encode fdinfo-2.img with fd 1 pointing at a file id files.img does not have.
    auto rd = ImageReader::open(d + "/fdinfo-2.img");
    ASSERT_TRUE(rd.ok());
    JsonWriter w(nullptr);
    ASSERT_TRUE(render_image(*rd, w, ShowOptions{}).ok());
    std::string json = w.str();
    size_t at = json.find("\"id\": ", json.find("\"fd\": 0") == std::string::npos ? 0 : json.find("}, {") + 1);
    ASSERT_NE(at, std::string::npos);
    size_t end = json.find(',', at);
    json.replace(at, end - at, "\"id\": 4242");
    auto bytes = encode_image_json(json, "fdinfo.json");
    ASSERT_TRUE(bytes.ok()) << bytes.error().message();
    spit(d + "/fdinfo-2.img", *bytes);
    auto rep = verify(d, capture_root("host"));
    EXPECT_TRUE(has_error(rep, "refers to file id 0x1092, which files.img lacks")) << all_findings(rep);
    EXPECT_TRUE(has_error(rep, "Unable to open fd=")) << all_findings(rep);
}

TEST(VerifyDamage, FileUnderRootResizedByOneByte) {
    NEED_SHARED();
    TempDir t;
    std::string root = copy_host_root(t);
    ASSERT_FALSE(root.empty());
    { std::ofstream f(root + "/srv/cimg/files/testdir/ro.txt", std::ios::app); f << "x"; }
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "File srv/cimg/files/testdir/ro.txt has bad size 693 (expect 692)")) << all_findings(rep);
}

TEST(VerifyDamage, FileUnderRootMadeADirectory) {
    NEED_SHARED();
    TempDir t;
    std::string root = copy_host_root(t);
    ASSERT_FALSE(root.empty());
    fs::remove(root + "/srv/cimg/files/testdir/ro.txt");
    fs::create_directory(root + "/srv/cimg/files/testdir/ro.txt");
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "File srv/cimg/files/testdir/ro.txt has bad mode 040")) << all_findings(rep);
}

TEST(VerifyDamage, SymlinkCannotLeadOutOfTheRoot) {
    NEED_SHARED();
    TempDir t;
    std::string root = copy_host_root(t);
    ASSERT_FALSE(root.empty());
    // ro.txt becomes an absolute link to a real file of the same size outside the root: it must
    // resolve inside the root (where /tmp/... does not exist), so the restore would not find it.
    std::string outside = t.file("outside.txt");
    spit(outside, slurp(root + "/srv/cimg/files/testdir/ro.txt"));
    fs::remove(root + "/srv/cimg/files/testdir/ro.txt");
    fs::create_symlink(outside, root + "/srv/cimg/files/testdir/ro.txt");
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "Can't open file srv/cimg/files/testdir/ro.txt on restore")) << all_findings(rep);
}

TEST(VerifyDamage, AGhostFileWhoseDirectoryIsGoneCannotBeRecreated) {
    NEED_SHARED();
    TempDir t;
    std::string root = copy_host_root(t);
    ASSERT_FALSE(root.empty());
    fs::remove_all(root + "/srv/cimg/files/testdir");
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "Can't create ghost file srv/cimg/files/testdir/ghost.txt on restore: its directory "
                               "/srv/cimg/files/testdir is missing (fd 8 of 13256)")) << all_findings(rep);
}

TEST(VerifyHash, DigestsMatchSha256OfFilesAndRuns) {
    NEED_SHARED();
    VerifyOptions o;
    o.check_root = false;
    o.hash = true;
    uint64_t last = 0;
    o.progress = [&](uint64_t done, uint64_t) { EXPECT_GE(done, last); last = done; };
    auto rep = verify_dump(shared_images_dir() + "/sleep", o);
    ASSERT_TRUE(rep.ok());
    auto sha = [](const std::string& data) {
        unsigned char md[32]; unsigned n = 0;
        EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
        std::string s; for (unsigned i = 0; i < n; ++i) { char b[3]; std::snprintf(b, 3, "%02x", md[i]); s += b; }
        return s;
    };
    bool saw_pages = false;
    for (const auto& d : rep->digests) {
        std::string data = slurp(shared_images_dir() + "/sleep/" + d.image);
        EXPECT_EQ(d.sha256, sha(data)) << d.image;
        if (d.image == "pages-1.img") {
            saw_pages = true;
            EXPECT_EQ(d.pagemap, "pagemap-13181.img");
            uint64_t off = 0, pages = 0;
            for (const auto& r : d.runs) {
                EXPECT_EQ(r.sha256, sha(data.substr(off, r.nr_pages * 4096))) << std::hex << r.vaddr;
                off += r.nr_pages * 4096;
                pages += r.nr_pages;
            }
            EXPECT_EQ(pages, 30u);   // the README: 30 pages
            EXPECT_EQ(off, data.size());
        }
    }
    EXPECT_TRUE(saw_pages);
    EXPECT_EQ(last, last);   // progress was monotonic (checked in the callback)
}

TEST(VerifyCaptured, BundledSamplesAreWhole) {
    // testdata/captured is always present: structure, consistency and pages must be clean.
    for (const char* s : {"sleep", "files", "relocate-host"}) {
        VerifyOptions o;
        o.check_root = false;
        auto rep = verify_dump(captured_dir() + "/" + s, o);
        ASSERT_TRUE(rep.ok());
        EXPECT_EQ(rep->count(Severity::Error), 0u) << s << "\n" << all_findings(*rep);
    }
}

// One damaged copy per cross-reference the consistency and pages checks follow: the finding, its
// severity and the image it names.
struct CrossReference {
    const char* name;
    const char* capture;
    std::function<void(const std::string& dir)> damage;
    Severity severity;
    const char* image;
    std::vector<const char*> words;   // each in one finding of that severity on that image
};

const std::vector<CrossReference>& cross_references() {
    static const std::vector<CrossReference> v = {
        {"AnEmptyVmaAndOneBeforeItsPredecessor", "sleep",
         [](const std::string& d) {
             edit_image(d + "/mm-13181.img", [](nlohmann::json& j) {
                 auto& vmas = j["entries"][0]["vmas"];
                 vmas[1]["end"] = vmas[1]["start"];
                 vmas[3]["start"] = vmas[2]["start"];
             });
         },
         Severity::Error, "mm-13181.img", {"VMA 1 ", "is empty or reversed", "VMA 3 ", "overlaps or precedes the one before it"}},
        {"AGhostRemapWithoutItsImage", "files", [](const std::string& d) { fs::remove(d + "/ghost-file-1.img"); },
         Severity::Error, "remap-fpath.img", {"ghost remap 1: ghost-file-1.img is missing"}},
        {"AGhostImageNoRemapUses", "files", [](const std::string& d) { fs::remove(d + "/remap-fpath.img"); },
         Severity::Warning, "ghost-file-1.img", {"no remap-fpath entry uses this ghost file"}},
        {"QueuedDataOfAPipeNoFileUses", "tree",
         [](const std::string& d) { edit_image(d + "/pipes-data.img", [](nlohmann::json& j) { j["entries"][0]["pipe_id"] = 4242; }); },
         Severity::Error, "pipes-data.img", {"queued data for pipe 4242 that no file uses"}},
        {"PagemapEntriesOutOfAddressOrder", "sleep",
         [](const std::string& d) {
             edit_image(d + "/pagemap-13181.img", [](nlohmann::json& j) { std::swap(j["entries"][1], j["entries"][2]); });
         },
         Severity::Error, "pagemap-13181.img", {"pagemap entries are not in address order"}},
        {"AnEmptyPagesFileNoPagemapUses", "sleep", [](const std::string& d) { spit(d + "/pages-9.img", ""); },
         Severity::Warning, "pages-9.img", {"empty, and no pagemap refers to it"}},
    };
    return v;
}

class VerifyCrossReference : public ::testing::TestWithParam<size_t> {};

TEST_P(VerifyCrossReference, DamageGivesItsFinding) {
    NEED_SHARED();
    const CrossReference& c = cross_references()[GetParam()];
    TempDir t;
    std::string d = copy_scenario(t, c.capture);
    c.damage(d);
    auto rep = verify_no_root(d);
    for (const char* words : c.words) EXPECT_TRUE(has_finding(rep, c.severity, c.image, words)) << words << "\n" << all_findings(rep);
    // A warning alone: the copy is otherwise whole.
    if (c.severity == Severity::Warning) {
        EXPECT_EQ(rep.count(Severity::Error), 0u) << all_findings(rep);
    }
}
INSTANTIATE_TEST_SUITE_P(Captures, VerifyCrossReference, ::testing::Range<size_t>(0, cross_references().size()),
                         [](const auto& info) { return std::string(cross_references()[info.param].name); });
