// StreamSearch and SearchPattern on chunks made up in the test: a match is
// found whatever the chunking of contiguous bytes (down to one byte a chunk),
// never across a gap, never twice, and regexes refuse the empty match.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "img/memory/memory_search.h"

namespace {

using Match = std::pair<uint64_t, uint64_t>;

img::Bytes bytes_of(const std::string& s, size_t off = 0, size_t n = std::string::npos) {
    n = std::min(n, s.size() - off);
    return img::Bytes(reinterpret_cast<const std::byte*>(s.data() + off), n);
}

// Feeds `data` (at address base) cut at the given offsets.
std::vector<Match> run(const img::SearchPattern& p, const std::string& data, uint64_t base, std::vector<size_t> cuts) {
    std::vector<Match> out;
    img::StreamSearch s(p, [&](uint64_t a, uint64_t l) { out.emplace_back(a, l); return true; });
    cuts.push_back(data.size());
    size_t at = 0;
    for (size_t c : cuts) {
        if (c <= at) continue;
        auto r = s.feed(base + at, bytes_of(data, at, c - at));
        EXPECT_TRUE(r.ok()) << r.error().message();
        at = c;
    }
    auto r = s.finish();
    EXPECT_TRUE(r.ok()) << r.error().message();
    return out;
}

// Non-overlapping occurrences, left to right.
std::vector<Match> naive(const std::string& data, const std::string& needle, uint64_t base) {
    std::vector<Match> out;
    for (size_t pos = 0; (pos = data.find(needle, pos)) != std::string::npos; pos += needle.size())
        out.emplace_back(base + pos, needle.size());
    return out;
}

std::string random_bytes(size_t n, uint32_t seed, int alphabet = 256) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng() % alphabet);
    return s;
}

img::SearchPattern literal(const std::string& s) {
    auto p = img::SearchPattern::literal(s);
    EXPECT_TRUE(p.ok());
    return std::move(*p);
}

img::SearchPattern regex(const std::string& s) {
    auto p = img::SearchPattern::regex(s);
    EXPECT_TRUE(p.ok()) << p.error().message();
    return std::move(*p);
}

TEST(LiteralSearch, FindsEveryOccurrenceWhateverTheChunking) {
    // Needles of many lengths, planted in random bytes, some at chunk edges; chunks from 1 byte to
    // bigger than the vector loop's stride.
    for (size_t len : {1u, 2u, 3u, 7u, 8u, 16u, 31u, 32u, 33u, 100u, 5000u}) {
        std::string data = random_bytes(20000, static_cast<uint32_t>(len), 200);
        std::string needle = random_bytes(len, 1000 + static_cast<uint32_t>(len));
        needle[0] = static_cast<char>(0xf0);   // outside the filler's alphabet: no accidental hits
        for (size_t at : {size_t{0}, size_t{4093}, size_t{4094}, 8192 - len / 2, size_t{12000}}) data.replace(std::min(at, data.size() - len), len, needle);
        data.replace(data.size() - len, len, needle);
        const auto expect = naive(data, needle, 0x7000);
        ASSERT_GE(expect.size(), 2u) << len;
        auto p = literal(needle);
        EXPECT_EQ(run(p, data, 0x7000, {}), expect) << "one chunk, needle " << len;
        EXPECT_EQ(run(p, data, 0x7000, {4096, 8192, 12288, 16384}), expect) << "pages, needle " << len;
        std::vector<size_t> tiny;
        for (size_t i = 1; i < data.size(); i += 1 + i % 3) tiny.push_back(i);
        EXPECT_EQ(run(p, data, 0x7000, tiny), expect) << "1-3 byte chunks, needle " << len;
    }
}

TEST(LiteralSearch, MatchesDoNotOverlapAcrossChunks) {
    std::string data(10, 'a');
    auto p = literal("aaa");
    EXPECT_EQ(run(p, data, 0, {}), (std::vector<Match>{{0, 3}, {3, 3}, {6, 3}}));
    EXPECT_EQ(run(p, data, 0, {1, 2, 4, 5, 7}), (std::vector<Match>{{0, 3}, {3, 3}, {6, 3}}));
}

TEST(LiteralSearch, NoMatchAcrossAGap) {
    auto p = literal("ABCD");
    std::vector<Match> out;
    img::StreamSearch s(p, [&](uint64_t a, uint64_t l) { out.emplace_back(a, l); return true; });
    std::string a = "xxAB", b = "CDxx";
    ASSERT_TRUE(s.feed(0x1000, bytes_of(a)).ok());
    ASSERT_TRUE(s.feed(0x2000, bytes_of(b)).ok());   // 0x1004 would continue; 0x2000 does not
    ASSERT_TRUE(s.finish().ok());
    EXPECT_TRUE(out.empty());
    ASSERT_TRUE(s.feed(0x3000, bytes_of(a)).ok());
    ASSERT_TRUE(s.feed(0x3004, bytes_of(b)).ok());
    ASSERT_TRUE(s.finish().ok());
    EXPECT_EQ(out, (std::vector<Match>{{0x3002, 4}}));
}

TEST(LiteralSearch, StopsWhenAsked) {
    std::string data(100, 'z');
    auto p = literal("z");
    int n = 0;
    img::StreamSearch s(p, [&](uint64_t, uint64_t) { return ++n < 5; });
    auto r = s.feed(0, bytes_of(data));
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(*r);
    EXPECT_EQ(n, 5);
}

TEST(LiteralSearch, EmptyNeedleIsRefused) { EXPECT_FALSE(img::SearchPattern::literal("").ok()); }

TEST(RegexSearch, FindsMatchesAcrossChunks) {
    std::string data = random_bytes(30000, 7, 26);   // lowercase-ish filler, no digits, no '#'
    for (auto& c : data) c = static_cast<char>('a' + (static_cast<unsigned char>(c) % 26));
    const std::vector<std::pair<size_t, std::string>> planted = {
        {100, "#id=12345#"}, {4090, "#id=987654321#"}, {8190, "#id=7#"}, {29990, "#id=4242#"}};
    for (const auto& [at, s] : planted) data.replace(at, s.size(), s);
    std::vector<Match> expect;
    for (const auto& [at, s] : planted) expect.emplace_back(0x400000 + at, s.size());
    auto p = regex("#id=[0-9]+#");
    EXPECT_EQ(run(p, data, 0x400000, {}), expect);
    EXPECT_EQ(run(p, data, 0x400000, {4096, 8192, 12288}), expect);
    std::vector<size_t> tiny;
    for (size_t i = 1; i < data.size(); i += 1 + i % 5) tiny.push_back(i);
    EXPECT_EQ(run(p, data, 0x400000, tiny), expect);
}

TEST(RegexSearch, GreedyMatchIsTheSameWhateverTheChunking) {
    // "x+" must give one long match, not one per chunk.
    std::string data = "..xxxxxxxxxxxxxxxxxxxx..x.";
    auto p = regex("x+");
    const std::vector<Match> expect = {{2, 20}, {24, 1}};
    EXPECT_EQ(run(p, data, 0, {}), expect);
    EXPECT_EQ(run(p, data, 0, {3, 5, 8, 13, 21, 22, 23, 24, 25}), expect);
}

TEST(RegexSearch, CaretAnchorsOnlyAtTheStartOfContiguousBytes) {
    auto p = regex("^ab");
    std::string data = "abab";
    EXPECT_EQ(run(p, data, 0, {2}), (std::vector<Match>{{0, 2}}));
}

TEST(RegexSearch, BinaryBytesAndEscapes) {
    std::string data("\x01\x00\xff\xfe\x00\x10", 6);
    auto p = regex("\\xff\\xfe\\x00");
    EXPECT_EQ(run(p, data, 0x10, {3}), (std::vector<Match>{{0x12, 3}}));
}

TEST(RegexSearch, RefusesEmptyMatchesAndBadPatterns) {
    for (const char* re : {"a*", "", "x?", "^", "(?:)"}) {
        auto p = img::SearchPattern::regex(re);
        EXPECT_FALSE(p.ok()) << re;
    }
    auto bad = img::SearchPattern::regex("(unclosed");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().what.find("offset"), std::string::npos) << bad.error().what;
}

TEST(EscapeBytes, ShowsTextAndEscapesTheRest) {
    EXPECT_EQ(img::escape_bytes(std::string("ab\n\t\\\x00\xff", 7)), "ab\\n\\t\\\\\\x00\\xff");
}

}  // namespace
