// The real dumps of shared/criu-images (skipped when absent): mem-1 and mem-2
// are one process dumped twice by bigmem.c, whose 4095-page area at
// 0x7f4a1b58e000 follows a formula (see the corpus README): page i%32==7 was
// never touched (absent), i%32==15 holds zeros, every other 8-byte word w of
// page i is (gen << 56) ^ (i << 20) ^ w ^ 0x5a5a5a5a00000000; between the dumps
// the 41 pages with i%100==0 went to gen 1. And the memfd of `files`.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro
#include <stdio.h>

#include <cstring>

#include <nlohmann/json.hpp>
#include <vector>

#include "img/model/checkpoint.h"
#include "img/memory/hexdump.h"
#include "common/memory_cli.h"
#include "img/memory/memory_search.h"
#include "img/model/process_memory.h"
#include "harness/corpus.h"
#include "harness/paths.h"

namespace {

constexpr uint64_t kArea = 0x7f4a1b58e000, kPages = 4095, kPage = 4096;
constexpr uint32_t kPid = 13438;

enum class Kind { Absent, Zero, Formula };
Kind kind(uint64_t i) { return i % 32 == 7 ? Kind::Absent : i % 32 == 15 ? Kind::Zero : Kind::Formula; }
uint64_t gen_of(uint64_t i, int dump_gen) { return dump_gen == 1 && i % 100 == 0 ? 1 : 0; }
uint64_t word(uint64_t i, uint64_t w, uint64_t gen) { return (gen << 56) ^ (i << 20) ^ w ^ 0x5a5a5a5a00000000ull; }

std::string expected_page(uint64_t i, int dump_gen) {
    std::string s(kPage, '\0');
    if (kind(i) != Kind::Formula) return s;
    for (uint64_t w = 0; w < kPage / 8; ++w) {
        uint64_t v = word(i, w, gen_of(i, dump_gen));
        std::memcpy(s.data() + w * 8, &v, 8);   // little-endian, as on the x86_64 that dumped it
    }
    return s;
}

std::string le(uint64_t v) { std::string s(8, '\0'); std::memcpy(s.data(), &v, 8); return s; }

struct Mem {
    std::unique_ptr<img::Checkpoint> dump;
    std::optional<img::ProcessMemory> mem;
};

// Opens shared/criu-images/<name> and task `pid`, or skips the test when the corpus is missing.
#define OPEN_OR_SKIP(var, name, pid)                                                         \
    auto shared_##var = img::test::shared_dir();                                             \
    if (!shared_##var) GTEST_SKIP() << img::test::shared_missing_reason();                   \
    Mem var;                                                                                 \
    {                                                                                        \
        auto opened_ = img::Checkpoint::open(*shared_##var + "/criu-images/" + (name));            \
        ASSERT_TRUE(opened_.ok()) << opened_.error().message();                              \
        var.dump = std::move(*opened_);                                                      \
        auto mem_ = img::ProcessMemory::open(*var.dump, (pid));                              \
        ASSERT_TRUE(mem_.ok()) << mem_.error().message();                                    \
        var.mem = std::move(*mem_);                                                          \
    }

std::string read_page(const img::ProcessMemory& mem, uint64_t addr, std::vector<img::AddressSpan>& absent) {
    std::string s(kPage, '\x55');
    absent.clear();
    auto r = mem.read(addr, kPage, reinterpret_cast<std::byte*>(s.data()), absent);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return s;
}

std::vector<uint64_t> find_all(const img::ProcessMemory& mem, const std::string& needle) {
    auto p = img::SearchPattern::literal(needle);
    EXPECT_TRUE(p.ok());
    std::vector<uint64_t> out;
    auto r = img::search_memory(mem, *p, [&](uint64_t a, uint64_t) { out.push_back(a); return true; });
    EXPECT_TRUE(r.ok()) << r.error().message();
    return out;
}

void check_area(const img::ProcessMemory& mem, int gen) {
    std::vector<img::AddressSpan> absent;
    int checked = 0;
    for (uint64_t i = 0; i < kPages; ++i) {
        uint64_t a = kArea + i * kPage;
        std::string got = read_page(mem, a, absent);
        if (kind(i) == Kind::Absent) {
            ASSERT_EQ(absent.size(), 1u) << "page " << i << " should be absent";
            EXPECT_EQ(absent[0].start, a);
            EXPECT_EQ(absent[0].end, a + kPage);
            continue;
        }
        ASSERT_TRUE(absent.empty()) << "page " << i << " should be present (kind " << int(kind(i)) << ")";
        ASSERT_EQ(got, expected_page(i, gen)) << "page " << i << " gen " << gen;
        ++checked;
    }
    EXPECT_EQ(checked, 4095 - 128);   // 128 pages with i%32==7 in 0..4094
}

TEST(MemCorpus, Mem1AreaFollowsTheFormulaAtGen0) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    check_area(*m.mem, 0);
}

TEST(MemCorpus, Mem2AreaFollowsTheFormulaWithGen1OnChangedPages) {
    OPEN_OR_SKIP(m, "mem-2", kPid);
    check_area(*m.mem, 1);
}

TEST(MemCorpus, ZeroPagesArePresentAndUntouchedPagesAbsent) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    std::vector<img::AddressSpan> absent;
    for (uint64_t i : {15u, 47u, 1007u, 4079u}) {
        std::string got = read_page(*m.mem, kArea + i * kPage, absent);
        EXPECT_TRUE(absent.empty()) << i;
        EXPECT_EQ(got, std::string(kPage, '\0')) << i;
    }
    for (uint64_t i : {7u, 39u, 1031u, 4071u}) {
        read_page(*m.mem, kArea + i * kPage, absent);
        ASSERT_EQ(absent.size(), 1u) << i;
        EXPECT_EQ(absent[0].end - absent[0].start, kPage) << i;
    }
}

TEST(MemCorpus, LiteralSearchFindsAKnownWordAtItsAddress) {
    OPEN_OR_SKIP(m1, "mem-1", kPid);
    OPEN_OR_SKIP(m2, "mem-2", kPid);
    // Word 5 of page 1234 (unchanged between the dumps) and word 300 of page 1000 (rewritten at gen 1).
    EXPECT_EQ(find_all(*m1.mem, le(word(1234, 5, 0))), (std::vector<uint64_t>{kArea + 1234 * kPage + 5 * 8}));
    EXPECT_EQ(find_all(*m2.mem, le(word(1234, 5, 0))), (std::vector<uint64_t>{kArea + 1234 * kPage + 5 * 8}));
    EXPECT_EQ(find_all(*m1.mem, le(word(1000, 300, 0))), (std::vector<uint64_t>{kArea + 1000 * kPage + 300 * 8}));
    EXPECT_TRUE(find_all(*m1.mem, le(word(1000, 300, 1))).empty());
    EXPECT_TRUE(find_all(*m2.mem, le(word(1000, 300, 0))).empty());
    EXPECT_EQ(find_all(*m2.mem, le(word(1000, 300, 1))), (std::vector<uint64_t>{kArea + 1000 * kPage + 300 * 8}));
}

TEST(MemCorpus, NeedleStraddlingTwoPresentPagesIsFound) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    // The last 4 bytes of page i and the first 4 of page i+1, for pairs where both hold the formula.
    int tried = 0;
    for (uint64_t i : {0u, 40u, 100u, 555u, 2047u, 3000u, 4093u}) {
        ASSERT_EQ(kind(i), Kind::Formula);
        ASSERT_EQ(kind(i + 1), Kind::Formula);
        std::string needle = expected_page(i, 0).substr(kPage - 4) + expected_page(i + 1, 0).substr(0, 4);
        EXPECT_EQ(find_all(*m.mem, needle), (std::vector<uint64_t>{kArea + (i + 1) * kPage - 4})) << "pages " << i << "|" << i + 1;
        ++tried;
    }
    EXPECT_EQ(tried, 7);
}

TEST(MemCorpus, NeedleStraddlingAnAbsentPageIsNotFound) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    for (uint64_t i : {6u, 38u, 1030u, 4070u}) {   // page i+1 (i%32==7) is absent
        ASSERT_EQ(kind(i + 1), Kind::Absent);
        std::string needle = expected_page(i, 0).substr(kPage - 4) + expected_page(i + 2, 0).substr(0, 4);
        EXPECT_TRUE(find_all(*m.mem, needle).empty()) << "pages " << i << " .. " << i + 2;
        // The same bytes as two separate halves exist: each side is in the dump.
        EXPECT_FALSE(find_all(*m.mem, expected_page(i + 2, 0).substr(0, 8)).empty());
    }
}

TEST(MemCorpus, RegexFindsWordsAcrossPageBoundaries) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    // word 511 of page 40 then word 0 of page 41, as one regex with a class in the middle.
    std::string a = le(word(40, 511, 0)), b = le(word(41, 0, 0));
    std::string re = "\\Q" + a.substr(0, 6) + "\\E[\\x00-\\xff]{2}\\Q" + b + "\\E";
    auto p = img::SearchPattern::regex("(?s)" + re);
    ASSERT_TRUE(p.ok()) << p.error().message();
    std::vector<std::pair<uint64_t, uint64_t>> got;
    ASSERT_TRUE(img::search_memory(*m.mem, *p, [&](uint64_t x, uint64_t l) { got.emplace_back(x, l); return true; }).ok());
    EXPECT_EQ(got, (std::vector<std::pair<uint64_t, uint64_t>>{{kArea + 41 * kPage - 8, 16}}));
}

TEST(MemCorpus, HexdumpAcrossAnAbsentPageMarksIt) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    img::HexdumpTextSink sink(nullptr);
    uint64_t start = kArea + 7 * kPage - 32;   // the end of page 6, all of page 7 (absent), the start of page 8
    ASSERT_TRUE(img::hexdump(*m.mem, start, kPage + 64, sink).ok());
    sink.finish(start + kPage + 64);
    const std::string& s = sink.str();
    EXPECT_NE(s.find("7f4a1b595000  <absent: 4096 bytes not in the dump>\n"), std::string::npos) << s;
    EXPECT_EQ(s.rfind("7f4a1b594fe0  ", 0), 0u) << s;
    EXPECT_NE(s.find("\n7f4a1b596000  "), std::string::npos) << s;
    // Page 6 word 508: bytes of (6 << 20) ^ 508 ^ 0x5a5a5a5a00000000 little-endian.
    EXPECT_NE(s.find("7f4a1b594fe0  fc 01 60 00 5a 5a 5a 5a  fd 01 60 00 5a 5a 5a 5a  |..`.ZZZZ..`.ZZZZ|"), std::string::npos) << s;
}

TEST(MemCorpus, ChangedPagesDifferBetweenTheDumpsAndOthersDoNot) {
    OPEN_OR_SKIP(m1, "mem-1", kPid);
    OPEN_OR_SKIP(m2, "mem-2", kPid);
    std::vector<img::AddressSpan> a1, a2;
    int changed = 0, same = 0;
    for (uint64_t i = 0; i < kPages; ++i) {
        bool is_changed = i % 100 == 0;
        if (!is_changed && i % 7 != 3) continue;   // every changed page and a sample of the others
        std::string p1 = read_page(*m1.mem, kArea + i * kPage, a1), p2 = read_page(*m2.mem, kArea + i * kPage, a2);
        EXPECT_EQ(a1.size(), a2.size()) << i;
        if (is_changed) { EXPECT_NE(p1, p2) << "page " << i << " changed at gen 1"; ++changed; }
        else { EXPECT_EQ(p1, p2) << "page " << i << " did not change"; ++same; }
    }
    EXPECT_EQ(changed, 41);
    EXPECT_GT(same, 500);
}

TEST(MemCorpus, SearchDumpAndTheCliGlue) {
    OPEN_OR_SKIP(m, "mem-1", kPid);
    img::MemoryCommand c;
    c.search = le(word(2222, 17, 0));
    c.context = 8;
    char* buf = nullptr;
    size_t len = 0;
    FILE* out = open_memstream(&buf, &len);
    auto r = img::run_memory_command(*m.dump, c, out, nullptr);
    std::fclose(out);
    std::string text(buf, len);
    std::free(buf);
    ASSERT_TRUE(r.ok()) << r.error().message();
    EXPECT_EQ(r->matches, 1u);
    // pid, address, the VMA that holds the area (anonymous, 7f4a1b58d000-7f4a1c591000), escaped bytes.
    EXPECT_EQ(text.rfind("13438  0x7f4a1be3c088  7f4a1b58d000-7f4a1c591000 anon  ", 0), 0u) << text;
    EXPECT_NE(text.find("[\\x11\\x00\\xe0\\x8a"), std::string::npos) << text;

    c = {};
    c.search_regex = "CIMG_SCENARIO=[a-z0-9-]+";
    c.json = true;
    out = open_memstream(&buf, &len);
    r = img::run_memory_command(*m.dump, c, out, nullptr);
    std::fclose(out);
    text.assign(buf, len);
    std::free(buf);
    ASSERT_TRUE(r.ok()) << r.error().message();
    auto j = nlohmann::json::parse(text);
    ASSERT_GE(j["count"].get<uint64_t>(), 1u) << text;
    EXPECT_EQ(j["matches"][0]["match"], "CIMG_SCENARIO=mem") << text;
    EXPECT_EQ(j["matches"][0]["vma"], "[stack]") << text;
}

TEST(FilesCorpus, MemfdPagesComeFromTheShmemPagemap) {
    auto shared = img::test::shared_dir();
    if (!shared) GTEST_SKIP() << img::test::shared_missing_reason();
    auto d = img::Checkpoint::open(*shared + "/criu-images/files");
    ASSERT_TRUE(d.ok()) << d.error().message();
    auto pm = (*d)->shmem_pagemap(128);
    ASSERT_TRUE(pm.ok()) << pm.error().message();
    ASSERT_NE(*pm, nullptr);
    std::string got(15, '\0');
    std::vector<img::AddressSpan> absent;
    ASSERT_TRUE((*pm)->read(0, got.size(), reinterpret_cast<std::byte*>(got.data()), absent).ok());
    EXPECT_TRUE(absent.empty());
    EXPECT_EQ(got, "memfd-contents\n");
    // And the search engine finds it in that object's pages.
    auto p = img::SearchPattern::literal("contents\n");
    ASSERT_TRUE(p.ok());
    std::vector<uint64_t> at;
    img::StreamSearch s(*p, [&](uint64_t a, uint64_t) { at.push_back(a); return true; });
    for (const auto& run : (*pm)->runs()) {
        auto bytes = (*pm)->run_bytes(run);
        ASSERT_TRUE(bytes.ok());
        ASSERT_TRUE(s.feed(run.start, *bytes).ok());
    }
    ASSERT_TRUE(s.finish().ok());
    EXPECT_EQ(at, (std::vector<uint64_t>{6}));
}

}  // namespace
