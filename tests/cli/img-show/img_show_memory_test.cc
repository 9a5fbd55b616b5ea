// img-show --hexdump / --search / --search-regex on real captures (the bundled
// sleep dump, and shared/criu-images when present): output, JSON, exit codes
// (0 found, 1 nothing found, 2 usage or unreadable), usage errors.
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "harness/paths.h"
#include "harness/process.h"
#include "img_show_run.h"

namespace {

using img::test::show::sleep_dir;
using img::test::show::show_run;

using json = nlohmann::json;
using img::test::RunResult;

constexpr uint32_t kSleepPid = 13181;   // testdata/captured/sleep/README.md

std::string fmt_hex(uint64_t v) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}



TEST(ImgShowMemory, SearchFindsTheScenarioVariableAndExitsZero) {
    auto r = show_run({"--search", "CIMG_SCENARIO=sleep", sleep_dir()});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find(std::to_string(kSleepPid) + "  0x"), std::string::npos) << r;
    EXPECT_NE(r.out.find("CIMG_SCENARIO=sleep"), std::string::npos) << r;
    EXPECT_NE(r.out.find("[stack]"), std::string::npos) << "the environment lives on the stack\n" << r;
    EXPECT_EQ(r.err, "") << "no progress line into a pipe";
}

TEST(ImgShowMemory, SearchWithoutMatchesExitsOneLikeGrep) {
    auto r = show_run({"--search", "no such bytes in this dump 1b7f3e", sleep_dir()});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_EQ(r.out, "") << r;
    auto j = show_run({"--json", "--search", "no such bytes in this dump 1b7f3e", sleep_dir()});
    EXPECT_EQ(j.exit_code, 1) << j;
    EXPECT_EQ(json::parse(j.out)["count"], 0) << j;
}

TEST(ImgShowMemory, SearchJsonParsesAndHexdumpShowsTheSameBytes) {
    auto r = show_run({"--json", "--search", "CIMG_SCENARIO=", "--context", "4", sleep_dir()});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    EXPECT_EQ(j["search"], "CIMG_SCENARIO=");
    ASSERT_GE(j["count"].get<int>(), 1) << j;
    ASSERT_EQ(j["matches"].size(), j["count"].get<size_t>());
    const json& m = j["matches"][0];
    EXPECT_EQ(m["pid"], kSleepPid);
    EXPECT_EQ(m["match"], "CIMG_SCENARIO=");
    EXPECT_TRUE(m.contains("before") && m.contains("after")) << m;
    EXPECT_EQ(m["after"], "slee") << m;
    uint64_t addr = m["address"];

    auto h = show_run({"--hexdump", std::to_string(kSleepPid) + ":" + fmt_hex(addr) + "+32", sleep_dir()});
    ASSERT_EQ(h.exit_code, 0) << h;
    EXPECT_NE(h.out.find("|CIMG_SCENARIO=sl"), std::string::npos) << h;

    auto hj = show_run({"--json", "--hexdump", std::to_string(kSleepPid) + ":" + fmt_hex(addr) + "+16", sleep_dir()});
    ASSERT_EQ(hj.exit_code, 0) << hj;
    json d = json::parse(hj.out);
    EXPECT_EQ(d["pid"], kSleepPid);
    EXPECT_EQ(d["address"], addr);
    EXPECT_EQ(d["length"], 16);
    EXPECT_FALSE(d["lines"].empty()) << d;
}

TEST(ImgShowMemory, RegexPidAndMaxMatches) {
    auto all = show_run({"--json", "--search-regex", "(PATH|HOME|LANG|TERM)=[^\\x00]*", sleep_dir()});
    ASSERT_EQ(all.exit_code, 0) << all;
    json j = json::parse(all.out);
    EXPECT_TRUE(j.contains("regex")) << j;
    ASSERT_GE(j["count"].get<int>(), 4) << j;
    bool home = false;
    for (const auto& m : j["matches"]) home = home || m["match"] == "HOME=/srv/cimg";
    EXPECT_TRUE(home) << j;

    auto one = show_run({"--json", "--search-regex", "(PATH|HOME|LANG|TERM)=[^\\x00]*", "--max-matches", "1",
                         "--pid", std::to_string(kSleepPid), sleep_dir()});
    ASSERT_EQ(one.exit_code, 0) << one;
    EXPECT_EQ(json::parse(one.out)["count"], 1) << one;

    auto other = show_run({"--search", "HOME=", "--pid", "1", sleep_dir()});
    EXPECT_EQ(other.exit_code, 2) << "no task 1 in the dump\n" << other;
}

TEST(ImgShowMemory, HexdumpOfUnmappedMemoryMarksItAbsent) {
    auto r = show_run({"--hexdump", std::to_string(kSleepPid) + ":0x1000+32", sleep_dir()});
    ASSERT_EQ(r.exit_code, 0) << r;
    EXPECT_NE(r.out.find("absent"), std::string::npos) << r;
}

TEST(ImgShowMemory, UsageErrorsExitTwo) {
    const std::vector<std::vector<std::string>> bad = {
        {"--search", "x", "--search-regex", "y"},                            // two commands at once
        {"--hexdump", "1:0", "--search", "x"},
        {"--context", "8"},                                                  // context without a search
        {"--max-matches", "3"},
        {"--hexdump", std::to_string(kSleepPid) + ":0x1000", "--context", "8"},
        {"--hexdump", "not-a-spec"},
        {"--search-regex", "("},                                             // a bad pattern
        {"--search", "x", "--view", "ps"},
        {"--search", "x", "--info"},
    };
    for (auto args : bad) {
        args.push_back(sleep_dir());
        auto r = show_run(args);
        EXPECT_EQ(r.exit_code, 2) << r;
        EXPECT_NE(r.err.find("img-show: "), std::string::npos) << r;
        EXPECT_EQ(r.out, "") << r;
    }
}

// A bad memory range or pattern is the option's fault: the message names the option, never a
// made-up "<input>" (nor the dump, which is fine).
TEST(ImgShowMemory, BadRangeOrPatternNamesTheOption) {
    auto r = show_run({"--hexdump", "1:zz", sleep_dir()});
    EXPECT_EQ(r.exit_code, 2) << r;
    EXPECT_EQ(r.err, "img-show: --hexdump: bad memory range '1:zz': address 'zz' is not a hex number "
                     "(expected PID:ADDR[+LEN], e.g. 42:7f4a1b58e000+4096)\n");
    auto p = show_run({"--search-regex", "(", sleep_dir()});
    EXPECT_EQ(p.exit_code, 2) << p;
    EXPECT_EQ(p.err, "img-show: --search-regex: bad regular expression at offset 1: missing closing parenthesis\n");
    auto d = img::test::run({img::test::tool_path("img-diff"), "--hexdiff", "1:zz", sleep_dir(), sleep_dir()});
    EXPECT_EQ(d.exit_code, 2) << d;
    EXPECT_EQ(d.err.rfind("img-diff: --hexdiff: bad memory range '1:zz'", 0), 0u) << d;
}

TEST(ImgShowMemory, SearchOnAnImageFileOrMissingDumpExitsTwo) {
    auto f = show_run({"--search", "x", sleep_dir() + "/core-13181.img"});
    EXPECT_EQ(f.exit_code, 2) << f;
    auto m = show_run({"--search", "x", sleep_dir() + "/does-not-exist"});
    EXPECT_EQ(m.exit_code, 2) << m;
    EXPECT_NE(m.err.find("does-not-exist"), std::string::npos) << m;
}

TEST(ImgShowMemory, HelpDocumentsCommandsAndExitCodes) {
    auto r = show_run({"--help"});
    ASSERT_EQ(r.exit_code, 0) << r;
    for (const char* s : {"--hexdump", "--search ", "--search-regex", "--context", "--max-matches", "PID:ADDR[+LEN]",
                          "found nothing", "img-show --search"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

// The real mem-1 dump (shared corpus): a word of bigmem.c's formula area, and crossing absent pages.
TEST(ImgShowMemory, Mem1FormulaWordAtItsAddress) {
    auto shared = img::test::shared_dir();
    if (!shared) GTEST_SKIP() << img::test::shared_missing_reason();
    const std::string dir = *shared + "/criu-images/mem-1";
    // Word 5 of page 1234 of the area at 0x7f4a1b58e000: 0x5a5a5a5a00000000 ^ (1234 << 20) ^ 5, little-endian.
    auto r = show_run({"--json", "--search-regex", "\\x05\\x00\\x20\\x4d\\x5a\\x5a\\x5a\\x5a", dir});
    ASSERT_EQ(r.exit_code, 0) << r;
    json j = json::parse(r.out);
    ASSERT_EQ(j["count"], 1) << j;
    EXPECT_EQ(j["matches"][0]["address"].get<uint64_t>(), 0x7f4a1b58e000ull + 1234 * 4096 + 5 * 8);
    // Page 7 of the area was never touched: absent in the hexdump, not zeros.
    auto h = show_run({"--hexdump", "13438:0x7f4a1b595000+4096", dir});
    ASSERT_EQ(h.exit_code, 0) << h;
    EXPECT_NE(h.out.find("absent"), std::string::npos) << h;
}

}  // namespace
