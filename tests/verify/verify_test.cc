// verify_dump on real CRIU 4.2 captures: its verdict agrees with the real
// restores recorded in shared/criu-images/README.md, and each kind of damage
// gives the expected finding. (img-verify run as a program: tests/cli/img-verify.)
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "img/rewrite/fix_paths.h"
#include "img/convert/image_json.h"
#include "img/output/json_writer.h"
#include "img/verify/verify.h"
#include "harness/capture_roots.h"
#include "harness/paths.h"

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

std::string all_findings(const VerifyReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += std::string(severity_name(f.severity)) + " [" + f.check + "] " + f.image + ": " + f.message + "\n";
    return s;
}

bool has_error(const VerifyReport& r, const std::string& needle) {
    for (const auto& f : r.findings)
        if (f.severity == Severity::Error && f.message.find(needle) != std::string::npos) return true;
    return false;
}

std::string copy_dump(const TempDir& t, const std::string& scenario) {
    std::string to = t.file(scenario);
    fs::copy(shared_images_dir() + "/" + scenario, to, fs::copy_options::recursive);
    for (auto& e : fs::directory_iterator(to)) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
    fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
    return to;
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
    std::string d = copy_dump(t, "relocate-host");
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
    std::string d = copy_dump(t, "aufs-container");
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
    std::string d = copy_dump(t, "mem-1");
    fs::resize_file(d + "/pages-1.img", fs::file_size(d + "/pages-1.img") - 4096);
    auto rep = verify(d, capture_root("host"));
    EXPECT_TRUE(has_error(rep, "truncated by 4096 bytes (1 pages)")) << all_findings(rep);
}

TEST(VerifyDamage, MissingThreadCore) {
    NEED_SHARED();
    TempDir t;
    std::string d = copy_dump(t, "threads");
    fs::remove(d + "/core-13397.img");
    auto rep = verify(d, capture_root("host"));
    EXPECT_TRUE(has_error(rep, "thread 13397 of task 13395 has no core")) << all_findings(rep);
}

TEST(VerifyDamage, DanglingFdId) {
    NEED_SHARED();
    TempDir t;
    std::string d = copy_dump(t, "sleep");
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
    std::string root = t.file("root");
    ASSERT_EQ(0, sh("cp -a '" + capture_root("host") + "' '" + root + "'"));
    { std::ofstream f(root + "/srv/cimg/files/testdir/ro.txt", std::ios::app); f << "x"; }
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "File srv/cimg/files/testdir/ro.txt has bad size 693 (expect 692)")) << all_findings(rep);
}

TEST(VerifyDamage, FileUnderRootMadeADirectory) {
    NEED_SHARED();
    TempDir t;
    std::string root = t.file("root");
    ASSERT_EQ(0, sh("cp -a '" + capture_root("host") + "' '" + root + "'"));
    fs::remove(root + "/srv/cimg/files/testdir/ro.txt");
    fs::create_directory(root + "/srv/cimg/files/testdir/ro.txt");
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "File srv/cimg/files/testdir/ro.txt has bad mode 040")) << all_findings(rep);
}

TEST(VerifyDamage, SymlinkCannotLeadOutOfTheRoot) {
    NEED_SHARED();
    TempDir t;
    std::string root = t.file("root");
    ASSERT_EQ(0, sh("cp -a '" + capture_root("host") + "' '" + root + "'"));
    // ro.txt becomes an absolute link to a real file of the same size outside the root: it must
    // resolve inside the root (where /tmp/... does not exist), so the restore would not find it.
    std::string outside = t.file("outside.txt");
    spit(outside, slurp(root + "/srv/cimg/files/testdir/ro.txt"));
    fs::remove(root + "/srv/cimg/files/testdir/ro.txt");
    fs::create_symlink(outside, root + "/srv/cimg/files/testdir/ro.txt");
    auto rep = verify(shared_images_dir() + "/files", root);
    EXPECT_TRUE(has_error(rep, "Can't open file srv/cimg/files/testdir/ro.txt on restore")) << all_findings(rep);
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
