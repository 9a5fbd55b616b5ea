// Reading and searching through an incremental dump: PE_PARENT runs read the
// parent's pages file, a page with no entry stays absent (even though the
// parent has it), and matches cross child/parent, pagemap-entry and VMA
// boundaries but never a gap.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <vector>

#include "img/model/checkpoint.h"
#include "img/memory/memory_search.h"
#include "img/model/process_memory.h"
#include "memory/synthetic_dump.h"

namespace {

using img::test::SyntheticDump;
using Match = std::pair<uint64_t, uint64_t>;

struct Opened {
    std::unique_ptr<img::Checkpoint> dump;
    std::optional<img::ProcessMemory> mem;
};

Opened open(const SyntheticDump& d) {
    Opened o;
    auto dump = img::Checkpoint::open(d.dir);
    EXPECT_TRUE(dump.ok()) << dump.error().message();
    if (!dump) return o;
    o.dump = std::move(*dump);
    auto mem = img::ProcessMemory::open(*o.dump, SyntheticDump::kPid);
    EXPECT_TRUE(mem.ok()) << mem.error().message();
    if (mem) o.mem = std::move(*mem);
    return o;
}

std::vector<Match> find_all(const img::ProcessMemory& mem, const img::SearchPattern& p) {
    std::vector<Match> out;
    auto r = img::search_memory(mem, p, [&](uint64_t a, uint64_t l) { out.emplace_back(a, l); return true; });
    EXPECT_TRUE(r.ok()) << r.error().message();
    return out;
}

std::vector<Match> find_literal(const img::ProcessMemory& mem, const std::string& s) {
    auto p = img::SearchPattern::literal(s);
    EXPECT_TRUE(p.ok());
    return find_all(mem, *p);
}

TEST(ParentChain, ReadsEveryPageFromTheRightPagesFile) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.mem);
    std::vector<std::byte> buf(SyntheticDump::kPage);
    for (uint64_t a = 0x10000; a < 0x1a000; a += SyntheticDump::kPage) {
        std::vector<img::AddressSpan> absent;
        ASSERT_TRUE(o.mem->read(a, buf.size(), buf.data(), absent).ok());
        if (!SyntheticDump::origin(a)) {
            ASSERT_EQ(absent.size(), 1u) << std::hex << a;
            EXPECT_EQ(absent[0].start, a);
            EXPECT_EQ(absent[0].end, a + SyntheticDump::kPage);
            continue;
        }
        EXPECT_TRUE(absent.empty()) << std::hex << a;
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf.data()), buf.size()), d.bytes(a, SyntheticDump::kPage))
            << "page at 0x" << std::hex << a;
    }
}

TEST(ParentChain, PresentRunsCoverExactlyTheDumpedPages) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.mem);
    uint64_t prev_end = 0, total = 0;
    auto walked = o.mem->for_each_present([&](uint64_t a, img::Bytes b, const img::ProcessMemory::Region&) {
        EXPECT_GE(a, prev_end) << "runs come in address order";
        prev_end = a + b.size();
        total += b.size();
        for (uint64_t off = 0; off < b.size(); off += 997)
            EXPECT_EQ(static_cast<uint8_t>(b[off]), d.byte_at(a + off)) << std::hex << a + off;
        return true;
    });
    ASSERT_TRUE(walked.ok()) << walked.error().message();
    EXPECT_EQ(total, 9 * SyntheticDump::kPage);   // 10 pages in the VMAs, 0x17000 absent
    EXPECT_EQ(o.mem->present_bytes(), total);
}

TEST(ParentChain, LiteralSearchSeesParentPagesAndCrossesBoundaries) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.mem);
    // Inside a page served by the parent.
    EXPECT_EQ(find_literal(*o.mem, d.bytes(0x13100, 8)), (std::vector<Match>{{0x13100, 8}}));
    // child -> parent (0x12000), parent -> child (0x15000), child -> parent (0x16000)
    for (uint64_t edge : {0x12000u, 0x15000u, 0x16000u})
        EXPECT_EQ(find_literal(*o.mem, d.bytes(edge - 4, 8)), (std::vector<Match>{{edge - 4, 8}})) << std::hex << edge;
    // Across two pagemap entries that are also two VMAs (B | C at 0x19000).
    EXPECT_EQ(find_literal(*o.mem, d.bytes(0x18ffc, 8)), (std::vector<Match>{{0x18ffc, 8}}));
    // A needle longer than a page, from a child page through a parent page into the next child page.
    EXPECT_EQ(find_literal(*o.mem, d.bytes(0x14f00, 0x1200)), (std::vector<Match>{{0x14f00, 0x1200}}));
}

TEST(ParentChain, NothingIsFoundAcrossOrInsideAnAbsentPage) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.mem);
    // The last bytes before the hole at 0x17000 joined with the first bytes after it.
    std::string across = d.bytes(0x16ffc, 4) + d.bytes(0x18000, 4);
    EXPECT_TRUE(find_literal(*o.mem, across).empty());
    // The parent holds a page 7, but the child has no entry for 0x17000: it is not the task's memory.
    std::string parent_page7 = d.parent_pages.substr(7 * SyntheticDump::kPage + 64, 8);
    EXPECT_TRUE(find_literal(*o.mem, parent_page7).empty());
}

TEST(ParentChain, RegexCrossesChildParentBoundaries) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.mem);
    auto p = img::SearchPattern::regex("#id=[0-9]+#");
    ASSERT_TRUE(p.ok()) << p.error().message();
    EXPECT_EQ(find_all(*o.mem, *p), (std::vector<Match>{{0x11ffa, 11}, {0x14ffd, 7}}));
}

TEST(ParentChain, SearchDumpNamesTheVmaAndShowsContext) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.dump);
    auto p = img::SearchPattern::literal("#id=77#");
    ASSERT_TRUE(p.ok());
    img::SearchOptions opt;
    opt.context = 5;
    std::vector<img::SearchMatch> got;
    auto n = img::search_dump(*o.dump, *p, opt, [&](const img::SearchMatch& m) { got.push_back(m); return true; });
    ASSERT_TRUE(n.ok()) << n.error().message();
    ASSERT_EQ(*n, 1u);
    ASSERT_EQ(got.size(), 1u);
    const auto& m = got[0];
    EXPECT_EQ(m.pid, 100u);
    EXPECT_EQ(m.addr, 0x14ffdu);
    EXPECT_EQ(m.length, 7u);
    EXPECT_EQ(m.vma_start, 0x10000u);
    EXPECT_EQ(m.vma_end, 0x18000u);
    EXPECT_EQ(m.vma, "anon");
    EXPECT_EQ(m.bytes, "#id=77#");
    EXPECT_EQ(m.before, d.bytes(0x14ffd - 5, 5));
    EXPECT_EQ(m.after, d.bytes(0x15004, 5));
}

TEST(ParentChain, ContextStopsAtAnAbsentPage) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.dump);
    auto p = img::SearchPattern::literal(d.bytes(0x16ffc, 4));   // the last 4 bytes before the hole
    ASSERT_TRUE(p.ok());
    img::SearchOptions opt;
    opt.context = 16;
    std::vector<img::SearchMatch> got;
    ASSERT_TRUE(img::search_dump(*o.dump, *p, opt, [&](const img::SearchMatch& m) { got.push_back(m); return true; }).ok());
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].before.size(), 16u);
    EXPECT_EQ(got[0].after, "");   // 0x17000 is not in the dump: no made-up zeros
}

TEST(ParentChain, SearchDumpRefusesAnUnknownPid) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.dump);
    auto p = img::SearchPattern::literal("x");
    img::SearchOptions opt;
    opt.pid = 4242;
    auto n = img::search_dump(*o.dump, *p, opt, [](const img::SearchMatch&) { return true; });
    ASSERT_FALSE(n.ok());
    EXPECT_NE(n.error().message().find("no task 4242"), std::string::npos) << n.error().message();
}

TEST(ParentChain, ProgressReachesTheTotal) {
    SyntheticDump d;
    auto o = open(d);
    ASSERT_TRUE(o.dump);
    auto p = img::SearchPattern::literal("nothing like this");
    img::SearchOptions opt;
    uint64_t last_done = 0, last_total = 0;
    int calls = 0;
    opt.progress = [&](uint64_t done, uint64_t total) { ++calls; EXPECT_GE(done, last_done); last_done = done; last_total = total; };
    ASSERT_TRUE(img::search_dump(*o.dump, *p, opt, [](const img::SearchMatch&) { return true; }).ok());
    EXPECT_GE(calls, 1);
    EXPECT_EQ(last_total, 9 * SyntheticDump::kPage);
    EXPECT_EQ(last_done, last_total);
}

}  // namespace
