// run_memory_command, the glue a tool calls for --hexdump / --search /
// --search-regex: option checks, and the text and JSON it prints, on the
// synthetic incremental dump.
#include <gtest/gtest.h>

#include "harness/schema.h"   // before any image header: undoes <signal.h>'s sigmask macro

#include <stdio.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "img/model/checkpoint.h"
#include "common/memory_cli.h"
#include "memory/synthetic_dump.h"

namespace {

using img::test::SyntheticDump;

struct Run {
    bool ok = false;
    std::string out;
    img::Error error;
    img::MemoryCommandResult result;
};

Run run(img::Checkpoint& d, const img::MemoryCommand& c) {
    char* buf = nullptr;
    size_t len = 0;
    FILE* f = open_memstream(&buf, &len);
    auto r = img::run_memory_command(d, c, f, nullptr);
    std::fclose(f);
    Run out;
    out.out.assign(buf, len);
    std::free(buf);
    out.ok = r.ok();
    if (r) out.result = *r;
    else out.error = r.error();
    return out;
}

std::unique_ptr<img::Checkpoint> open(const SyntheticDump& s) {
    auto d = img::Checkpoint::open(s.dir);
    EXPECT_TRUE(d.ok()) << d.error().message();
    return d ? std::move(*d) : nullptr;
}

TEST(MemoryCli, UsageErrors) {
    img::MemoryCommand c;
    EXPECT_FALSE(img::wants_memory_command(c));
    EXPECT_TRUE(img::memory_command_usage_error(c));
    c.search = "x";
    EXPECT_TRUE(img::wants_memory_command(c));
    EXPECT_FALSE(img::memory_command_usage_error(c));
    c.search_regex = "y";
    EXPECT_TRUE(img::memory_command_usage_error(c));
    c = {};
    c.hexdump = "1:10";
    c.context = 4;
    EXPECT_TRUE(img::memory_command_usage_error(c));
    c.context = 0;
    c.json = true;
    EXPECT_FALSE(img::memory_command_usage_error(c));
    EXPECT_EQ(img::memory_progress_stream(c), nullptr) << "never any progress with --json";
}

TEST(MemoryCli, HexdumpTextAndJson) {
    SyntheticDump s;
    auto d = open(s);
    ASSERT_TRUE(d);
    img::MemoryCommand c;
    c.hexdump = "100:16ff0+0x1020";
    auto t = run(*d, c);
    ASSERT_TRUE(t.ok) << t.error.message();
    EXPECT_NE(t.out.find("\n00017000  <absent: 4096 bytes not in the dump>\n00018000  "), std::string::npos) << t.out;
    EXPECT_EQ(t.out.substr(t.out.size() - 9), "00018010\n") << t.out;

    c.json = true;
    auto j = run(*d, c);
    ASSERT_TRUE(j.ok) << j.error.message();
    auto doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["pid"], 100);
    EXPECT_EQ(doc["address"], 0x16ff0);
    EXPECT_EQ(doc["length"], 0x1020);
    ASSERT_EQ(doc["lines"].size(), 3u);
    EXPECT_EQ(doc["lines"][1]["absent"], 4096);
}

TEST(MemoryCli, HexdumpOfAnUnknownTaskOrBadRange) {
    SyntheticDump s;
    auto d = open(s);
    ASSERT_TRUE(d);
    img::MemoryCommand c;
    c.hexdump = "7:10000";
    auto r = run(*d, c);
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.error.message().find("no task 7"), std::string::npos) << r.error.message();
    c.hexdump = "100:xyz";
    r = run(*d, c);
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.error.message().find("PID:ADDR[+LEN]"), std::string::npos) << r.error.message();
}

TEST(MemoryCli, SearchTextAndJson) {
    SyntheticDump s;
    auto d = open(s);
    ASSERT_TRUE(d);
    img::MemoryCommand c;
    c.search_regex = "#id=[0-9]+#";
    auto t = run(*d, c);
    ASSERT_TRUE(t.ok) << t.error.message();
    EXPECT_EQ(t.result.matches, 2u);
    EXPECT_EQ(t.out, "100  0x11ffa  10000-18000 anon  #id=123456#\n100  0x14ffd  10000-18000 anon  #id=77#\n");

    c.context = 3;
    c.json = true;
    auto j = run(*d, c);
    ASSERT_TRUE(j.ok) << j.error.message();
    auto doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["regex"], "#id=[0-9]+#");
    EXPECT_EQ(doc["count"], 2);
    ASSERT_EQ(doc["matches"].size(), 2u);
    const auto& m = doc["matches"][1];
    EXPECT_EQ(m["pid"], 100);
    EXPECT_EQ(m["address"], 0x14ffd);
    EXPECT_EQ(m["length"], 7);
    EXPECT_EQ(m["vma_start"], 0x10000);
    EXPECT_EQ(m["vma_end"], 0x18000);
    EXPECT_EQ(m["vma"], "anon");
    EXPECT_EQ(m["match"], "#id=77#");
    EXPECT_EQ(m["before"].get<std::string>().size() >= 3, true);
    EXPECT_TRUE(m.contains("after"));
}

TEST(MemoryCli, SearchOnePidAndMaxMatches) {
    SyntheticDump s;
    auto d = open(s);
    ASSERT_TRUE(d);
    img::MemoryCommand c;
    c.search = "#id=";
    c.pid = 100;
    c.max_matches = 1;
    auto t = run(*d, c);
    ASSERT_TRUE(t.ok) << t.error.message();
    EXPECT_EQ(t.result.matches, 1u);
    EXPECT_EQ(t.out, "100  0x11ffa  10000-18000 anon  #id=\n");
    c.pid = 5;
    t = run(*d, c);
    ASSERT_FALSE(t.ok);
    EXPECT_NE(t.error.message().find("no task 5"), std::string::npos);
}

}  // namespace
