// diff_checkpoints and diff_images on real captures: a dump against a copy of itself is identical;
// copies changed through our own JSON round trip (a file renamed, a VMA reprotected, a page run
// dropped, an fd's position moved) show exactly those differences; mem-1 vs mem-2 (shared) differ
// in exactly the 48 pages the corpus README names, and --hexdiff shows the changed words.
#include "img/diff/checkpoint_diff.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "harness/dir_snapshot.h"
#include "harness/fixtures.h"
#include "harness/paths.h"
#include "img/convert/image_json.h"
#include "img/diff/hexdiff.h"

namespace {

using json = nlohmann::json;
using img::test::TempDir;

const std::string kSleep = img::test::captured_dir() + "/sleep";

std::unique_ptr<img::Checkpoint> open(const std::string& dir) {
    auto c = img::Checkpoint::open(dir);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message());
    return c.ok() ? std::move(*c) : nullptr;
}

// Rewrites image `name` of `dir` through its JSON: edit(j) changes the document in place.
void edit_image(const std::string& dir, const std::string& name, const std::function<void(json&)>& edit) {
    auto r = img::test::render_path(dir + "/" + name);
    ASSERT_TRUE(r.ok) << r.error.message();
    json j = json::parse(r.json);
    edit(j);
    auto bytes = img::encode_image_json(j.dump(), name);
    ASSERT_TRUE(bytes.ok()) << bytes.error().message();
    img::test::spit(dir + "/" + name, *bytes);
}

img::DiffResult diff(const std::string& a, const std::string& b, img::DiffOptions o = {}) {
    auto ca = open(a), cb = open(b);
    if (!ca || !cb) return {};
    auto r = img::diff_checkpoints(*ca, *cb, o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
    return r.ok() ? std::move(*r) : img::DiffResult{};
}

std::vector<const img::Difference*> of_aspect(const img::DiffResult& r, const std::string& aspect) {
    std::vector<const img::Difference*> out;
    for (const auto& d : r.differences)
        if (d.aspect == aspect) out.push_back(&d);
    return out;
}

TEST(CheckpointDiff, ADumpAndACopyOfItAreIdentical) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    auto r = diff(kSleep, t.file("copy"));
    EXPECT_TRUE(r.identical()) << (r.differences.empty() ? "pages" : r.differences[0].where + r.differences[0].path);
    EXPECT_GT(r.pages_compared, 0u);
}

TEST(CheckpointDiff, ARenamedFileIsReportedOnceAsAFileNotAtEveryUse) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    edit_image(t.file("copy"), "files.img", [](json& j) {
        for (auto& e : j["entries"])
            if (e.contains("reg") && e["reg"]["name"] == "/dev/null") e["reg"]["name"] = "/dev/zero";
    });
    auto r = diff(kSleep, t.file("copy"));
    auto files = of_aspect(r, "files");
    ASSERT_EQ(files.size(), 2u) << "the capture has two /dev/null file objects";
    for (auto* d : files) {
        EXPECT_EQ(d->path, "/reg/name");
        EXPECT_EQ(d->a, "\"/dev/null\"");
        EXPECT_EQ(d->b, "\"/dev/zero\"");
    }
    EXPECT_TRUE(of_aspect(r, "fds").empty()) << "fds 0-2 still use the same (paired) files";
    EXPECT_EQ(r.differences.size(), 2u);
    EXPECT_TRUE(r.pages.empty());
}

TEST(CheckpointDiff, AnFdPointingAtAnotherFileIsAChangedTarget) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    uint32_t other = 0;
    edit_image(t.file("copy"), "fdinfo-2.img", [&](json& j) {
        other = j["entries"][2]["id"].get<uint32_t>();
        j["entries"][0]["id"] = other;   // fd 0 now on fd 2's file
    });
    auto r = diff(kSleep, t.file("copy"));
    auto fds = of_aspect(r, "fds");
    ASSERT_EQ(fds.size(), 1u);
    EXPECT_EQ(fds[0]->where, "task 13181 (sleep) fd 0");
    EXPECT_EQ(fds[0]->path, "/file");
}

TEST(CheckpointDiff, RepairedCapturesDifferInExactlyTheirRewrittenNames) {
    auto s = img::test::shared_dir();
    if (!s) GTEST_SKIP() << img::test::shared_missing_reason();
    for (auto [name, n] : {std::pair{"relocate-host", 6u}, std::pair{"aufs-container", 3u}}) {
        auto r = diff(*s + "/criu-images/" + name, *s + "/criu-images/" + name + ".expected");
        EXPECT_EQ(r.differences.size(), n) << name;
        for (const auto& d : r.differences) {
            EXPECT_EQ(d.aspect, "files") << name;
            EXPECT_EQ(d.path, "/reg/name") << name;
            EXPECT_NE(d.a.find("/var/lib/docker/aufs/diff/"), std::string::npos) << name << d.a;
            EXPECT_EQ(d.b.find("/var/lib/docker/aufs/diff/"), std::string::npos) << name << d.b;
        }
        EXPECT_TRUE(r.pages.empty()) << name;
    }
}

TEST(CheckpointDiff, ACopyWithHardLinkedPagesAndAnArchiveOfItAreIdentical) {
    TempDir t;
    std::string copy = t.file("copy");
    ASSERT_EQ(::mkdir(copy.c_str(), 0755), 0);
    for (const auto& n : img::test::dir_names(kSleep)) {
        std::string from = kSleep + "/" + n, to = copy + "/" + n;
        if (n.rfind("pages-", 0) == 0) ASSERT_EQ(::link(from.c_str(), to.c_str()), 0) << n;
        else img::test::spit(to, img::test::slurp(from));
    }
    EXPECT_TRUE(diff(kSleep, copy).identical());
    // Podman's layout: the images under checkpoint/, packed with tar.
    std::string pod = t.file("pod");
    ASSERT_EQ(::mkdir(pod.c_str(), 0755), 0);
    img::test::copy_dump(kSleep, pod + "/checkpoint");
    std::string tarball = t.file("ckpt.tar.gz");
    ASSERT_EQ(std::system(("tar -czf '" + tarball + "' -C '" + pod + "' checkpoint").c_str()), 0);
    auto r = diff(kSleep, tarball);
    EXPECT_TRUE(r.identical()) << (r.differences.empty() ? "pages" : r.differences[0].where + r.differences[0].path);
    EXPECT_GT(r.pages_compared, 0u);
}

TEST(CheckpointDiff, AReprotectedVmaAndADroppedPageRun) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    uint64_t first_start = 0;
    edit_image(t.file("copy"), "mm-13181.img", [&](json& j) {
        auto& v = j["entries"][0]["vmas"][0];
        first_start = v["start"].get<uint64_t>();
        v["prot"] = 3;
    });
    uint64_t dropped_at = 0, dropped_pages = 0;
    edit_image(t.file("copy"), "pagemap-13181.img", [&](json& j) {
        auto& e = j["entries"];
        dropped_at = e.back()["vaddr"].get<uint64_t>();
        dropped_pages = e.back()["nr_pages"].get<uint64_t>();
        e.erase(e.size() - 1);   // the last run: the others keep their pages-file offsets
    });
    auto r = diff(kSleep, t.file("copy"));
    auto vmas = of_aspect(r, "vmas");
    ASSERT_EQ(vmas.size(), 1u);
    EXPECT_EQ(vmas[0]->path, "/prot");
    EXPECT_NE(vmas[0]->where.find(fmt::format("vma {:x}-", first_start)), std::string::npos) << vmas[0]->where;
    uint64_t removed = 0, changed = 0;
    for (const auto& v : r.pages) {
        removed += v.removed;
        changed += v.changed;
        for (const auto& p : v.ranges) EXPECT_EQ(p.start, dropped_at);
    }
    EXPECT_EQ(removed, dropped_pages);
    EXPECT_EQ(changed, 0u) << "a page only one side holds is never compared as zeros";
}

TEST(CheckpointDiff, ACutPagesFileIsAnErrorNamingItNeverAbsentPages) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    std::string pages = t.file("copy") + "/pages-1.img";
    ASSERT_EQ(::truncate(pages.c_str(), 4096), 0);
    auto a = open(kSleep), b = open(t.file("copy"));
    auto r = img::diff_checkpoints(*a, *b, {});
    ASSERT_FALSE(r.ok()) << "pages the pagemap describes but the file lacks are not 'removed'";
    EXPECT_NE(r.error().message().find("pages-1.img"), std::string::npos) << r.error().message();
}

TEST(CheckpointDiff, AHugeMappingWithoutPagesCostsNothingToCompare) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    edit_image(t.file("copy"), "mm-13181.img", [](json& j) {   // 64 TiB, no page of it dumped
        j["entries"][0]["vmas"].push_back({{"start", 0x100000000000ull}, {"end", 0x500000000000ull}, {"pgoff", 0},
                                           {"shmid", 0}, {"prot", 3}, {"flags", 0x22}, {"status", 0x201}, {"fd", -1}});
        auto& v = j["entries"][0]["vmas"];
        std::sort(v.begin(), v.end(), [](const json& x, const json& y) { return x["start"].get<uint64_t>() < y["start"].get<uint64_t>(); });
    });
    auto r = diff(kSleep, t.file("copy"));   // reads only what either pagemap holds: no 64 TiB walk
    auto vmas = of_aspect(r, "vmas");
    ASSERT_EQ(vmas.size(), 1u);
    EXPECT_EQ(vmas[0]->change, img::Change::Added);
    EXPECT_TRUE(r.pages.empty());
}

TEST(CheckpointDiff, OnlyAndIgnoreLeaveAspectsAndFieldsOut) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    edit_image(t.file("copy"), "mm-13181.img", [](json& j) { j["entries"][0]["vmas"][0]["prot"] = 3; });
    img::DiffOptions only;
    only.only = {"fds"};
    EXPECT_TRUE(diff(kSleep, t.file("copy"), only).identical());
    img::DiffOptions ignore;
    ignore.ignore = {"prot"};
    EXPECT_TRUE(diff(kSleep, t.file("copy"), ignore).identical());
    img::DiffOptions unknown;
    unknown.only = {"nosuch"};
    EXPECT_FALSE(img::diff_options_error(unknown).empty());
}

TEST(CheckpointDiff, TwoImagesEntryByEntry) {
    TempDir t;
    img::test::copy_dump(kSleep, t.file("copy"));
    edit_image(t.file("copy"), "files.img", [](json& j) { j["entries"][0]["reg"]["pos"] = 77; });
    auto r = img::diff_images(kSleep + "/files.img", t.file("copy") + "/files.img", {});
    ASSERT_TRUE(r.ok()) << r.error().message();
    ASSERT_EQ(r->differences.size(), 1u);
    EXPECT_EQ(r->differences[0].path, "/entries/0/reg/pos");
    EXPECT_EQ(r->differences[0].b, "77");
}

TEST(CheckpointDiff, MatchByCommPairsTheSameTree) {
    auto s = img::test::shared_dir();
    if (!s) GTEST_SKIP() << img::test::shared_missing_reason();
    img::DiffOptions o;
    o.match_comm = true;
    auto r = diff(*s + "/criu-images/tree", *s + "/criu-images/tree", o);
    EXPECT_TRUE(r.identical());
    EXPECT_TRUE(of_aspect(diff(*s + "/criu-images/tree", *s + "/criu-images/sleep", o), "tasks").size() >= 2u);
}

TEST(CheckpointDiff, Mem1AndMem2DifferInTheReadmesPages) {
    auto s = img::test::shared_dir();
    if (!s) GTEST_SKIP() << img::test::shared_missing_reason();
    img::DiffOptions o;
    o.only = {"pages"};
    auto r = diff(*s + "/criu-images/mem-1", *s + "/criu-images/mem-2", o);
    std::set<uint64_t> got;
    for (const auto& v : r.pages)
        for (const auto& p : v.ranges) {
            EXPECT_EQ(p.change, img::Change::Changed);
            for (uint64_t a = p.start; a < p.end; a += 4096) got.insert(a);
        }
    // The README: area pages i % 100 == 0 rewritten (41), plus the program's own data, heap, libc
    // state and stack.
    const uint64_t area = 0x7f4a1b58e000;
    std::set<uint64_t> want;
    for (uint64_t i = 0; i <= 4000; i += 100) want.insert(area + i * 4096);
    for (uint64_t a : {0x5615b0cc0000ull, 0x5615e48a2000ull, 0x7f4a1c58e000ull, 0x7f4a1c58f000ull, 0x7f4a1c7bb000ull,
                       0x7ffc9c639000ull, 0x7ffc9c63a000ull})
        want.insert(a);
    EXPECT_EQ(got, want);
    EXPECT_EQ(r.pages_compared, 3995u);
    for (const auto& v : r.pages) {   // each run inside the VMA it is counted in
        for (const auto& p : v.ranges) EXPECT_TRUE(p.start >= v.start && p.end <= v.end) << v.description;
    }
    // Everything but memory: the thread's core, and no image but inventory, timens-0 and stats-dump.
    auto all = diff(*s + "/criu-images/mem-1", *s + "/criu-images/mem-2");
    std::set<std::string> where;
    for (const auto& d : all.differences) where.insert(d.where);
    EXPECT_EQ(where, (std::set<std::string>{"task 13438 (bigmem) thread 13438", "image inventory.img",
                                            "image stats-dump", "image timens-0.img"}));

    auto a = open(*s + "/criu-images/mem-1"), b = open(*s + "/criu-images/mem-2");
    auto rows = img::hexdiff(*a, *b, img::MemorySpec{13438, area, 32});
    ASSERT_TRUE(rows.ok()) << rows.error().message();
    ASSERT_EQ(rows->size(), 2u);
    // Word w of page 0 is (gen << 56) ^ w ^ 0x5a5a5a5a00000000: the top byte flips from 0x5a to 0x5b.
    EXPECT_EQ((*rows)[0].a[7], 0x5a);
    EXPECT_EQ((*rows)[0].b[7], 0x5b);
    EXPECT_EQ((*rows)[0].a[0], (*rows)[0].b[0]);
    EXPECT_TRUE((*rows)[0].differs());
}

}  // namespace
